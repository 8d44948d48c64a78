"""proj_size: h0 carries proj, c0 keeps hidden."""
import torch
from torch import nn

lstm = nn.LSTM(80, 512, proj_size=128, num_layers=3)
head = nn.Linear(128, 40)


def run() -> torch.Tensor:
    x = torch.randn(10, 4, 80)
    h0 = torch.zeros(3, 4, 128)
    c0 = torch.zeros(3, 4, 512)
    out, (h_n, c_n) = lstm(x, (h0, c0))
    return head(out)
