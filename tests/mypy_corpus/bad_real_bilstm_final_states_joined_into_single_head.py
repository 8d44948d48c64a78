"""Review classifier: both directions' final states are joined, the head takes one."""
import torch
from torch import nn


class ReviewClassifier(nn.Module):
    def __init__(self, vocab_size, embedding_dim, hidden_dim, output_dim, n_layers, dropout):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.rnn = nn.LSTM(embedding_dim, hidden_dim, num_layers=n_layers,
                           bidirectional=True, dropout=dropout)
        self.fc = nn.Linear(hidden_dim, output_dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, text):
        embedded = self.dropout(self.embedding(text))
        output, (hidden, cell) = self.rnn(embedded)
        hidden = self.dropout(torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1))
        return self.fc(hidden)  # R: torch raises here


if __name__ == "__main__":
    model = ReviewClassifier(100, 8, 10, 1, n_layers=2, dropout=0.5)
    print(model(torch.randint(0, 100, (12, 3))).shape)  # E: shape "input expected"
