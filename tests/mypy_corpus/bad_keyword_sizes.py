"""Sizes given as keywords are read as sizes: a tensor built too narrow is caught."""
import torch
from torch import nn

head = nn.Linear(4, 2)


def run() -> None:
    head(torch.randn(size=(3, 5)))  # E: shape "in_features=4), got (3, 5)"
    head(torch.randn(5, 3, 4).flatten(start_dim=1))  # E: shape "got (5, 12)"
