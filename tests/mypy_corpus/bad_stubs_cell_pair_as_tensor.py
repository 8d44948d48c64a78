"""Using LSTMCell's (h, c) result as the next hidden state."""
import torch
import typedrnn

cell = typedrnn.LSTMCell(10, 20)


def step(x: torch.Tensor) -> torch.Tensor:
    h = cell(x)
    return h  # E: return-value
