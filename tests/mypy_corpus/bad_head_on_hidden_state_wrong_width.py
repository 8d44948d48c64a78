"""A head that expects the input width instead of the hidden width."""
import torch
from torch import nn

rnn = nn.LSTM(64, 256, num_layers=2)
head = nn.Linear(64, 10)


def predict() -> torch.Tensor:
    x = torch.randn(25, 8, 64)
    _, (h_n, _) = rnn(x)
    return head(h_n[-1])  # E: shape "in_features=64"
