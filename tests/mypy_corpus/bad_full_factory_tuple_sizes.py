"""States built with torch.full and a size tuple of the wrong width."""
import torch
from torch import nn

rnn = nn.RNN(10, 20, num_layers=2)


def run() -> None:
    x = torch.ones((5, 3, 10))
    h0 = torch.full((2, 3, 10), 0.5)
    rnn(x, h0)  # E: shape "hidden=20"
