"""Modules chosen by name at run time."""
import torch
from torch import nn


def build(kind: str) -> nn.Module:
    return getattr(nn, kind)(10, 20)


def run() -> None:
    model = build("GRU")
    model(torch.randn(5, 3, 11))
    rnn = getattr(nn, "LSTM")(10, 20)
    rnn(torch.randn(5, 3, 99))
