"""Using h_n[-1] where the whole stacked state is expected."""
import torch
from torch import nn

encoder = nn.LSTM(10, 20, num_layers=2)
decoder = nn.LSTM(10, 20, num_layers=2)


def run() -> None:
    x = torch.randn(5, 3, 10)
    _, (h_n, c_n) = encoder(x)
    decoder(x, (h_n[-1], c_n[-1]))  # E: shape "h0 expected 3 dimensions"
