"""Character model copied from a bidirectional one: the state keeps 2 × layers rows."""
import torch
from torch import nn


class CharModel(nn.Module):
    def __init__(self, n_chars, n_hidden=16, n_layers=2, drop_prob=0.25):
        super().__init__()
        self.n_hidden = n_hidden
        self.n_layers = n_layers
        self.lstm = nn.LSTM(n_chars, n_hidden, n_layers, dropout=drop_prob, batch_first=True)
        self.dropout = nn.Dropout(drop_prob)
        self.fc = nn.Linear(n_hidden, n_chars)

    def forward(self, x, hidden):
        r_output, hidden = self.lstm(x, hidden)  # R: torch raises here
        out = self.dropout(r_output).contiguous().view(-1, self.n_hidden)
        return self.fc(out), hidden

    def init_hidden(self, batch_size):
        weight = next(self.parameters()).data
        return (weight.new_zeros(self.n_layers * 2, batch_size, self.n_hidden),
                weight.new_zeros(self.n_layers * 2, batch_size, self.n_hidden))


if __name__ == "__main__":
    chars = tuple("abcdefgh")
    net = CharModel(len(chars))
    h = net.init_hidden(4)
    x = torch.zeros(4, 10, len(chars))
    out, h = net(x, h)  # E: shape "h0 expected"
