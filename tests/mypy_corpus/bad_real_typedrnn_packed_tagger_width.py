"""Padded batch tagger on typedrnn with packing: the packed embeddings miss the case feature width."""
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

import typedrnn


class PackedTagger(nn.Module):
    def __init__(self, vocab_size, emb_dim, hidden_dim, n_tags):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.case_embedding = nn.Embedding(4, emb_dim)
        self.lstm = typedrnn.LSTM(emb_dim, hidden_dim, batch_first=True)
        self.out = typedrnn.Linear(hidden_dim, n_tags)

    def forward(self, tokens, cases, lengths):
        embedded = torch.cat([self.embedding(tokens), self.case_embedding(cases)], dim=-1)
        packed = pack_padded_sequence(embedded, lengths, batch_first=True, enforce_sorted=False)
        packed_out, _ = self.lstm(packed)  # E: shape "input.data expected"
        out, _ = pad_packed_sequence(packed_out, batch_first=True)
        return self.out(out)


if __name__ == "__main__":
    tagger = PackedTagger(vocab_size=30, emb_dim=5, hidden_dim=6, n_tags=4)
    tokens = torch.randint(1, 30, (3, 8))
    cases = torch.randint(0, 4, (3, 8))
    scores = tagger(tokens, cases, torch.tensor([8, 5, 3]))
