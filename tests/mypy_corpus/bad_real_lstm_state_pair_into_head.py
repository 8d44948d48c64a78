"""Spam filter: an (h, c) pair from the LSTM reaches the classifier as if it were a tensor."""
import torch
from torch import nn


class SpamFilter(nn.Module):
    def __init__(self, vocab_size, emb_dim, hidden_dim):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.lstm = nn.LSTM(emb_dim, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, 1)

    def forward(self, x):
        _, h = self.lstm(self.embedding(x))
        return torch.sigmoid(self.fc(h))  # E: shape "is a tuple"


if __name__ == "__main__":
    model = SpamFilter(vocab_size=64, emb_dim=8, hidden_dim=8)
    probs = model(torch.randint(1, 64, (5, 20)))
