"""Branches that cannot be told apart build a GRU or an LSTM: what fails for one alone is silent."""
import torch
from torch import nn


def encode(config: dict[str, str], x: torch.Tensor) -> torch.Tensor:
    if config["cell"] == "gru":
        rnn: nn.Module = nn.GRU(6, 10)
    else:
        rnn = nn.LSTM(6, 10)
    h0 = torch.zeros(1, 3, 10)
    output, _ = rnn(torch.randn(5, 3, 6), h0)
    head = nn.Linear(10, 2)
    return head(output)
