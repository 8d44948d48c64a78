"""Bidirectional summarizer: the directions are chunked apart, then joined again along time, not features."""
import torch
import torch.nn as nn


class BiSummarizer(nn.Module):
    def __init__(self, input_size, hidden_size, n_out):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, batch_first=True, bidirectional=True)
        self.proj = nn.Linear(hidden_size * 2, n_out)

    def forward(self, x):
        output, _ = self.lstm(x)
        forward_states, backward_states = output.chunk(2, dim=2)
        joined = torch.cat((forward_states, backward_states.flip(1)), dim=1)
        return self.proj(joined)  # R: torch raises here


if __name__ == "__main__":
    model = BiSummarizer(input_size=4, hidden_size=6, n_out=3)
    y = model(torch.randn(2, 10, 4))  # E: shape "input expected"
