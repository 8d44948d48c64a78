"""A name compared with one literal: that member is checked, and any other is left alone."""
import torch
from torch import nn


def build(cell: str) -> nn.Module:
    if cell == "gru":
        return nn.GRU(4, 8)
    return nn.LSTM(4, 8)


def step(cell: str) -> None:
    rnn = build(cell)
    out, h_n = rnn(torch.randn(5, 2, 4))
    h_n.squeeze(0)  # E: shape "is a tuple"  # N: when cell is not 'gru':
