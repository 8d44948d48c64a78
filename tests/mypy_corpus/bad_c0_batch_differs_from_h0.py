"""h0 and c0 built for different batch sizes."""
import torch
from torch import nn

lstm = nn.LSTM(8, 16)


def forward_pass() -> None:
    x = torch.randn(5, 3, 8)
    state = (torch.zeros(1, 3, 16), torch.zeros(1, 4, 16))
    lstm(x, state)  # E: shape "c0 expected"
