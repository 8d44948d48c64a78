"""Two-stage encoder: a BiLSTM's output goes into a second LSTM sized for one direction."""
import torch
import torch.nn as nn


class HierarchicalEncoder(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.lower = nn.LSTM(input_size, hidden_size, bidirectional=True)
        self.upper = nn.LSTM(hidden_size, hidden_size)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x):
        lower_out, _ = self.lower(x)
        upper_out, (h, c) = self.upper(self.dropout(lower_out))  # R: torch raises here
        return upper_out, h


if __name__ == "__main__":
    encoder = HierarchicalEncoder(input_size=6, hidden_size=7)
    out, h = encoder(torch.randn(9, 2, 6))  # E: shape "input expected"
