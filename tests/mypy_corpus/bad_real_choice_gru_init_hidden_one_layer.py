"""init_hidden follows rnn_type, but its GRU branch was left with a single layer."""
import argparse

import torch
import torch.nn as nn


class CharRNN(nn.Module):
    def __init__(self, rnn_type, n_chars, hidden_size, n_layers):
        super().__init__()
        self.rnn_type = rnn_type
        self.hidden_size = hidden_size
        self.n_layers = n_layers
        self.encoder = nn.Embedding(n_chars, hidden_size)
        self.rnn = getattr(nn, rnn_type)(hidden_size, hidden_size, n_layers)
        self.decoder = nn.Linear(hidden_size, n_chars)

    def forward(self, chars, hidden):
        output, hidden = self.rnn(self.encoder(chars), hidden)  # R: torch raises here
        return self.decoder(output), hidden

    def init_hidden(self, batch_size):
        if self.rnn_type == "LSTM":
            return (torch.zeros(self.n_layers, batch_size, self.hidden_size),
                    torch.zeros(self.n_layers, batch_size, self.hidden_size))
        return torch.zeros(1, batch_size, self.hidden_size)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="GRU", choices=("LSTM", "GRU"))
    parser.add_argument("--n_layers", type=int, default=2)
    args = parser.parse_args()
    rnn = CharRNN(args.model, 60, 32, 3)
    hidden = rnn.init_hidden(5)
    output, hidden = rnn(torch.randint(0, 60, (8, 5)), hidden)  # E: shape "h0 expected"
