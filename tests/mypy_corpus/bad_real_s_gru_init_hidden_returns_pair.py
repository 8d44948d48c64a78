"""Language model switched from LSTM to GRU by a flag: init_hidden still returns an (h, c) pair."""
import torch
import torch.nn as nn


class RNNModel(nn.Module):
    def __init__(self, ntoken, ninp, nhid, nlayers):
        super().__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.GRU(ninp, nhid, nlayers)
        self.decoder = nn.Linear(nhid, ntoken)
        self.nhid = nhid
        self.nlayers = nlayers

    def forward(self, input, hidden):
        output, hidden = self.rnn(self.encoder(input), hidden)  # R: torch raises here
        return self.decoder(output), hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        return (weight.new_zeros(self.nlayers, bsz, self.nhid),
                weight.new_zeros(self.nlayers, bsz, self.nhid))


if __name__ == "__main__":
    model = RNNModel(ntoken=50, ninp=6, nhid=8, nlayers=2)
    hidden = model.init_hidden(4)
    data = torch.randint(0, 50, (10, 4))
    output, hidden = model(data, hidden)  # E: shape "hx expected"
