"""A single feature vector sent into a sequence module."""
import torch
from torch import nn

rnn = nn.RNN(10, 20)


def run() -> None:
    features = torch.randn(10)
    rnn(features)  # E: shape "got 1-D"
