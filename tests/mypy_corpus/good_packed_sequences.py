"""Packing, running and unpacking variable-length sequences."""
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

lstm = nn.LSTM(40, 64, bidirectional=True, batch_first=True)
head = nn.Linear(128, 3)


def run(lengths: torch.Tensor) -> torch.Tensor:
    padded = torch.randn(8, 30, 40)
    packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
    h0 = torch.zeros(2, 8, 64)
    packed_out, (h_n, c_n) = lstm(packed, (h0, torch.zeros(2, 8, 64)))
    out, out_lengths = pad_packed_sequence(packed_out, batch_first=True)
    return head(out)
