"""Seq2seq encoder: a bidirectional GRU whose initial state has one row per layer."""
import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class EncoderRNN(nn.Module):
    def __init__(self, input_size, hidden_size, n_layers=1):
        super(EncoderRNN, self).__init__()
        self.hidden_size = hidden_size
        self.n_layers = n_layers
        self.embedding = nn.Embedding(input_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers, bidirectional=True)

    def forward(self, input_seqs, hidden):
        embedded = self.embedding(input_seqs)
        outputs, hidden = self.gru(embedded, hidden)  # R: torch raises here
        outputs = outputs[:, :, :self.hidden_size] + outputs[:, :, self.hidden_size:]
        return outputs, hidden

    def init_hidden(self, batch_size):
        return torch.zeros(self.n_layers, batch_size, self.hidden_size, device=device)


if __name__ == "__main__":
    encoder = EncoderRNN(input_size=30, hidden_size=8, n_layers=2).to(device)
    src = torch.randint(0, 30, (5, 2), device=device)
    outputs, hidden = encoder(src, encoder.init_hidden(2))  # E: shape "h0 expected"
