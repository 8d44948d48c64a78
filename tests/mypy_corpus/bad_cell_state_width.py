"""An RNNCell whose state has the input's width."""
import torch
import typedrnn

cell = typedrnn.RNNCell(20, 40)


def step() -> torch.Tensor:
    x = torch.randn(8, 20)
    h = torch.zeros(8, 20)
    return cell(x, h)  # E: shape "hidden=40"
