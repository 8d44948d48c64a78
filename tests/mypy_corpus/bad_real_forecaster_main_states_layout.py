"""Multi-step load forecaster: the warm-up state in the script is built batch first."""
import torch
import torch.nn as nn

N_FEATURES = 4
HIDDEN = 20
LAYERS = 2
BATCH = 6
WINDOW = 24


class Forecaster(nn.Module):
    def __init__(self, n_features, hidden_size, num_layers, horizon=3):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden_size, num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size, horizon)

    def forward(self, window, state=None):
        out, state = self.lstm(window, state)
        return self.head(out[:, -1]), state


if __name__ == "__main__":
    model = Forecaster(N_FEATURES, HIDDEN, LAYERS)
    window = torch.randn(BATCH, WINDOW, N_FEATURES)
    h0 = torch.zeros(BATCH, LAYERS, HIDDEN)
    c0 = torch.zeros(BATCH, LAYERS, HIDDEN)
    out, state = model.lstm(window, (h0, c0))  # E: shape "h0 expected"
