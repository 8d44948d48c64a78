"""Plain torch.nn.GRU with an (h, c) pair as hx."""
import torch
from torch import nn

gru = nn.GRU(10, 20)


def run() -> None:
    x = torch.randn(7, 3, 10)
    h0 = torch.zeros(1, 3, 20)
    gru(x, (h0, h0))  # E: shape "hx expected a single Tensor"
