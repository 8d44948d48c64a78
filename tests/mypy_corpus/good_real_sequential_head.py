"""GRU output through an nn.Sequential head whose first Linear is sized for both directions."""
import torch
from torch import nn


class ActivityRecognizer(nn.Module):
    def __init__(self, n_sensors, hidden_size, n_activities, dropout=0.2):
        super().__init__()
        self.gru = nn.GRU(n_sensors, hidden_size, 2, batch_first=True, bidirectional=True, dropout=dropout)
        self.head = nn.Sequential(
            nn.Linear(2 * hidden_size, hidden_size),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden_size, n_activities),
        )

    def forward(self, x):
        out, _ = self.gru(x)
        return self.head(out[:, -1, :])


if __name__ == "__main__":
    model = ActivityRecognizer(n_sensors=6, hidden_size=8, n_activities=4)
    print(model(torch.randn(3, 25, 6)).shape)
