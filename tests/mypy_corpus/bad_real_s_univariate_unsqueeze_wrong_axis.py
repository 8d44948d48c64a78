"""Univariate demand forecaster: the feature axis is added with unsqueeze(1), in front of the time steps."""
import torch
import torch.nn as nn

WINDOW = 24
HORIZON = 6


class DemandLSTM(nn.Module):
    def __init__(self, hidden_size=16, num_layers=2):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden_size, num_layers, batch_first=True)
        self.linear = nn.Linear(hidden_size, HORIZON)

    def forward(self, series):
        x = series.unsqueeze(1)
        out, _ = self.lstm(x)  # R: torch raises here
        return self.linear(out[:, -1, :])


if __name__ == "__main__":
    model = DemandLSTM()
    batch = torch.randn(8, WINDOW)
    forecast = model(batch)  # E: shape "input expected"
