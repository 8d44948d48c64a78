"""States sized from the input at run time: nothing static to check."""
import torch
from torch import nn


class Model(nn.Module):
    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        self.hidden_size = hidden_size
        self.rnn = nn.GRU(input_size, hidden_size)

    def init_hidden(self, batch_size: int) -> torch.Tensor:
        return torch.zeros(1, batch_size, self.hidden_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h0 = self.init_hidden(x.size(1))
        out, _ = self.rnn(x, h0)
        return out
