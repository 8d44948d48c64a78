"""A user subclass that only adds a helper: the contract still holds."""
import torch
from torch import nn


class TaggedLSTM(nn.LSTM):
    def describe(self) -> str:
        return "tagger"


def run() -> None:
    lstm = TaggedLSTM(20, 40, batch_first=True)
    lstm(torch.randn(8, 5, 30))  # E: shape "input=20), got (8, 5, 30)"
