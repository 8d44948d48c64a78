"""Hand-rolled bidirectional RNN from two RNNCells: each state is given the joined width."""
import torch
import torch.nn as nn


class BiCellRNN(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.fwd = nn.RNNCell(input_size, hidden_size)
        self.bwd = nn.RNNCell(input_size, hidden_size)

    def forward(self, x):
        seq_len, batch, _ = x.size()
        h_f = x.new_zeros(batch, 2 * self.hidden_size)
        h_b = x.new_zeros(batch, 2 * self.hidden_size)
        outs_f, outs_b = [], []
        for t in range(seq_len):
            h_f = self.fwd(x[t], h_f)  # R: torch raises here
            h_b = self.bwd(x[seq_len - 1 - t], h_b)
            outs_f.append(h_f)
            outs_b.insert(0, h_b)
        return torch.cat([torch.stack(outs_f), torch.stack(outs_b)], dim=2)


if __name__ == "__main__":
    rnn = BiCellRNN(input_size=4, hidden_size=6)
    out = rnn(torch.randn(5, 2, 4))  # E: shape "h expected"
