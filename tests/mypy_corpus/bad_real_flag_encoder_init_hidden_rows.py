"""Encoder with a bidirectional switch: the head handles it, init_hidden does not."""
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, vocab_size, embed_size, hidden_size, num_layers, bidirectional):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.num_directions = 2 if bidirectional else 1
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size, hidden_size, num_layers, bidirectional=bidirectional)
        self.fc = nn.Linear(hidden_size * self.num_directions, hidden_size)

    def init_hidden(self, batch_size):
        return torch.zeros(self.num_layers, batch_size, self.hidden_size)

    def forward(self, src, hidden):
        outputs, hidden = self.rnn(self.embedding(src), hidden)  # R: torch raises here
        return torch.tanh(self.fc(outputs)), hidden


if __name__ == "__main__":
    encoder = Encoder(vocab_size=25, embed_size=6, hidden_size=8, num_layers=2, bidirectional=True)
    src = torch.randint(0, 25, (7, 3))
    outputs, hidden = encoder(src, encoder.init_hidden(3))  # E: shape "h0 expected"
