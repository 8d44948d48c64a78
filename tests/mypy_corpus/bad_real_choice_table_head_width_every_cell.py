"""Tagger whose RNN class comes from a table of names; the head is sized for two directions."""
import argparse

import torch
import torch.nn as nn

RNN_CLASSES = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class Tagger(nn.Module):
    def __init__(self, rnn_type, vocab_size, emb_dim, hidden_dim, n_tags):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb_dim)
        self.rnn = RNN_CLASSES[rnn_type](emb_dim, hidden_dim, batch_first=True)
        self.hidden2tag = nn.Linear(2 * hidden_dim, n_tags)

    def forward(self, words):
        output, _ = self.rnn(self.emb(words))
        return self.hidden2tag(output)  # E: shape "input expected"


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rnn-type", choices=["rnn", "lstm", "gru"], default="gru")
    parser.add_argument("--hidden", type=int, default=12)
    args = parser.parse_args()
    tagger = Tagger(args.rnn_type, 30, 5, args.hidden, 4)
    scores = tagger(torch.randint(0, 30, (2, 6)))
