"""Bahdanau decoder over a bidirectional encoder: the context is 2 × enc_hid wide, the GRU expects one."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class AttnDecoder(nn.Module):
    def __init__(self, output_dim, emb_dim, enc_hid_dim, dec_hid_dim):
        super().__init__()
        self.embedding = nn.Embedding(output_dim, emb_dim)
        self.attn = nn.Linear(enc_hid_dim * 2 + dec_hid_dim, dec_hid_dim)
        self.v = nn.Linear(dec_hid_dim, 1, bias=False)
        self.rnn = nn.GRU(enc_hid_dim + emb_dim, dec_hid_dim)
        self.fc_out = nn.Linear(dec_hid_dim, output_dim)

    def forward(self, token, hidden, encoder_outputs):
        src_len = encoder_outputs.shape[0]
        embedded = self.embedding(token.unsqueeze(0))
        repeated = hidden.unsqueeze(1).repeat(1, src_len, 1)
        enc = encoder_outputs.permute(1, 0, 2)
        energy = torch.tanh(self.attn(torch.cat((repeated, enc), dim=2)))
        a = F.softmax(self.v(energy).squeeze(2), dim=1).unsqueeze(1)
        weighted = torch.bmm(a, enc).permute(1, 0, 2)
        rnn_input = torch.cat((embedded, weighted), dim=2)
        output, hidden = self.rnn(rnn_input, hidden.unsqueeze(0))  # R: torch raises here
        return self.fc_out(output.squeeze(0)), hidden.squeeze(0)


if __name__ == "__main__":
    enc_rnn = nn.GRU(5, 6, bidirectional=True)
    encoder_outputs, _ = enc_rnn(torch.randn(9, 2, 5))
    decoder = AttnDecoder(output_dim=15, emb_dim=4, enc_hid_dim=6, dec_hid_dim=7)
    token = torch.zeros(2, dtype=torch.long)
    prediction, hidden = decoder(token, torch.zeros(2, 7), encoder_outputs)  # E: shape "input expected"
