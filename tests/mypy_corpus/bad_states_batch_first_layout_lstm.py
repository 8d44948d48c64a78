"""batch_first=True, and the states were built batch-first as well."""
import torch
from torch import nn


class Encoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.lstm = nn.LSTM(50, 100, num_layers=2, batch_first=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        tokens = torch.randn(3, 10, 50)
        h0 = torch.zeros(3, 2, 100)
        c0 = torch.zeros(3, 2, 100)
        out, _ = self.lstm(tokens, (h0, c0))  # E: shape "batch_first"
        return out
