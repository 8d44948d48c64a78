"""Stepping over the batch dimension instead of time, in a batch_first tensor."""
import torch
import typedrnn

cell = typedrnn.LSTMCell(16, 32)


def unroll() -> None:
    x = torch.randn(4, 9, 16)
    h = torch.zeros(9, 32)
    c = torch.zeros(9, 32)
    for t in range(4):
        step = x[:, t]
        h, c = cell(step, (h, c))  # E: shape "h expected (batch=4, hidden=32)"
