"""Fixing a batch-major tensor's layout before a sequence-major LSTM."""
import torch
from torch import nn

lstm = nn.LSTM(50, 100)


def run() -> torch.Tensor:
    batch_major = torch.randn(4, 25, 50)
    h0 = torch.zeros(1, 4, 100)
    out, _ = lstm(batch_major.transpose(0, 1).contiguous(), (h0, h0))
    return out.permute(1, 0, 2)
