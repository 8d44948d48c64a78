"""A decoder whose input_size ignores the encoder's hidden width."""
import torch
from torch import nn


class Seq2Seq(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.LSTM(32, 256)
        self.decoder = nn.LSTM(128, 256)

    def forward(self, source: torch.Tensor) -> torch.Tensor:
        x = torch.randn(10, 4, 32)
        encoded, state = self.encoder(x)
        decoded, _ = self.decoder(encoded, state)  # E: shape "input=128), got (10, 4, 256)"
        return decoded
