"""Char-RNN sampler: one character is embedded without a batch axis, the state keeps one."""
import string

import torch
import torch.nn as nn

all_characters = string.printable
n_characters = len(all_characters)


class CharRNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size, n_layers=1):
        super(CharRNN, self).__init__()
        self.hidden_size = hidden_size
        self.n_layers = n_layers
        self.encoder = nn.Embedding(input_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers)
        self.decoder = nn.Linear(hidden_size, output_size)

    def init_hidden(self, batch_size):
        return torch.zeros(self.n_layers, batch_size, self.hidden_size)

    def generate(self, prime_str="A", predict_len=20):
        hidden = self.init_hidden(1)
        inp = torch.tensor([all_characters.index(c) for c in prime_str])
        predicted = prime_str
        for _ in range(predict_len):
            output, hidden = self.gru(self.encoder(inp[-1:]), hidden)  # MISS: shape "h0 expected"
            top_i = torch.multinomial(self.decoder(output).view(-1).exp(), 1)[0]
            predicted += all_characters[top_i]
            inp = torch.tensor([top_i])
        return predicted


if __name__ == "__main__":
    model = CharRNN(n_characters, 12, n_characters, n_layers=2)
    print(model.generate("Wh", 10))
