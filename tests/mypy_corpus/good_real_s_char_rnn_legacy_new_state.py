"""Char-RNN on the legacy weight.new: sizes make the state (in its own layout), a nested list is copied as data."""
import torch
import torch.nn as nn

text = "hello world, hello rnn"
chars = sorted(set(text))


class CharRNN(nn.Module):
    def __init__(self, n_chars, n_hidden=12, n_layers=2, drop_prob=0.2):
        super().__init__()
        self.n_layers = n_layers
        self.n_hidden = n_hidden
        self.lstm = nn.LSTM(n_chars, n_hidden, n_layers, dropout=drop_prob, batch_first=True)
        self.fc = nn.Linear(n_hidden, n_chars)

    def forward(self, x, hidden):
        r_output, hidden = self.lstm(x, hidden)
        out = r_output.contiguous().view(-1, self.n_hidden)
        return self.fc(out), hidden

    def encode(self, onehots):
        weight = next(self.parameters())
        return self.lstm(weight.new(onehots))

    def init_hidden(self, batch_size):
        weight = next(self.parameters()).data
        return (weight.new(self.n_layers, batch_size, self.n_hidden).zero_(),
                weight.new(self.n_layers, batch_size, self.n_hidden).zero_())


if __name__ == "__main__":
    net = CharRNN(len(chars))
    h = net.init_hidden(3)
    for _ in range(2):
        x = torch.randn(3, 10, len(chars))
        h = tuple(each.data for each in h)
        out, h = net(x, h)
    onehots = [[1.0 if i == chars.index(c) else 0.0 for i in range(len(chars))] for c in "hello"]
    print(out.shape, net.encode(onehots)[0].shape)
