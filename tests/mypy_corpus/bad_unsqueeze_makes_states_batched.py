"""One sequence made batched, with its unbatched state left as it was."""
import torch
from torch import nn

gru = nn.GRU(6, 12, num_layers=2)


def run() -> None:
    sequence = torch.randn(20, 6)
    h0 = torch.zeros(2, 12)
    gru(sequence.unsqueeze(1), h0)  # E: shape "h0 expected 3 dimensions"
