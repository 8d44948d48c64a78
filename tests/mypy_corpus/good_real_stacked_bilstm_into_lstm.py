"""A BiLSTM feeding a second LSTM that expects 2 × hidden features."""
import torch
import torch.nn as nn


class TwoStageEncoder(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.lower = nn.LSTM(input_size, hidden_size, bidirectional=True, batch_first=True)
        self.upper = nn.LSTM(2 * hidden_size, hidden_size, batch_first=True)

    def forward(self, x):
        lower_out, _ = self.lower(x)
        upper_out, (h, c) = self.upper(lower_out)
        return upper_out, h


if __name__ == "__main__":
    out, h = TwoStageEncoder(5, 6)(torch.randn(2, 7, 5))
