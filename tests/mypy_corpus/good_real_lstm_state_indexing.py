"""LSTM's (h, c) pair used as a pair: hidden[0] and hidden[-1] are tuple indexing, not tensors misused."""
import torch
import torch.nn as nn


class Summarizer(nn.Module):
    def __init__(self, n_feats, hidden_size):
        super().__init__()
        self.lstm = nn.LSTM(n_feats, hidden_size)
        self.from_h = nn.Linear(hidden_size, 1)
        self.from_c = nn.Linear(hidden_size, 1)

    def forward(self, x):
        output, hidden = self.lstm(x)
        h_n, c_n = hidden[0], hidden[-1]
        return self.from_h(h_n.squeeze(0)) + self.from_c(c_n.squeeze(0))


if __name__ == "__main__":
    print(Summarizer(3, 5)(torch.randn(6, 2, 3)).shape)
