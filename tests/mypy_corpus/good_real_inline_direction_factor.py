"""Head written as Linear(hidden * (2 if bidirectional else 1), n), the flag an __init__ parameter."""
import torch
import torch.nn as nn


class Tagger(nn.Module):
    def __init__(self, n_feats, hidden, n_tags, bidirectional=True, layers=1):
        super().__init__()
        self.rnn = nn.LSTM(n_feats, hidden, layers, bidirectional=bidirectional)
        self.out = nn.Linear(hidden * (2 if bidirectional else 1), n_tags)

    def forward(self, feats):
        out, _ = self.rnn(feats)
        return self.out(out)


if __name__ == "__main__":
    for bi in (True, False):
        print(Tagger(4, 5, 3, bidirectional=bi)(torch.randn(6, 2, 4)).shape)
