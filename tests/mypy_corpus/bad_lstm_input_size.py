"""A sentiment model whose embedding width does not match the LSTM's input_size."""
import torch
from torch import nn


class Sentiment(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.embed = nn.Embedding(5000, 64)
        self.lstm = nn.LSTM(100, 128, batch_first=True)
        self.head = nn.Linear(128, 2)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        x = torch.randn(32, 20, 64)
        out, (h, c) = self.lstm(x)  # E: shape "input expected"
        return self.head(h[-1])
