"""Sentiment model joining both directions' last-layer states into a 2 × hidden head."""
import torch
from torch import nn


class SentimentRNN(nn.Module):
    def __init__(self, vocab_size, embedding_dim, hidden_dim, output_dim, n_layers, dropout):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.rnn = nn.LSTM(embedding_dim, hidden_dim, num_layers=n_layers,
                           bidirectional=True, dropout=dropout)
        self.fc = nn.Linear(hidden_dim * 2, output_dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, text):
        output, (hidden, cell) = self.rnn(self.dropout(self.embedding(text)))
        hidden = self.dropout(torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1))
        return self.fc(hidden)


if __name__ == "__main__":
    model = SentimentRNN(50, 6, 7, 1, n_layers=2, dropout=0.3)
    print(model(torch.randint(0, 50, (9, 4))).shape)
