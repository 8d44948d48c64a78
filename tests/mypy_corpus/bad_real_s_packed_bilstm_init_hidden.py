"""Review classifier over packed sequences: init_hidden forgets the second direction's rows."""
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence


class ReviewClassifier(nn.Module):
    def __init__(self, vocab_size, embedding_dim, hidden_dim, n_layers, output_dim):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.n_layers = n_layers
        self.embedding = nn.Embedding(vocab_size, embedding_dim, padding_idx=0)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, n_layers, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(hidden_dim * 2, output_dim)

    def init_hidden(self, batch_size):
        h0 = torch.zeros(self.n_layers, batch_size, self.hidden_dim)
        c0 = torch.zeros(self.n_layers, batch_size, self.hidden_dim)
        return (h0, c0)

    def forward(self, text, lengths):
        embedded = self.embedding(text)
        packed = pack_padded_sequence(embedded, lengths, batch_first=True, enforce_sorted=False)
        hidden = self.init_hidden(text.size(0))
        _, (h_n, _) = self.lstm(packed, hidden)  # E: shape "h0 expected"
        return self.fc(torch.cat((h_n[-2], h_n[-1]), dim=1))


if __name__ == "__main__":
    model = ReviewClassifier(50, 6, 8, 2, 1)
    text = torch.randint(1, 50, (3, 10))
    print(model(text, torch.tensor([10, 7, 4])).shape)
