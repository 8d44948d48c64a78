"""Encoder written as if LSTM returned (output, h_n, c_n) side by side."""
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, input_dim, emb_dim, hid_dim, n_layers, dropout):
        super().__init__()
        self.embedding = nn.Embedding(input_dim, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hid_dim, n_layers, dropout=dropout)
        self.dropout = nn.Dropout(dropout)

    def forward(self, src):
        embedded = self.dropout(self.embedding(src))
        outputs, hidden, cell = self.rnn(embedded)  # E: shape "unpacked into"
        return hidden, cell


if __name__ == "__main__":
    encoder = Encoder(input_dim=25, emb_dim=6, hid_dim=8, n_layers=2, dropout=0.1)
    hidden, cell = encoder(torch.randint(0, 25, (10, 3)))
