"""Keyword spotter on a projected LSTM: c0 is made with zeros_like(h0), so it takes the projection's width."""
import torch
import torch.nn as nn


class KeywordSpotter(nn.Module):
    def __init__(self, n_mels, hidden_size, proj_size, num_layers, n_keywords):
        super().__init__()
        self.num_layers = num_layers
        self.proj_size = proj_size
        self.lstm = nn.LSTM(n_mels, hidden_size, num_layers, batch_first=True, proj_size=proj_size)
        self.fc = nn.Linear(proj_size, n_keywords)

    def forward(self, mels):
        h0 = mels.new_zeros(self.num_layers, mels.size(0), self.proj_size)
        c0 = torch.zeros_like(h0)
        out, _ = self.lstm(mels, (h0, c0))  # R: torch raises here
        return self.fc(out[:, -1])


if __name__ == "__main__":
    model = KeywordSpotter(n_mels=10, hidden_size=16, proj_size=6, num_layers=2, n_keywords=3)
    scores = model(torch.randn(2, 30, 10))  # E: shape "c0 expected"
