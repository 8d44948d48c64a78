"""Projected typedrnn.LSTM with correctly sized states: h0 at the projection, c0 at the cell."""
import torch
import torch.nn as nn

import typedrnn


class ProjectedEncoder(nn.Module):
    def __init__(self, n_mels, cell_size, proj_size, num_layers):
        super().__init__()
        self.cell_size = cell_size
        self.proj_size = proj_size
        self.num_layers = num_layers
        self.lstm = typedrnn.LSTM(n_mels, cell_size, num_layers, batch_first=True, proj_size=proj_size)
        self.embed = typedrnn.Linear(proj_size, proj_size)

    def forward(self, mels):
        batch = mels.size(0)
        h0 = mels.new_zeros(self.num_layers, batch, self.proj_size)
        c0 = mels.new_zeros(self.num_layers, batch, self.cell_size)
        _, (h_n, _) = self.lstm(mels, (h0, c0))
        return self.embed(h_n[-1])


if __name__ == "__main__":
    encoder = ProjectedEncoder(n_mels=8, cell_size=12, proj_size=4, num_layers=2)
    print(encoder(torch.randn(3, 10, 8)).shape)
