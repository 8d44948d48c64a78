"""Unpacking an LSTM's result into three values, as if it were (out, h, c)."""
import torch
import typedrnn

lstm = typedrnn.LSTM(10, 20)


def run(x: torch.Tensor) -> None:
    out, h, c = lstm(x)  # E: misc
