"""Tracking filter on typedrnn: a GRU over sensor readings is given a tuple state."""
import torch
from torch import nn

import typedrnn


class TrackFilter(nn.Module):
    def __init__(self, n_sensors, hidden_size, num_layers):
        super().__init__()
        self.num_layers = num_layers
        self.hidden_size = hidden_size
        self.gru = typedrnn.GRU(n_sensors, hidden_size, num_layers)
        self.to_position = typedrnn.Linear(hidden_size, 2)

    def initial_state(self, batch):
        zeros = torch.zeros(self.num_layers, batch, self.hidden_size)
        return (zeros, zeros.clone())

    def forward(self, readings):
        state = self.initial_state(readings.size(1))
        out, state = self.gru(readings, state)  # E: shape "hx expected"
        return self.to_position(out)


if __name__ == "__main__":
    model = TrackFilter(n_sensors=3, hidden_size=5, num_layers=2)
    positions = model(torch.randn(10, 4, 3))
