"""A packed batch of 8 sequences with an initial state for 16."""
import torch
import typedrnn
from torch.nn.utils.rnn import pack_padded_sequence

gru = typedrnn.GRU(40, 64, batch_first=True)


def run(lengths: torch.Tensor) -> None:
    padded = torch.randn(8, 30, 40)
    packed = pack_padded_sequence(padded, lengths, batch_first=True)
    h0 = torch.zeros(1, 16, 64)
    gru(packed, h0)  # E: shape "batch=8"
