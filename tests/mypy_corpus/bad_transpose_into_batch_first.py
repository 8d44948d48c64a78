"""Transposing to sequence-major before a batch_first model."""
import torch
from torch import nn

lstm = nn.LSTM(50, 100, batch_first=True)


def run() -> None:
    x = torch.randn(4, 25, 50)
    h0 = torch.zeros(1, 4, 100)
    lstm(x.transpose(0, 1), (h0, h0))  # E: shape "batch=25"
