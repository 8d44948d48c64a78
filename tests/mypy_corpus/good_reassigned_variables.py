"""Variables reassigned with different shapes, in branches and loops."""
import torch
from torch import nn

lstm = nn.LSTM(4, 8)


def run(flag: bool) -> None:
    x = torch.randn(3, 2, 5)
    x = torch.randn(3, 2, 4)
    lstm(x)
    if flag:
        y = torch.randn(3, 2, 4)
    else:
        y = torch.randn(9, 2, 4)
    lstm(y)
    z = torch.randn(7, 2, 9)
    for _ in range(2):
        z = torch.randn(7, 2, 4)
    lstm(z)
