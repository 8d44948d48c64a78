"""Sentiment model that flattens every final state of a two-layer BiLSTM: the head counts one layer."""
import torch
import torch.nn as nn


class FlatStateSentiment(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, num_layers=2, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(2 * hidden_dim, 1)

    def forward(self, x):
        batch_size = x.size(0)
        _, (h_n, _) = self.lstm(self.embedding(x))
        flat = h_n.permute(1, 0, 2).reshape(batch_size, -1)
        return torch.sigmoid(self.fc(flat))  # R: torch raises here


if __name__ == "__main__":
    model = FlatStateSentiment(vocab_size=50, embed_dim=6, hidden_dim=5)
    print(model(torch.randint(0, 50, (3, 9))).shape)  # E: shape "input expected"
