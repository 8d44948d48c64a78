"""h_n[-1] of a stacked LSTM into a head."""
import torch
import typedrnn


class Regressor(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.lstm = typedrnn.LSTM(8, 32, num_layers=3, batch_first=True)
        self.head = typedrnn.Linear(32, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch = torch.randn(64, 50, 8)
        _, (h_n, _) = self.lstm(batch)
        return self.head(h_n[-1]).squeeze(-1)
