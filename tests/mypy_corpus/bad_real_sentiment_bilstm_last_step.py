"""Sentiment classifier: last time step of a batch-first BiLSTM into a one-direction head."""
import torch
from torch import nn


class SentimentLSTM(nn.Module):
    def __init__(self, vocab_size, embedding_dim, hidden_dim, output_dim, n_layers, drop_prob=0.3):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, n_layers,
                            dropout=drop_prob, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(drop_prob)
        self.fc = nn.Linear(hidden_dim, output_dim)

    def forward(self, text):
        embedded = self.embedding(text)
        lstm_out, _ = self.lstm(embedded)
        last = self.dropout(lstm_out[:, -1, :])
        return torch.sigmoid(self.fc(last))  # E: shape "input expected"


if __name__ == "__main__":
    model = SentimentLSTM(vocab_size=100, embedding_dim=10, hidden_dim=12, output_dim=1, n_layers=2)
    reviews = torch.randint(1, 100, (5, 9))
    print(model(reviews).shape)
