"""A bidirectional GRU whose initial state has one row per layer only."""
import torch
from torch import nn

gru = nn.GRU(32, 64, num_layers=2, bidirectional=True)


def run() -> None:
    x = torch.randn(15, 4, 32)
    h0 = torch.zeros(2, 4, 64)
    out, h_n = gru(x, h0)  # E: shape "layers×dirs=4"
