"""Highway-gated char encoder: split cuts the BiGRU output into its two directions, the gate reads one."""
import torch
import torch.nn as nn


class GatedCharEncoder(nn.Module):
    def __init__(self, n_chars, char_dim, hidden):
        super().__init__()
        self.embed = nn.Embedding(n_chars, char_dim)
        self.gru = nn.GRU(char_dim, hidden, batch_first=True, bidirectional=True)
        self.gate = nn.Linear(hidden, hidden)

    def forward(self, chars):
        out, _ = self.gru(self.embed(chars))
        forward_half, backward_half = out.split(out.size(-1) // 2, dim=-1)
        g = torch.sigmoid(self.gate(forward_half))
        return g * forward_half + (1 - g) * backward_half


if __name__ == "__main__":
    encoder = GatedCharEncoder(n_chars=26, char_dim=4, hidden=6)
    print(encoder(torch.randint(0, 26, (5, 9))).shape)
