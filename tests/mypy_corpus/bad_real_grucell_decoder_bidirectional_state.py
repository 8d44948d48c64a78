"""Pointer-style decoder stepping a GRUCell; its first state is the BiGRU's two directions joined."""
import torch
import torch.nn as nn


class PointerNet(nn.Module):
    def __init__(self, input_dim, hidden_dim):
        super().__init__()
        self.encoder = nn.GRU(input_dim, hidden_dim, batch_first=True, bidirectional=True)
        self.decoder_cell = nn.GRUCell(input_dim, hidden_dim)
        self.ref_proj = nn.Linear(2 * hidden_dim, hidden_dim)

    def forward(self, points, steps):
        enc_out, h_n = self.encoder(points)
        hidden = torch.cat((h_n[0], h_n[1]), dim=1)
        dec_input = points[:, 0, :]
        refs = self.ref_proj(enc_out)
        pointers = []
        for _ in range(steps):
            hidden = self.decoder_cell(dec_input, hidden)  # R: torch raises here
            scores = torch.bmm(refs, hidden.unsqueeze(2)).squeeze(2)
            pointers.append(scores.argmax(1))
        return torch.stack(pointers, 1)


if __name__ == "__main__":
    net = PointerNet(input_dim=2, hidden_dim=6)
    points = torch.rand(3, 8, 2)
    print(net(points, steps=4))  # E: shape "h expected"
