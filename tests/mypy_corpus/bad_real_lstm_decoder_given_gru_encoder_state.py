"""Translation model: GRU encoder, LSTM decoder, and the GRU's h_n passed as the LSTM state."""
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, input_dim, emb_dim, hid_dim, n_layers):
        super().__init__()
        self.embedding = nn.Embedding(input_dim, emb_dim)
        self.rnn = nn.GRU(emb_dim, hid_dim, n_layers)

    def forward(self, src):
        outputs, hidden = self.rnn(self.embedding(src))
        return hidden


class Decoder(nn.Module):
    def __init__(self, output_dim, emb_dim, hid_dim, n_layers):
        super().__init__()
        self.embedding = nn.Embedding(output_dim, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hid_dim, n_layers)
        self.fc_out = nn.Linear(hid_dim, output_dim)

    def forward(self, input, hidden):
        embedded = self.embedding(input.unsqueeze(0))
        output, hidden = self.rnn(embedded, hidden)  # R: torch raises here
        return self.fc_out(output.squeeze(0)), hidden


if __name__ == "__main__":
    enc = Encoder(input_dim=12, emb_dim=4, hid_dim=6, n_layers=2)
    dec = Decoder(output_dim=14, emb_dim=4, hid_dim=6, n_layers=2)
    hidden = enc(torch.randint(0, 12, (7, 3)))
    prediction, hidden = dec(torch.randint(0, 14, (3,)), hidden)  # E: shape "hx expected"
