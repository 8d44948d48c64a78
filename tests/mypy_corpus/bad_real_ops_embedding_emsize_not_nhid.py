"""Word language model: the LSTM is built with nhid inputs (as weight tying wants), the embedding gives emsize."""
import argparse

import torch
import torch.nn as nn


class RNNModel(nn.Module):
    def __init__(self, ntoken, ninp, nhid, nlayers, dropout=0.2, tie_weights=False):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(nhid, nhid, nlayers, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie_weights:
            self.decoder.weight = self.encoder.weight
        self.nlayers = nlayers
        self.nhid = nhid

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        return (weight.new_zeros(self.nlayers, bsz, self.nhid),
                weight.new_zeros(self.nlayers, bsz, self.nhid))

    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)  # R: torch raises here
        decoded = self.decoder(self.drop(output))
        return decoded.view(-1, decoded.size(-1)), hidden


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bptt", type=int, default=7)
    args = parser.parse_args()
    model = RNNModel(ntoken=50, ninp=16, nhid=24, nlayers=2)
    hidden = model.init_hidden(4)
    data = torch.randint(0, 50, (args.bptt, 4))
    output, hidden = model(torch.randint(0, 50, (7, 4)), hidden)  # E: shape "input expected"
