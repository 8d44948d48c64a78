"""A permute that puts features first."""
import torch
import typedrnn

lstm = typedrnn.LSTM(12, 24)


def run() -> None:
    x = torch.randn(6, 12, 30)
    lstm(x.permute(1, 0, 2))  # E: shape "input expected"
