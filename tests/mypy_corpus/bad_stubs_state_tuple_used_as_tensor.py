"""Treating LSTM's (h, c) pair as the hidden state tensor."""
import torch
import typedrnn

lstm = typedrnn.LSTM(10, 20)


def run(x: torch.Tensor) -> torch.Tensor:
    out, hidden = lstm(x)
    return hidden.transpose(0, 1)  # E: attr-defined
