"""Two stacked LSTMCells over a signal, with a future-prediction loop, in double precision."""
import torch
import torch.nn as nn


class Sequence(nn.Module):
    def __init__(self, n_hidden):
        super().__init__()
        self.n_hidden = n_hidden
        self.lstm1 = nn.LSTMCell(1, n_hidden)
        self.lstm2 = nn.LSTMCell(n_hidden, n_hidden)
        self.linear = nn.Linear(n_hidden, 1)

    def forward(self, input, future=0):
        outputs = []
        h_t = torch.zeros(input.size(0), self.n_hidden, dtype=torch.double)
        c_t = torch.zeros(input.size(0), self.n_hidden, dtype=torch.double)
        h_t2 = torch.zeros(input.size(0), self.n_hidden, dtype=torch.double)
        c_t2 = torch.zeros(input.size(0), self.n_hidden, dtype=torch.double)
        for input_t in input.split(1, dim=1):
            h_t, c_t = self.lstm1(input_t, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        for _ in range(future):
            h_t, c_t = self.lstm1(output, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        return torch.cat(outputs, dim=1)


if __name__ == "__main__":
    seq = Sequence(6).double()
    print(seq(torch.randn(3, 10, dtype=torch.double), future=4).shape)
