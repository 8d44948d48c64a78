"""Energy forecaster: the state built in a helper and moved with .to(device) is in batch_first layout."""
import argparse

import torch
import torch.nn as nn


class LoadForecaster(nn.Module):
    def __init__(self, n_features, hidden_size, num_layers, horizon):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.gru = nn.GRU(n_features, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, horizon)

    def init_state(self, batch_size, device):
        return torch.zeros(batch_size, self.num_layers, self.hidden_size).to(device)

    def forward(self, x):
        h0 = self.init_state(x.size(0), x.device)
        out, _ = self.gru(x, h0)  # R: torch raises here
        return self.fc(out[:, -1, :])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--hidden", type=int, default=8)
    args = parser.parse_args()
    device = torch.device("cpu")
    model = LoadForecaster(5, args.hidden, num_layers=3, horizon=2).to(device)
    y = model(torch.randn(4, 16, 5, device=device))  # E: shape "h0 expected"
