"""Forecaster with a learned initial state, expanded to the batch along the wrong axis for h0."""
import torch
import torch.nn as nn


class LearnedInitGRU(nn.Module):
    def __init__(self, n_features, hidden_size, num_layers):
        super().__init__()
        self.gru = nn.GRU(n_features, hidden_size, num_layers, batch_first=True)
        self.h0 = nn.Parameter(torch.zeros(1, num_layers, hidden_size))
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x):
        h0 = self.h0.expand(x.size(0), -1, -1).contiguous()
        out, _ = self.gru(x, h0)  # R: torch raises here
        return self.head(out[:, -1])


if __name__ == "__main__":
    model = LearnedInitGRU(n_features=3, hidden_size=7, num_layers=2)
    y = model(torch.randn(4, 12, 3))  # E: shape "h0 expected"
