"""A bidirectional encoder's final state handed to a one-directional decoder."""
import torch
from torch import nn


class Seq2Seq(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.GRU(32, 64, bidirectional=True)
        self.decoder = nn.GRU(16, 64)

    def forward(self, source: torch.Tensor) -> torch.Tensor:
        src = torch.randn(10, 4, 32)
        tgt = torch.randn(7, 4, 16)
        _, h_n = self.encoder(src)
        out, _ = self.decoder(tgt, h_n)  # E: shape "layers×dirs=1"
        return out
