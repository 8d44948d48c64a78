"""Residual LSTM stack in a ModuleList, called by literal index: layer 1 reads layer 0's output."""
import torch
import torch.nn as nn


class ResidualLM(nn.Module):
    def __init__(self, ntoken, ninp, nhid):
        super().__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnns = nn.ModuleList([nn.LSTM(ninp, nhid), nn.LSTM(nhid, nhid)])
        self.decoder = nn.Linear(nhid, ntoken)

    def forward(self, input):
        emb = self.encoder(input)
        first, _ = self.rnns[0](emb)
        second, _ = self.rnns[1](first)
        return self.decoder(first + second)


if __name__ == "__main__":
    model = ResidualLM(ntoken=40, ninp=6, nhid=9)
    print(model(torch.randint(0, 40, (5, 2))).shape)
