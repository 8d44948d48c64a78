"""Translation model: the BiLSTM encoder's (h_n, c_n) is handed to a one-direction decoder as is."""
import argparse

import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, src_vocab, emb_dim, hid_dim, n_layers):
        super().__init__()
        self.embedding = nn.Embedding(src_vocab, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hid_dim, n_layers, bidirectional=True)

    def forward(self, src):
        outputs, (hidden, cell) = self.rnn(self.embedding(src))
        return hidden, cell


class Decoder(nn.Module):
    def __init__(self, trg_vocab, emb_dim, hid_dim, n_layers):
        super().__init__()
        self.embedding = nn.Embedding(trg_vocab, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hid_dim, n_layers)
        self.fc_out = nn.Linear(hid_dim, trg_vocab)

    def forward(self, token, hidden, cell):
        embedded = self.embedding(token.unsqueeze(0))
        output, (hidden, cell) = self.rnn(embedded, (hidden, cell))  # R: torch raises here
        return self.fc_out(output.squeeze(0)), hidden, cell


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--emb-dim", type=int, default=6)
    parser.add_argument("--hid-dim", type=int, default=8)
    parser.add_argument("--layers", type=int, default=2)
    args = parser.parse_args()
    encoder = Encoder(30, args.emb_dim, args.hid_dim, args.layers)
    decoder = Decoder(25, args.emb_dim, args.hid_dim, args.layers)
    hidden, cell = encoder(torch.randint(0, 30, (7, 3)))
    token = torch.zeros(3, dtype=torch.long)
    prediction, hidden, cell = decoder(token, hidden, cell)  # E: shape "h0 expected"
