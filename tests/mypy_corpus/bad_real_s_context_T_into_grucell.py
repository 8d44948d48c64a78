"""Decoder whose attention context is transposed twice: context.T is (hidden, batch) at the GRUCell."""
import torch
import torch.nn as nn

BATCH = 3
HIDDEN = 8
SRC_LEN = 6


class StepAttention(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.cell = nn.GRUCell(hidden_size, hidden_size)

    def forward(self, h, encoder_outputs):
        scores = torch.matmul(encoder_outputs, h.unsqueeze(2)).squeeze(2)
        weights = torch.softmax(scores, dim=1)
        context = torch.bmm(weights.unsqueeze(1), encoder_outputs).squeeze(1)
        return self.cell(context.T, h)  # R: torch raises here


if __name__ == "__main__":
    step = StepAttention(HIDDEN)
    h = torch.zeros(BATCH, HIDDEN)
    encoder_outputs = torch.randn(BATCH, SRC_LEN, HIDDEN)
    for _ in range(2):
        h = step(h, encoder_outputs)  # E: shape "input expected"
