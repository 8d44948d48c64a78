"""BiLSTM tagger with hidden_dim // 2 per direction, so the output is hidden_dim wide again."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class BiLSTMTagger(nn.Module):
    def __init__(self, vocab_size, tagset_size, embedding_dim, hidden_dim):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim // 2, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(hidden_dim, tagset_size)

    def init_hidden(self, batch_size):
        return (torch.randn(2, batch_size, self.hidden_dim // 2),
                torch.randn(2, batch_size, self.hidden_dim // 2))

    def forward(self, x):
        out, _ = self.lstm(self.embedding(x), self.init_hidden(x.size(0)))
        return F.log_softmax(self.fc(out), dim=-1)


if __name__ == "__main__":
    tagger = BiLSTMTagger(vocab_size=20, tagset_size=4, embedding_dim=5, hidden_dim=8)
    scores = tagger(torch.randint(0, 20, (2, 7)))
