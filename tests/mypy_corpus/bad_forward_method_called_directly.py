"""Calling forward directly does not escape the contract."""
import torch
from torch import nn

gru = nn.GRU(8, 16, num_layers=2)


def run() -> None:
    x = torch.randn(3, 2, 8)
    gru.forward(x, torch.zeros(2, 3, 16))  # E: shape "batch=2"
