"""Flattening two feature dimensions into the wrong width."""
import torch
from torch import nn

rnn = nn.GRU(64, 32)


def run() -> None:
    spectrogram = torch.randn(100, 8, 4, 32)
    x = spectrogram.view(100, 8, -1)
    rnn(x)  # E: shape "input=64), got (100, 8, 128)"
