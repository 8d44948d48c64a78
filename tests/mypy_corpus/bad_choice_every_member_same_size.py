"""A size mistake of every member of a table is reported once, saying so."""
import torch
from torch import nn

CELLS = {"rnn": nn.RNN, "gru": nn.GRU}


def encode(cell: str, x: torch.Tensor) -> torch.Tensor:
    rnn = CELLS[cell](6, 10)
    head = nn.Linear(20, 2)
    output, _ = rnn(x)
    return head(output)  # E: shape "input expected"  # N: for every cell ('rnn', 'gru'), shown for 'rnn':
