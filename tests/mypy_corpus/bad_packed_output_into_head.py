"""Unpacking the output and feeding a head sized for the input width."""
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

lstm = nn.LSTM(40, 64, bidirectional=True)
head = nn.Linear(64, 3)


def run(lengths: torch.Tensor) -> torch.Tensor:
    padded = torch.randn(30, 8, 40)
    packed_out, _ = lstm(pack_padded_sequence(padded, lengths))
    out, _ = pad_packed_sequence(packed_out)
    return head(out)  # E: shape "in_features=64"
