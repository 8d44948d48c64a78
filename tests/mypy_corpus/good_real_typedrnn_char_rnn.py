"""Char-RNN on typedrnn modules, generating one batched character at a time."""
import string

import torch
from torch import nn

import typedrnn

characters = string.ascii_lowercase + " "


class CharRNN(nn.Module):
    def __init__(self, n_chars, hidden_size, n_layers):
        super().__init__()
        self.hidden_size = hidden_size
        self.n_layers = n_layers
        self.encoder = nn.Embedding(n_chars, hidden_size)
        self.gru = typedrnn.GRU(hidden_size, hidden_size, n_layers)
        self.decoder = typedrnn.Linear(hidden_size, n_chars)

    def forward(self, input, hidden):
        output, hidden = self.gru(self.encoder(input.view(1, -1)), hidden)
        return self.decoder(output.view(1, -1)), hidden

    def init_hidden(self, batch_size):
        return torch.zeros(self.n_layers, batch_size, self.hidden_size)


if __name__ == "__main__":
    model = CharRNN(len(characters), 8, 2)
    hidden = model.init_hidden(1)
    inp = torch.tensor([characters.index("t")])
    text = "t"
    for _ in range(10):
        logits, hidden = model(inp, hidden)
        inp = torch.multinomial(logits.view(-1).softmax(0), 1)
        text += characters[int(inp)]
