"""A name checked against a set of literals is one of them past the check."""
import torch
from torch import nn


def encode(rnn_type: str, x: torch.Tensor) -> torch.Tensor:
    if rnn_type not in {"LSTM", "GRU"}:
        raise ValueError(f"unsupported rnn_type {rnn_type}")
    rnn = getattr(nn, rnn_type)(4, 8)
    h0 = torch.zeros(1, 2, 8)
    out, _ = rnn(x, (h0, h0))  # E: shape "hx expected"  # N: when rnn_type is 'GRU':
    return out
