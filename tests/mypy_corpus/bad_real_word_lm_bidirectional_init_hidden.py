"""Bidirectional word LM: the decoder was widened, init_hidden still returns nlayers rows."""
import argparse

import torch
import torch.nn as nn


class RNNModel(nn.Module):
    def __init__(self, ntoken, ninp, nhid, nlayers, dropout=0.5):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout, bidirectional=True)
        self.decoder = nn.Linear(2 * nhid, ntoken)
        self.nhid = nhid
        self.nlayers = nlayers

    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)  # R: torch raises here
        return self.decoder(self.drop(output)), hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        return (weight.new_zeros(self.nlayers, bsz, self.nhid),
                weight.new_zeros(self.nlayers, bsz, self.nhid))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--emsize", type=int, default=10)
    parser.add_argument("--nhid", type=int, default=12)
    parser.add_argument("--nlayers", type=int, default=2)
    parser.add_argument("--batch_size", type=int, default=3)
    args = parser.parse_args()

    model = RNNModel(40, args.emsize, args.nhid, args.nlayers)
    hidden = model.init_hidden(args.batch_size)
    batch = torch.randint(0, 40, (6, args.batch_size))
    output, hidden = model(batch, hidden)  # E: shape "h0 expected"
