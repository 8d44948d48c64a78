"""Bidirectional GRU encoder with hidden_size // 2 per direction and 2 × layers state rows."""
import torch
import torch.nn as nn


class EncoderRNN(nn.Module):
    def __init__(self, vocab_size, hidden_size, n_layers=1):
        super().__init__()
        self.hidden_size = hidden_size
        self.n_layers = n_layers
        self.embedding = nn.Embedding(vocab_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size // 2, n_layers, bidirectional=True)

    def init_hidden(self, batch_size):
        return torch.zeros(self.n_layers * 2, batch_size, self.hidden_size // 2)

    def forward(self, input_seqs, hidden):
        outputs, hidden = self.gru(self.embedding(input_seqs), hidden)
        return outputs, hidden


if __name__ == "__main__":
    encoder = EncoderRNN(vocab_size=25, hidden_size=8, n_layers=2)
    outputs, hidden = encoder(torch.randint(0, 25, (6, 3)), encoder.init_hidden(3))
