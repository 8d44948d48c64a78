"""An LSTM with proj_size whose c0 shrank to the projection too."""
import torch
import typedrnn

lstm = typedrnn.LSTM(80, 512, proj_size=128)


def step() -> None:
    x = torch.randn(10, 4, 80)
    h0 = torch.zeros(1, 4, 128)
    c0 = torch.zeros(1, 4, 128)
    lstm(x, (h0, c0))  # E: shape "c0 expected"
