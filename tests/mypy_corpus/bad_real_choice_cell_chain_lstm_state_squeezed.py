"""Sentence classifier whose cell is picked by an if/elif chain; the head squeezes h_n as GRU's."""
import argparse

import torch
import torch.nn as nn


class SentenceClassifier(nn.Module):
    def __init__(self, cell, vocab_size, embed_dim, hidden_dim, n_classes):
        super().__init__()
        if cell == "lstm":
            rnn_class = nn.LSTM
        elif cell == "gru":
            rnn_class = nn.GRU
        else:
            raise ValueError(f"unknown cell {cell!r}")
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.rnn = rnn_class(embed_dim, hidden_dim, batch_first=True)
        self.out = nn.Linear(hidden_dim, n_classes)

    def forward(self, tokens):
        _, hidden = self.rnn(self.embedding(tokens))
        final = hidden.squeeze(0)  # E: shape "is a tuple"
        return self.out(final)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", default="lstm")
    args = parser.parse_args()
    model = SentenceClassifier(args.cell, 100, 8, 16, 3)
    print(model(torch.randint(0, 100, (4, 9))).shape)
