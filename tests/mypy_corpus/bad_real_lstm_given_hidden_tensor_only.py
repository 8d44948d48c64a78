"""Char LSTM whose init_hidden was copied from a GRU model: LSTM receives one tensor."""
import argparse

import torch
import torch.nn as nn


class CharLSTM(nn.Module):
    def __init__(self, vocab_size, hidden_size, n_layers):
        super().__init__()
        self.hidden_size = hidden_size
        self.n_layers = n_layers
        self.embed = nn.Embedding(vocab_size, hidden_size)
        self.lstm = nn.LSTM(hidden_size, hidden_size, n_layers)
        self.out = nn.Linear(hidden_size, vocab_size)

    def init_hidden(self, batch_size):
        return torch.zeros(self.n_layers, batch_size, self.hidden_size)

    def forward(self, x):
        hidden = self.init_hidden(x.size(1))
        output, hidden = self.lstm(self.embed(x), hidden)  # E: shape "hx expected"
        return self.out(output)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--hidden_size", type=int, default=10)
    parser.add_argument("--n_layers", type=int, default=2)
    args = parser.parse_args()
    model = CharLSTM(40, args.hidden_size, args.n_layers)
    logits = model(torch.randint(0, 40, (12, 3)))
