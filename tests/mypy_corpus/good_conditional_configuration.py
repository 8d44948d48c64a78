"""A module whose configuration depends on a constructor argument."""
import torch
from torch import nn


class Encoder(nn.Module):
    def __init__(self, bidirectional: bool) -> None:
        super().__init__()
        if bidirectional:
            self.rnn = nn.LSTM(10, 20, bidirectional=True)
            self.head = nn.Linear(40, 2)
        else:
            self.rnn = nn.LSTM(10, 20)
            self.head = nn.Linear(20, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(torch.randn(5, 3, 10))
        return self.head(out)
