"""An image-shaped batch sent into an LSTM."""
import torch
from torch import nn

lstm = nn.LSTM(28, 64, batch_first=True)


def classify() -> None:
    images = torch.randn(32, 1, 28, 28)
    lstm(images)  # E: shape "got 4-D"
