"""A language model with explicit initial states."""
import torch
from torch import nn


class LanguageModel(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.embed = nn.Embedding(10000, 200)
        self.lstm = nn.LSTM(200, 200, num_layers=2, dropout=0.2)
        self.decoder = nn.Linear(200, 10000)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        x = torch.randn(35, 20, 200)
        h0 = torch.zeros(2, 20, 200)
        c0 = torch.zeros(2, 20, 200)
        out, (h_n, c_n) = self.lstm(x, (h0, c0))
        return self.decoder(out)
