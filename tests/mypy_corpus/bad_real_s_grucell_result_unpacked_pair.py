"""Pointer-network decoder moved to GRUCell: its single state is still unpacked as (h, c)."""
import torch
import torch.nn as nn


class PointerDecoder(nn.Module):
    def __init__(self, embedding_dim, hidden_dim):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.cell = nn.GRUCell(embedding_dim, hidden_dim)
        self.W_ref = nn.Linear(hidden_dim, hidden_dim, bias=False)
        self.W_q = nn.Linear(hidden_dim, hidden_dim, bias=False)
        self.v = nn.Linear(hidden_dim, 1, bias=False)

    def forward(self, decoder_input, hidden, context):
        h, c = self.cell(decoder_input, hidden)  # R: torch raises here
        scores = self.v(torch.tanh(self.W_ref(context) + self.W_q(h).unsqueeze(1))).squeeze(-1)
        return scores.softmax(dim=-1), h


if __name__ == "__main__":
    decoder = PointerDecoder(embedding_dim=4, hidden_dim=6)
    context = torch.randn(5, 10, 6)
    probs, hidden = decoder(torch.randn(5, 4), torch.zeros(5, 6), context)  # E: shape "unpacked into"
