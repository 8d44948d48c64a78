"""Handwriting generator stepping an LSTMCell: the returned pair is fed to the mixture head."""
import torch
import torch.nn as nn


class StrokeGenerator(nn.Module):
    def __init__(self, hidden_size, n_mixtures):
        super().__init__()
        self.hidden_size = hidden_size
        self.cell = nn.LSTMCell(3, hidden_size)
        self.mdn = nn.Linear(hidden_size, 6 * n_mixtures + 1)

    def forward(self, strokes):
        batch = strokes.size(1)
        state = (strokes.new_zeros(batch, self.hidden_size), strokes.new_zeros(batch, self.hidden_size))
        params = []
        for point in strokes:
            state = self.cell(point, state)
            params.append(self.mdn(state))  # E: shape "is a tuple"
        return torch.stack(params)


if __name__ == "__main__":
    gen = StrokeGenerator(hidden_size=9, n_mixtures=2)
    out = gen(torch.randn(6, 2, 3))
