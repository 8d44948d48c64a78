"""A GRUCell stepped with inputs of the wrong width."""
import torch
from torch import nn

cell = nn.GRUCell(20, 40)


def step() -> torch.Tensor:
    x = torch.randn(8, 10)
    h = torch.zeros(8, 40)
    return cell(x, h)  # E: shape "input expected (batch=8, input=20), got (8, 10)"
