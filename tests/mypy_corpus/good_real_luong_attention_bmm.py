"""Luong attention decoder: bmm scores, context concatenated with the GRU output, 2 × hidden combine."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class LuongDecoder(nn.Module):
    def __init__(self, hidden_size, output_size, n_layers=1):
        super().__init__()
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers)
        self.concat = nn.Linear(hidden_size * 2, hidden_size)
        self.out = nn.Linear(hidden_size, output_size)

    def forward(self, input_step, last_hidden, encoder_outputs):
        embedded = self.embedding(input_step)
        rnn_output, hidden = self.gru(embedded, last_hidden)
        energies = torch.sum(rnn_output * encoder_outputs, dim=2).t()
        attn_weights = F.softmax(energies, dim=1).unsqueeze(1)
        context = attn_weights.bmm(encoder_outputs.transpose(0, 1))
        concat_input = torch.cat((rnn_output.squeeze(0), context.squeeze(1)), 1)
        output = self.out(torch.tanh(self.concat(concat_input)))
        return F.softmax(output, dim=1), hidden


if __name__ == "__main__":
    decoder = LuongDecoder(hidden_size=6, output_size=12, n_layers=2)
    step = torch.randint(0, 12, (1, 3))
    probs, hidden = decoder(step, torch.zeros(2, 3, 6), torch.randn(7, 3, 6))
