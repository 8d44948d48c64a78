"""Sizes from Final constants, with a state sized from the wrong one."""
from typing import Final

import torch
from torch import nn

EMBEDDING: Final = 64
HIDDEN: Final = 128

lstm = nn.LSTM(EMBEDDING, HIDDEN, batch_first=True)


def run() -> None:
    x = torch.randn(4, 9, EMBEDDING)
    h0 = torch.zeros(1, 4, EMBEDDING)
    c0 = torch.zeros(1, 4, HIDDEN)
    lstm(x, (h0, c0))  # E: shape "h0 expected"
