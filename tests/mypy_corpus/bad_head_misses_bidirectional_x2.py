"""A classifier head sized for one direction after a bidirectional LSTM."""
import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.lstm = nn.LSTM(300, 128, bidirectional=True, batch_first=True)
        self.head = nn.Linear(128, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        embedded = torch.randn(16, 40, 300)
        out, _ = self.lstm(embedded)
        return self.head(out[:, -1, :])  # E: shape "in_features=128), got (16, 256)"
