"""States sized for a bidirectional module that is not bidirectional."""
import torch
from torch import nn


class Tagger(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.rnn = nn.LSTM(50, 100, num_layers=3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch = torch.randn(12, 16, 50)
        h0 = torch.zeros(6, 16, 100)
        c0 = torch.zeros(6, 16, 100)
        out, _ = self.rnn(batch, (h0, c0))  # E: shape "h0 expected"
        return out
