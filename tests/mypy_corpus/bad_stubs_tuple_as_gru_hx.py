"""Passing an LSTM-style (h, c) pair to a GRU."""
import torch
import typedrnn

gru = typedrnn.GRU(10, 20)


def run(x: torch.Tensor, h0: torch.Tensor, c0: torch.Tensor) -> None:
    gru(x, (h0, c0))  # E: call-overload
