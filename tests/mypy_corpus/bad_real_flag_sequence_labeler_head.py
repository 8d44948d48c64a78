"""NER sequence labeler with a use_bilstm switch; the emission layer only fits the off case."""
import torch
import torch.nn as nn


class SequenceLabeler(nn.Module):
    def __init__(self, word_vocab, word_dim, hidden_dim, num_tags, use_bilstm=True, layers=1):
        super().__init__()
        self.word_emb = nn.Embedding(word_vocab, word_dim)
        self.encoder = nn.LSTM(word_dim, hidden_dim, num_layers=layers,
                               bidirectional=use_bilstm, batch_first=True)
        self.dropout = nn.Dropout(0.5)
        self.emission = nn.Linear(hidden_dim, num_tags)

    def forward(self, words):
        features, _ = self.encoder(self.dropout(self.word_emb(words)))
        return self.emission(self.dropout(features))  # E: shape "input expected"


if __name__ == "__main__":
    tagger = SequenceLabeler(word_vocab=40, word_dim=7, hidden_dim=9, num_tags=5)
    words = torch.randint(0, 40, (2, 8))
    scores = tagger(words)
