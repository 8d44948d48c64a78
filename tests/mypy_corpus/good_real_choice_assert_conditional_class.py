"""rnn_type checked with assert; the class and the number of states follow it."""
import torch
import torch.nn as nn


class Tracker(nn.Module):
    def __init__(self, rnn_type, n_features, hidden_size, num_layers=2):
        super().__init__()
        assert rnn_type in ("lstm", "gru"), f"unknown rnn_type {rnn_type}"
        rnn_class = nn.LSTM if rnn_type == "lstm" else nn.GRU
        self.rnn_type = rnn_type
        self.num_layers = num_layers
        self.hidden_size = hidden_size
        self.rnn = rnn_class(n_features, hidden_size, num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size, 2)

    def init_state(self, batch):
        h0 = torch.zeros(self.num_layers, batch, self.hidden_size)
        if self.rnn_type == "lstm":
            return h0, torch.zeros(self.num_layers, batch, self.hidden_size)
        return h0

    def forward(self, x):
        out, state = self.rnn(x, self.init_state(x.size(0)))
        return self.head(out[:, -1]), state


if __name__ == "__main__":
    for rnn_type in ("lstm", "gru"):
        tracker = Tracker(rnn_type, 3, 7)
        prediction, _ = tracker(torch.randn(4, 9, 3))
    tracker = Tracker("gru", 3, 7, num_layers=1)
    print(tracker(torch.randn(4, 9, 3))[0].shape)
