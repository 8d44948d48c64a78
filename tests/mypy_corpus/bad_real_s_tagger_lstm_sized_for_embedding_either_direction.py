"""POS tagger whose LSTM takes hidden_dim features while the embeddings are embedding_dim wide.

The mistake does not depend on --bidirectional, but the module's description does: the
report says it holds either way and which case it shows.
"""
import argparse

import torch
import torch.nn as nn


class LSTMTagger(nn.Module):
    def __init__(self, vocab_size, embedding_dim, hidden_dim, tagset_size, bidirectional=False):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(hidden_dim, hidden_dim, batch_first=True, bidirectional=bidirectional)
        directions = 2 if bidirectional else 1
        self.hidden2tag = nn.Linear(hidden_dim * directions, tagset_size)

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds)  # R: torch raises here
        return torch.log_softmax(self.hidden2tag(lstm_out), dim=-1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bidirectional", action="store_true")
    args = parser.parse_args()
    model = LSTMTagger(vocab_size=30, embedding_dim=6, hidden_dim=8, tagset_size=5, bidirectional=args.bidirectional)
    sentence = torch.randint(0, 30, (2, 7))
    scores = model(sentence)  # E: shape "input expected"  # N: whether or not args.bidirectional is True; shown when args.bidirectional is True:
    print(scores.shape)
