"""An if/elif chain over a cell name that raises otherwise: only the failing member is named."""
import torch
from torch import nn


def encode(cell: str, x: torch.Tensor) -> torch.Tensor:
    if cell == "lstm":
        rnn_class: type[nn.Module] = nn.LSTM
    elif cell == "gru":
        rnn_class = nn.GRU
    else:
        raise ValueError(cell)
    rnn = rnn_class(4, 8)
    _, h_n = rnn(x)
    return h_n.squeeze(0)  # E: shape "is a tuple"  # N: when cell is 'lstm':
