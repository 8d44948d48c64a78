"""Listen-attend-spell listener: each pyramidal BiLSTM halves time and doubles features; widths rebound in a loop."""
import torch
import torch.nn as nn


class PyramidalBLSTM(nn.Module):
    def __init__(self, input_dim, hidden_dim):
        super().__init__()
        self.blstm = nn.LSTM(input_dim * 2, hidden_dim, batch_first=True, bidirectional=True)

    def forward(self, x):
        batch_size, timesteps, feature_dim = x.size()
        x = x[:, : timesteps // 2 * 2].contiguous().view(batch_size, timesteps // 2, feature_dim * 2)
        out, _ = self.blstm(x)
        return out


class Listener(nn.Module):
    def __init__(self, n_mels, hidden_dim, n_layers=3):
        super().__init__()
        layers = []
        width = n_mels
        for _ in range(n_layers):
            layers.append(PyramidalBLSTM(width, hidden_dim))
            width = 2 * hidden_dim
        self.layers = nn.ModuleList(layers)
        self.proj = nn.Linear(width, hidden_dim)

    def forward(self, feats):
        for layer in self.layers:
            feats = layer(feats)
        return self.proj(feats)


if __name__ == "__main__":
    listener = Listener(n_mels=8, hidden_dim=5)
    print(listener(torch.randn(2, 40, 8)).shape)
