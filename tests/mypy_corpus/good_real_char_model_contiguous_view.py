"""Char LSTM flattening its output with contiguous().view(-1, n_hidden) before the projection."""
import torch
from torch import nn


class CharRNN(nn.Module):
    def __init__(self, n_chars, n_hidden=12, n_layers=2, drop_prob=0.3):
        super().__init__()
        self.n_hidden = n_hidden
        self.n_layers = n_layers
        self.lstm = nn.LSTM(n_chars, n_hidden, n_layers, dropout=drop_prob, batch_first=True)
        self.dropout = nn.Dropout(drop_prob)
        self.fc = nn.Linear(n_hidden, n_chars)

    def forward(self, x, hidden):
        r_output, hidden = self.lstm(x, hidden)
        out = self.dropout(r_output).contiguous().view(-1, self.n_hidden)
        return self.fc(out), hidden

    def init_hidden(self, batch_size):
        weight = next(self.parameters()).data
        return (weight.new_zeros(self.n_layers, batch_size, self.n_hidden),
                weight.new_zeros(self.n_layers, batch_size, self.n_hidden))


if __name__ == "__main__":
    net = CharRNN(n_chars=9)
    h = net.init_hidden(4)
    out, h = net(torch.zeros(4, 10, 9), h)
    h = tuple(each.detach() for each in h)
    out, h = net(torch.zeros(4, 10, 9), h)
