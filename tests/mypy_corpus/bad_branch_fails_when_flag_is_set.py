"""One branch builds the input too wide: reported with the condition that reaches it."""
import torch
from torch import nn

lstm = nn.LSTM(4, 8)


def run(flag: bool) -> None:
    if flag:
        y = torch.randn(3, 2, 5)
    else:
        y = torch.randn(3, 2, 4)
    lstm(y)  # E: shape "input expected (seq=3, batch=2, input=4), got (3, 2, 5)"  # N: when flag is True:
