"""Sizes read off the input with x.size() and x.shape, states built from them."""
import torch
import torch.nn as nn


class TrafficModel(nn.Module):
    def __init__(self, n_sensors, hidden_size, num_layers=2):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.gru = nn.GRU(n_sensors, hidden_size, num_layers, batch_first=True)
        self.out = nn.Linear(hidden_size, n_sensors)

    def forward(self, x):
        batch_size, seq_len = x.size(0), x.shape[1]
        h = x.new_zeros(self.num_layers, batch_size, self.hidden_size)
        out, h = self.gru(x, h)
        return self.out(out.reshape(batch_size * seq_len, -1)).view(batch_size, seq_len, -1)


if __name__ == "__main__":
    print(TrafficModel(5, 8)(torch.randn(3, 12, 5)).shape)
