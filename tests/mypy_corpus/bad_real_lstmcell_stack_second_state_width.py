"""Two stacked LSTMCells predicting a signal; the second layer's cell state is sized like its input."""
import torch
import torch.nn as nn


class Sequence(nn.Module):
    def __init__(self, n_hidden):
        super(Sequence, self).__init__()
        self.n_hidden = n_hidden
        self.lstm1 = nn.LSTMCell(1, n_hidden)
        self.lstm2 = nn.LSTMCell(n_hidden, 2 * n_hidden)
        self.linear = nn.Linear(2 * n_hidden, 1)

    def forward(self, input, future=0):
        outputs = []
        h_t = torch.zeros(input.size(0), self.n_hidden, dtype=torch.double)
        c_t = torch.zeros(input.size(0), self.n_hidden, dtype=torch.double)
        h_t2 = torch.zeros(input.size(0), 2 * self.n_hidden, dtype=torch.double)
        c_t2 = torch.zeros(input.size(0), self.n_hidden, dtype=torch.double)
        for input_t in input.split(1, dim=1):
            h_t, c_t = self.lstm1(input_t, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))  # R: torch raises here
            outputs += [self.linear(h_t2)]
        return torch.cat(outputs, dim=1)


if __name__ == "__main__":
    seq = Sequence(n_hidden=5).double()
    data = torch.sin(torch.arange(30, dtype=torch.double).view(3, 10) / 4.0)
    out = seq(data)  # E: shape "c expected"
