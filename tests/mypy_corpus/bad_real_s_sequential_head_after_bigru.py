"""News topic model: a Sequential MLP head over a BiGRU's outputs, its first layer sized for one direction."""
import torch
import torch.nn as nn


class TopicClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim, n_topics, dropout=0.3):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.gru = nn.GRU(embed_dim, hidden_dim, num_layers=2, bidirectional=True, dropout=dropout)
        self.head = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(hidden_dim, hidden_dim),
            nn.ReLU(),
            nn.Linear(hidden_dim, n_topics),
        )

    def forward(self, text):
        output, _ = self.gru(self.embedding(text))
        pooled, _ = output.max(dim=0)
        return self.head(pooled)  # R: torch raises here


if __name__ == "__main__":
    model = TopicClassifier(vocab_size=60, embed_dim=8, hidden_dim=10, n_topics=4)
    logits = model(torch.randint(0, 60, (12, 3)))  # E: shape "input expected"
