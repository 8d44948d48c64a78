"""Encoder bridge written for a BiGRU, kept after the switch to a BiLSTM: it views the (h, c) pair."""
import torch
import torch.nn as nn


class BiEncoder(nn.Module):
    def __init__(self, vocab_size, emb_dim, hid_dim, n_layers):
        super().__init__()
        self.n_layers = n_layers
        self.hid_dim = hid_dim
        self.embedding = nn.Embedding(vocab_size, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hid_dim, n_layers, bidirectional=True)
        self.bridge = nn.Linear(2 * hid_dim, hid_dim)

    def forward(self, src):
        outputs, hidden = self.rnn(self.embedding(src))
        hidden = hidden.view(self.n_layers, 2, -1, self.hid_dim)  # E: shape "is a tuple"
        hidden = torch.cat((hidden[:, 0], hidden[:, 1]), dim=2)
        return outputs, torch.tanh(self.bridge(hidden))


if __name__ == "__main__":
    encoder = BiEncoder(vocab_size=30, emb_dim=5, hid_dim=7, n_layers=2)
    outputs, hidden = encoder(torch.randint(0, 30, (9, 3)))
