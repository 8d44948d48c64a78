"""An LSTMCell loop whose cell state has the wrong width."""
import torch
from torch import nn

cell = nn.LSTMCell(32, 64)


def unroll() -> torch.Tensor:
    inputs = torch.randn(12, 5, 32)
    h = torch.zeros(5, 64)
    c = torch.zeros(5, 32)
    for t in range(12):
        h, c = cell(inputs[t], (h, c))  # E: shape "c expected"
    return h
