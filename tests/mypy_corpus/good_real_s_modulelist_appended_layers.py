"""Stacked GRU encoder whose ModuleList grows with append: after it changes, its last layer is not the first."""
import torch
import torch.nn as nn


class StackedEncoder(nn.Module):
    def __init__(self, input_size, hidden_size, n_layers):
        super().__init__()
        self.layers = nn.ModuleList([nn.GRU(input_size, hidden_size)])
        for _ in range(n_layers - 1):
            self.layers.append(nn.GRU(hidden_size, hidden_size))
        self.out = nn.Linear(hidden_size, input_size)

    def forward(self, x):
        first, _ = self.layers[0](x)
        last, _ = self.layers[-1](first)
        return self.out(last)


if __name__ == "__main__":
    encoder = StackedEncoder(input_size=3, hidden_size=5, n_layers=2)
    print(encoder(torch.randn(6, 2, 3)).shape)
