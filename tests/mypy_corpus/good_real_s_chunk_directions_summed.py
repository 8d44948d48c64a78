"""Tagger that sums its BiLSTM's two directions with chunk: the head reads one direction's width."""
import torch
import torch.nn as nn


class SumTagger(nn.Module):
    def __init__(self, vocab_size, emb_dim, hidden_dim, n_tags):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, emb_dim)
        self.lstm = nn.LSTM(emb_dim, hidden_dim, batch_first=True, bidirectional=True)
        self.hidden2tag = nn.Linear(hidden_dim, n_tags)

    def forward(self, words):
        out, _ = self.lstm(self.embed(words))
        forward_out, backward_out = out.chunk(2, dim=-1)
        return self.hidden2tag(forward_out + backward_out)


if __name__ == "__main__":
    tagger = SumTagger(vocab_size=30, emb_dim=5, hidden_dim=6, n_tags=4)
    print(tagger(torch.randint(0, 30, (2, 7))).shape)
