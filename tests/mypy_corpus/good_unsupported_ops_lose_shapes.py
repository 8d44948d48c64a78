"""Operations the plugin does not model make shapes unknown, not wrong."""
import torch
from torch import nn

gru = nn.GRU(20, 40)


def run() -> None:
    a = torch.randn(5, 3, 10)
    b = torch.randn(5, 3, 10)
    x = torch.cat([a, b], dim=2)
    gru(x)
    y = torch.randn(5, 3, 10).repeat(1, 1, 2)
    gru(y)
    z = torch.randn(5, 3, 10)
    gru(z.expand(5, 3, 20))
