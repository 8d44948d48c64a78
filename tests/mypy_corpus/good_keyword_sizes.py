"""Sizes given as keywords, and a flatten from dim 1: all correct, nothing to report."""
import torch
from torch import nn

head = nn.Linear(4, 2)
wide = nn.Linear(12, 2)


def run(x: torch.Tensor) -> None:
    head(torch.randn(size=(3, 4)))
    head(torch.zeros(size=(5, 4)))
    head(torch.ones(size=[2, 4]))
    head(torch.empty(size=(7, 4)))
    head(torch.rand(size=(6, 4)))
    head(torch.full(size=(3, 4), fill_value=0.5))
    head(torch.randn(3, 4).reshape(shape=(-1, 4)))
    head(torch.randn(3, 4).view(size=(3, 4)))
    wide(torch.randn(5, 3, 4).flatten(start_dim=1))
