"""Embedding and hidden sizes as separate parameters, wired correctly (and equal at the call)."""
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, vocab_size, emb_dim, hidden_dim):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hidden_dim)
        self.out = nn.Linear(hidden_dim, emb_dim)

    def forward(self, src):
        outputs, (h, c) = self.rnn(self.embedding(src))
        return self.out(outputs), h


if __name__ == "__main__":
    encoder = Encoder(vocab_size=30, emb_dim=8, hidden_dim=8)
    out, h = encoder(torch.randint(0, 30, (6, 2)))
