"""A batched input with a state that lost its batch dimension."""
import torch
import typedrnn

rnn = typedrnn.RNN(6, 12, num_layers=2)


def run() -> None:
    x = torch.randn(20, 5, 6)
    h0 = torch.zeros(2, 12)
    rnn(x, h0)  # E: shape "h0 expected 3 dimensions"
