"""Branches that cannot be told apart build a GRU or an LSTM: what fails for both is reported."""
import torch
from torch import nn


def encode(config: dict[str, str], x: torch.Tensor) -> torch.Tensor:
    if config["cell"] == "gru":
        rnn: nn.Module = nn.GRU(6, 10)
    else:
        rnn = nn.LSTM(6, 10)
    output, _ = rnn(torch.randn(5, 3, 7))  # E: shape "input expected"  # N: for each of GRU(6, 10) (line 8) and LSTM(6, 10) (line 10)
    return output
