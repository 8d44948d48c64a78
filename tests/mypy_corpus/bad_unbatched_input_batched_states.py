"""An unbatched sequence with a batched initial state."""
import torch
from torch import nn

gru = nn.GRU(6, 12)


def run() -> None:
    sequence = torch.randn(20, 6)
    h0 = torch.zeros(1, 1, 12)
    gru(sequence, h0)  # E: shape "h0 expected 2 dimensions"
