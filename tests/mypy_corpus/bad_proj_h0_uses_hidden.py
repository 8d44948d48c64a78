"""An LSTM with proj_size whose h0 has the hidden width."""
import torch
from torch import nn

lstm = nn.LSTM(80, 512, proj_size=128)


def step() -> None:
    x = torch.randn(10, 4, 80)
    h0 = torch.zeros(1, 4, 512)
    c0 = torch.zeros(1, 4, 512)
    lstm(x, (h0, c0))  # E: shape "proj=128"
