"""RNN_TANH baseline for a language model, with LSTM-style unpacking of its state."""
import argparse

import torch
import torch.nn as nn


class ElmanLM(nn.Module):
    def __init__(self, ntoken, ninp, nhid):
        super().__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.RNN(ninp, nhid, nonlinearity="tanh")
        self.decoder = nn.Linear(nhid, ntoken)

    def forward(self, input):
        output, (h_n, c_n) = self.rnn(self.encoder(input))  # R: torch raises here
        return self.decoder(output), h_n


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--emsize", type=int, default=6)
    parser.add_argument("--nhid", type=int, default=7)
    args = parser.parse_args()
    model = ElmanLM(20, args.emsize, args.nhid)
    logits, h = model(torch.randint(0, 20, (5, 4)))  # E: shape "unpacked into"
