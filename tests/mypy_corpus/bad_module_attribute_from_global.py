"""A module kept in a global and used from a training step."""
import torch
from torch import nn

MODEL = nn.GRU(input_size=13, hidden_size=26, batch_first=True)
optimizer = torch.optim.SGD(MODEL.parameters(), lr=0.1)


def training_step() -> None:
    batch = torch.randn(32, 100, 26)
    out, _ = MODEL(batch)  # E: shape "input=13), got (32, 100, 26)"
    loss = out.pow(2).mean()
    loss.backward()
    optimizer.step()
