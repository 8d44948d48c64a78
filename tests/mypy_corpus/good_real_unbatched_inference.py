"""Unbatched inference: a 2-D sequence with 2-D states, as torch allows."""
import torch
import torch.nn as nn


class Smoother(nn.Module):
    def __init__(self, n_channels, hidden_size, num_layers):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.gru = nn.GRU(n_channels, hidden_size, num_layers)
        self.out = nn.Linear(hidden_size, n_channels)

    def forward(self, signal):
        h0 = torch.zeros(self.num_layers, self.hidden_size)
        out, h_n = self.gru(signal, h0)
        return self.out(out)


if __name__ == "__main__":
    model = Smoother(n_channels=3, hidden_size=5, num_layers=2)
    print(model(torch.randn(12, 3)).shape)
