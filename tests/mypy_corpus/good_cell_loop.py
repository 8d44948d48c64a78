"""A GRUCell unrolled by hand."""
import torch
from torch import nn


class Unrolled(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.cell = nn.GRUCell(10, 20)
        self.head = nn.Linear(20, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xs = torch.randn(6, 3, 10)
        h = torch.zeros(3, 20)
        for t in range(6):
            h = self.cell(xs[t], h)
        return self.head(h)
