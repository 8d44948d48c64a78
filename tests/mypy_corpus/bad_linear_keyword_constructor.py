"""Keyword arguments in the constructor, a mismatched head."""
import torch
from torch import nn

encoder = nn.RNN(input_size=10, hidden_size=30, num_layers=1, nonlinearity="relu")
head = nn.Linear(in_features=20, out_features=1)


def run() -> torch.Tensor:
    out, h_n = encoder(torch.randn(50, 2, 10))
    return head(out)  # E: shape "in_features=20"
