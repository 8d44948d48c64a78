"""Toxicity classifier: hidden[-1] of a BiGRU is one direction, the head expects both."""
import torch
import torch.nn as nn


class ToxicGRU(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim, n_labels, n_layers=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.gru = nn.GRU(embed_dim, hidden_dim, n_layers, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden_dim, n_labels)

    def forward(self, x):
        _, hidden = self.gru(self.embedding(x))
        return self.fc(hidden[-1])  # E: shape "input expected"


if __name__ == "__main__":
    model = ToxicGRU(vocab_size=50, embed_dim=6, hidden_dim=8, n_labels=6)
    logits = model(torch.randint(0, 50, (4, 13)))
