"""Attention decoder in the tutorial style: [word; context] into a GRU sized for the word alone."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class AttnDecoderRNN(nn.Module):
    def __init__(self, hidden_size, output_size, n_layers=1, dropout_p=0.1):
        super(AttnDecoderRNN, self).__init__()
        self.hidden_size = hidden_size
        self.n_layers = n_layers
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.attn = nn.Linear(hidden_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers, dropout=dropout_p)
        self.out = nn.Linear(hidden_size * 2, output_size)

    def forward(self, word_input, last_hidden, encoder_outputs):
        word_embedded = self.embedding(word_input).view(1, -1, self.hidden_size)
        energy = self.attn(encoder_outputs).transpose(0, 1)
        scores = torch.bmm(energy, last_hidden[-1].unsqueeze(2))
        attn_weights = F.softmax(scores, dim=1)
        context = torch.bmm(attn_weights.transpose(1, 2), energy)
        rnn_input = torch.cat((word_embedded, context.transpose(0, 1)), 2)
        rnn_output, hidden = self.gru(rnn_input, last_hidden)  # R: torch raises here
        output = F.log_softmax(self.out(torch.cat((rnn_output.squeeze(0), context.squeeze(1)), 1)), dim=1)
        return output, hidden

if __name__ == "__main__":
    decoder = AttnDecoderRNN(hidden_size=8, output_size=15, n_layers=2)
    hidden = torch.zeros(2, 1, 8)
    encoder_outputs = torch.randn(6, 1, 8)
    output, hidden = decoder(torch.tensor([3]), hidden, encoder_outputs)  # E: shape "input expected"
