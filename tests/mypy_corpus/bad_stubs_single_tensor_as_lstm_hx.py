"""Passing only h0 to an LSTM."""
import torch
import typedrnn

lstm = typedrnn.LSTM(10, 20)


def run(x: torch.Tensor, h0: torch.Tensor) -> None:
    lstm(x, h0)  # E: call-overload
