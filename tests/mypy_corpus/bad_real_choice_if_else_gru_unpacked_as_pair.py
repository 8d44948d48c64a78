"""Encoder built as GRU or LSTM by an if/else on --cell; forward was written for the LSTM."""
import argparse

import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, args):
        super().__init__()
        self.embed = nn.Embedding(args.vocab, args.emb)
        if args.cell == "gru":
            self.rnn = nn.GRU(args.emb, args.hidden)
        else:
            self.rnn = nn.LSTM(args.emb, args.hidden)
        self.proj = nn.Linear(args.hidden, args.hidden)

    def forward(self, src):
        outputs, (h_n, c_n) = self.rnn(self.embed(src))  # R: torch raises here
        return outputs, torch.tanh(self.proj(h_n[-1]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", choices=["gru", "lstm"], default="gru")
    parser.add_argument("--vocab", type=int, default=20)
    parser.add_argument("--emb", type=int, default=6)
    parser.add_argument("--hidden", type=int, default=10)
    args = parser.parse_args()
    encoder = Encoder(args)
    outputs, summary = encoder(torch.randint(0, 20, (7, 3)))  # E: shape "unpacked into"
