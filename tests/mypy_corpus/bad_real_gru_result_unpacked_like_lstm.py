"""Question encoder moved from LSTM to GRU; the result is still unpacked as (out, (h, c))."""
import torch
import torch.nn as nn


class QuestionEncoder(nn.Module):
    def __init__(self, vocab_size, word_dim, hidden_dim):
        super(QuestionEncoder, self).__init__()
        self.embed = nn.Embedding(vocab_size, word_dim)
        self.rnn = nn.GRU(word_dim, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, hidden_dim)

    def forward(self, question):
        output, (h, c) = self.rnn(self.embed(question))  # R: torch raises here
        return torch.tanh(self.fc(h[-1]))


if __name__ == "__main__":
    encoder = QuestionEncoder(vocab_size=40, word_dim=6, hidden_dim=9)
    q = encoder(torch.randint(0, 40, (3, 11)))  # E: shape "unpacked into"
