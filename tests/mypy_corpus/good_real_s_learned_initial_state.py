"""Forecaster with a learned initial state, expanded over the batch along h0's batch axis."""
import torch
import torch.nn as nn


class LearnedInitGRU(nn.Module):
    def __init__(self, n_features, hidden_size, num_layers):
        super().__init__()
        self.gru = nn.GRU(n_features, hidden_size, num_layers, batch_first=True)
        self.h0 = nn.Parameter(torch.zeros(num_layers, 1, hidden_size))
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x):
        h0 = self.h0.expand(-1, x.size(0), -1).contiguous()
        out, _ = self.gru(x, h0)
        return self.head(out[:, -1])


if __name__ == "__main__":
    model = LearnedInitGRU(n_features=3, hidden_size=7, num_layers=2)
    print(model(torch.randn(4, 12, 3)).shape)
