"""A full training step with a typed model."""
import torch
import typedrnn
from torch import nn


class Forecaster(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.gru = typedrnn.GRU(3, 32, num_layers=2, batch_first=True)
        self.head = typedrnn.Linear(32, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.gru(x)
        return self.head(out)


def train() -> None:
    model = Forecaster()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(10):
        x = torch.randn(16, 24, 3)
        target = torch.randn(16, 24, 3)
        loss = nn.functional.mse_loss(model(x), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
