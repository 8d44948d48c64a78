"""A batch_first GRU with h0 in (batch, layers, hidden) layout."""
import torch
import typedrnn

gru = typedrnn.GRU(16, 32, num_layers=4, batch_first=True)


def run() -> None:
    x = torch.randn(8, 30, 16)
    h0 = torch.zeros(8, 4, 32)
    gru(x, h0)  # E: shape "h0 expected (layers×dirs=4, batch=8, hidden=32)"
