"""Char-RNN with batch_first=True: init_hidden is written in the input's layout, batch first."""
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
        r_output, hidden = self.lstm(x, hidden)  # R: torch raises here
        out = r_output.contiguous().view(-1, self.n_hidden)
        return self.fc(out), hidden

    def init_hidden(self, batch_size):
        weight = next(self.parameters()).data
        return (weight.new(batch_size, self.n_layers, self.n_hidden).zero_(),
                weight.new(batch_size, self.n_layers, self.n_hidden).zero_())


if __name__ == "__main__":
    net = CharRNN(len(chars))
    h = net.init_hidden(3)
    x = torch.randn(3, 10, len(chars))
    out, h = net(x, h)  # E: shape "h0 expected"
