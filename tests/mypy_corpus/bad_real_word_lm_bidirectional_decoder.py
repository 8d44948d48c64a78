"""Word-level language model made bidirectional; the decoder still reads one direction."""
import argparse

import torch
import torch.nn as nn


class RNNModel(nn.Module):
    def __init__(self, ntoken, ninp, nhid, nlayers, dropout=0.5):
        super(RNNModel, self).__init__()
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout, bidirectional=True)
        self.decoder = nn.Linear(nhid, ntoken)
        self.ntoken = ntoken
        self.nhid = nhid
        self.nlayers = nlayers

    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        decoded = self.decoder(output)  # E: shape "input expected"
        return decoded.view(-1, self.ntoken), hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        return (weight.new_zeros(self.nlayers * 2, bsz, self.nhid),
                weight.new_zeros(self.nlayers * 2, bsz, self.nhid))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="PyTorch word-level LM")
    parser.add_argument("--emsize", type=int, default=12)
    parser.add_argument("--nhid", type=int, default=16)
    parser.add_argument("--nlayers", type=int, default=2)
    parser.add_argument("--bptt", type=int, default=7)
    parser.add_argument("--batch_size", type=int, default=4)
    args = parser.parse_args()

    ntokens = 50
    model = RNNModel(ntokens, args.emsize, args.nhid, args.nlayers, dropout=0.2)
    hidden = model.init_hidden(args.batch_size)
    data = torch.randint(0, ntokens, (args.bptt, args.batch_size))
    output, hidden = model(data, hidden)
