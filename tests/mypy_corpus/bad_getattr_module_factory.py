"""Modules chosen by name: a literal name in getattr is that class, and so is a factory's."""
import torch
from torch import nn


def build(kind: str) -> nn.Module:
    return getattr(nn, kind)(10, 20)


def run() -> None:
    model = build("GRU")
    model(torch.randn(5, 3, 11))  # E: shape "GRU(10, 20): input expected (seq=5, batch=3, input=10), got (5, 3, 11)"
    rnn = getattr(nn, "LSTM")(10, 20)
    rnn(torch.randn(5, 3, 99))  # E: shape "LSTM(10, 20): input expected (seq=5, batch=3, input=10), got (5, 3, 99)"
