"""A reusable encoder with a bidirectional parameter; the projection is one direction wide."""
import torch
import torch.nn as nn


class RNNEncoder(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers=1, bidirectional=False, dropout=0.0):
        super(RNNEncoder, self).__init__()
        self.rnn = nn.LSTM(input_size, hidden_size, num_layers=num_layers,
                           dropout=dropout, bidirectional=bidirectional)
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, src):
        memory_bank, encoder_final = self.rnn(src)
        return torch.tanh(self.proj(memory_bank)), encoder_final  # E: shape "input expected"


if __name__ == "__main__":
    encoder = RNNEncoder(input_size=9, hidden_size=14, num_layers=2, bidirectional=True)
    src = torch.randn(5, 3, 9)
    memory, final = encoder(src)
