"""Encoder with a table of RNN classes; the final state is read per cell type."""
import argparse

import torch
import torch.nn as nn

CELLS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


class Encoder(nn.Module):
    def __init__(self, cell, vocab, emb_dim, hidden_dim, n_classes):
        super().__init__()
        self.cell = cell
        self.embedding = nn.Embedding(vocab, emb_dim)
        self.rnn = CELLS[cell](emb_dim, hidden_dim, batch_first=True, bidirectional=True)
        self.classifier = nn.Linear(2 * hidden_dim, n_classes)

    def forward(self, tokens):
        _, hidden = self.rnn(self.embedding(tokens))
        if self.cell == "lstm":
            hidden = hidden[0]
        final = torch.cat((hidden[-2], hidden[-1]), dim=-1)
        return self.classifier(final)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cell", choices=list(CELLS), default="lstm")
    args = parser.parse_args()
    for cell in CELLS:
        model = Encoder(cell, 40, 6, 10, 3)
        print(model(torch.randint(0, 40, (2, 7))).shape)
    print(Encoder(args.cell, 40, 6, 10, 3)(torch.randint(0, 40, (2, 7))).shape)
