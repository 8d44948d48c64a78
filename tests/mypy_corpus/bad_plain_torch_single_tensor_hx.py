"""Plain torch.nn.LSTM with a single tensor as hx."""
import torch
from torch import nn

lstm = nn.LSTM(10, 20)


def run() -> None:
    x = torch.randn(7, 3, 10)
    h0 = torch.zeros(1, 3, 20)
    lstm(x, h0)  # E: shape "hx expected a tuple"
