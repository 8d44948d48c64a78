"""One unbatched sequence with unbatched states."""
import torch
from torch import nn

lstm = nn.LSTM(6, 12, num_layers=2)
cell = nn.RNNCell(6, 12)


def run() -> None:
    sequence = torch.randn(20, 6)
    h0 = torch.zeros(2, 12)
    c0 = torch.zeros(2, 12)
    out, (h_n, c_n) = lstm(sequence, (h0, c0))
    cell(sequence[0], torch.zeros(12))
