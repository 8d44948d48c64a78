"""Encoder that separates layers and directions with h_n.view before taking the top layer."""
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers, bidirectional=True):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.num_directions = 2 if bidirectional else 1
        self.gru = nn.GRU(input_size, hidden_size, num_layers, bidirectional=bidirectional)
        self.bridge = nn.Linear(hidden_size * self.num_directions, hidden_size)

    def forward(self, src):
        outputs, h_n = self.gru(src)
        batch = src.size(1)
        h_n = h_n.view(self.num_layers, self.num_directions, batch, self.hidden_size)
        top = h_n[-1].transpose(0, 1).reshape(batch, -1)
        return outputs, torch.tanh(self.bridge(top))


if __name__ == "__main__":
    encoder = Encoder(input_size=5, hidden_size=6, num_layers=2)
    outputs, state = encoder(torch.randn(8, 3, 5))
