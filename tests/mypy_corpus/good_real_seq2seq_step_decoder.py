"""Seq2seq decoder stepping one token at a time with unsqueeze(0), teacher forcing in the loop."""
import random

import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, input_dim, emb_dim, hid_dim, n_layers):
        super().__init__()
        self.embedding = nn.Embedding(input_dim, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hid_dim, n_layers)

    def forward(self, src):
        _, (hidden, cell) = self.rnn(self.embedding(src))
        return hidden, cell


class Decoder(nn.Module):
    def __init__(self, output_dim, emb_dim, hid_dim, n_layers):
        super().__init__()
        self.output_dim = output_dim
        self.embedding = nn.Embedding(output_dim, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hid_dim, n_layers)
        self.fc_out = nn.Linear(hid_dim, output_dim)

    def forward(self, input, hidden, cell):
        embedded = self.embedding(input.unsqueeze(0))
        output, (hidden, cell) = self.rnn(embedded, (hidden, cell))
        return self.fc_out(output.squeeze(0)), hidden, cell


if __name__ == "__main__":
    enc = Encoder(15, 4, 6, 2)
    dec = Decoder(17, 4, 6, 2)
    src, trg = torch.randint(0, 15, (7, 3)), torch.randint(0, 17, (5, 3))
    hidden, cell = enc(src)
    token = trg[0]
    for t in range(1, trg.size(0)):
        prediction, hidden, cell = dec(token, hidden, cell)
        token = trg[t] if random.random() < 0.5 else prediction.argmax(1)
