"""typedrnn.LSTM over a packed batch, with the h0 in the caller's batch order."""
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

import typedrnn


class PackedTagger(nn.Module):
    def __init__(self, vocab_size, emb_dim, hidden_dim, n_tags, num_layers=2):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.num_layers = num_layers
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.lstm = typedrnn.LSTM(emb_dim, hidden_dim, num_layers, batch_first=True)
        self.out = typedrnn.Linear(hidden_dim, n_tags)

    def forward(self, tokens, lengths):
        h0 = torch.zeros(self.num_layers, tokens.size(0), self.hidden_dim)
        packed = pack_padded_sequence(self.embedding(tokens), lengths, batch_first=True,
                                      enforce_sorted=False)
        packed_out, _ = self.lstm(packed, (h0, torch.zeros_like(h0)))
        out, _ = pad_packed_sequence(packed_out, batch_first=True)
        return self.out(out)


if __name__ == "__main__":
    tagger = PackedTagger(30, 5, 6, 4)
    print(tagger(torch.randint(1, 30, (3, 8)), torch.tensor([8, 5, 3])).shape)
