"""A head sized for a bidirectional RNN that is not bidirectional."""
import torch
import typedrnn


class Classifier(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.gru = typedrnn.GRU(300, 128, batch_first=True)
        self.head = typedrnn.Linear(256, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        embedded = torch.randn(16, 40, 300)
        out, h_n = self.gru(embedded)
        return self.head(h_n[-1])  # E: shape "in_features=256"
