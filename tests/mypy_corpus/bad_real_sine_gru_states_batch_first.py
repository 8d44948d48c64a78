"""Sine-wave GRU with literal sizes: the initial state is laid out (batch, layers, hidden)."""
import numpy as np
import torch
import torch.nn as nn


class SineGRU(nn.Module):
    def __init__(self):
        super(SineGRU, self).__init__()
        self.gru = nn.GRU(1, 24, 3, batch_first=True)
        self.linear = nn.Linear(24, 1)

    def forward(self, input):
        inputs = input.view(8, 40, 1)
        h_0 = torch.zeros(8, 3, 24, dtype=torch.double)
        output, h_n = self.gru(inputs, h_0)  # E: shape "h0 expected"
        return self.linear(output).squeeze(2)


if __name__ == "__main__":
    np.random.seed(0)
    x = np.array(range(40)) + np.random.randint(-4, 4, (8, 1))
    data = torch.from_numpy(np.sin(x / 1.0 / 20))
    model = SineGRU().double()
    pred = model(data)
