"""Names whose values cannot be known stay silent: getattr on a name never compared."""
import torch
from torch import nn


def build(kind: str, width: int) -> nn.Module:
    return getattr(nn, kind)(width, 8)


def run(kind: str) -> None:
    rnn = getattr(nn, kind)(4, 8)
    out, state = rnn(torch.randn(5, 2, 4))
    state.squeeze(0)
    build(kind, 4)(torch.randn(5, 2, 4))
