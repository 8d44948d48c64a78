"""Padded sequences packed with the wrong feature width."""
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

lstm = nn.LSTM(40, 64)


def run(lengths: list[int]) -> None:
    padded = torch.randn(30, 8, 50)
    packed = pack_padded_sequence(padded, lengths, enforce_sorted=False)
    lstm(packed)  # E: shape "input.data expected"
