"""Word LM whose bidirectional switch is honoured by the decoder and by init_hidden."""
import argparse

import torch
import torch.nn as nn


class RNNModel(nn.Module):
    def __init__(self, ntoken, ninp, nhid, nlayers, bidirectional=False, dropout=0.2):
        super().__init__()
        self.num_directions = 2 if bidirectional else 1
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout, bidirectional=bidirectional)
        self.decoder = nn.Linear(nhid * self.num_directions, ntoken)
        self.nhid = nhid
        self.nlayers = nlayers

    def forward(self, input, hidden):
        output, hidden = self.rnn(self.encoder(input), hidden)
        return self.decoder(output), hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        rows = self.nlayers * self.num_directions
        return (weight.new_zeros(rows, bsz, self.nhid), weight.new_zeros(rows, bsz, self.nhid))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--nhid", type=int, default=8)
    parser.add_argument("--nlayers", type=int, default=2)
    parser.add_argument("--no-bidirectional", dest="bidirectional", action="store_false")
    args = parser.parse_args()
    model = RNNModel(30, 6, args.nhid, args.nlayers, bidirectional=args.bidirectional)
    output, hidden = model(torch.randint(0, 30, (5, 3)), model.init_hidden(3))
