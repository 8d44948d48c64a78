"""Seq2seq encoder built as GRU or LSTM by an if/else; the decoder receives the matching state."""
import argparse

import torch
import torch.nn as nn


class Seq2Seq(nn.Module):
    def __init__(self, args):
        super().__init__()
        self.cell = args.cell
        self.embed = nn.Embedding(args.vocab, args.emb)
        if args.cell == "gru":
            self.encoder = nn.GRU(args.emb, args.hidden)
            self.decoder = nn.GRU(args.emb, args.hidden)
        else:
            self.encoder = nn.LSTM(args.emb, args.hidden)
            self.decoder = nn.LSTM(args.emb, args.hidden)
        self.out = nn.Linear(args.hidden, args.vocab)

    def forward(self, src, tgt):
        _, state = self.encoder(self.embed(src))
        output, _ = self.decoder(self.embed(tgt), state)
        return self.out(output)

    def summary(self, src):
        _, state = self.encoder(self.embed(src))
        h_n = state[0] if self.cell == "lstm" else state
        return h_n.squeeze(0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", choices=["gru", "lstm"], default="gru")
    parser.add_argument("--vocab", type=int, default=25)
    parser.add_argument("--emb", type=int, default=8)
    parser.add_argument("--hidden", type=int, default=12)
    args = parser.parse_args()
    model = Seq2Seq(args)
    src, tgt = torch.randint(0, 25, (6, 2)), torch.randint(0, 25, (4, 2))
    print(model(src, tgt).shape, model.summary(src).shape)
