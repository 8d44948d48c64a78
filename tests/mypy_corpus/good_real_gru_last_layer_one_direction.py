"""Unidirectional GRU: hidden[-1] is the top layer's state, hidden wide, into Linear(hidden, n)."""
import argparse

import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self, args):
        super().__init__()
        self.embedding = nn.Embedding(args.vocab_size, args.embed_dim)
        self.gru = nn.GRU(args.embed_dim, args.hidden_dim, args.num_layers, batch_first=True)
        self.fc = nn.Linear(args.hidden_dim, args.num_classes)

    def forward(self, x):
        _, hidden = self.gru(self.embedding(x))
        return self.fc(hidden[-1])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--vocab_size", type=int, default=50)
    parser.add_argument("--embed_dim", type=int, default=6)
    parser.add_argument("--hidden_dim", type=int, default=7)
    parser.add_argument("--num_layers", type=int, default=3)
    parser.add_argument("--num_classes", type=int, default=2)
    args = parser.parse_args()
    print(Classifier(args)(torch.randint(0, 50, (4, 10))).shape)
