"""Step-by-step summariser decoder on an LSTMCell: the loop passes h alone where the cell wants (h, c)."""
import torch
import torch.nn as nn


class StepDecoder(nn.Module):
    def __init__(self, vocab_size, embed_size, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.embed = nn.Embedding(vocab_size, embed_size)
        self.cell = nn.LSTMCell(embed_size, hidden_size)
        self.out = nn.Linear(hidden_size, vocab_size)

    def forward(self, targets):
        batch_size, steps = targets.size()
        h = targets.new_zeros(batch_size, self.hidden_size, dtype=torch.float)
        logits = []
        for t in range(steps):
            h, c = self.cell(self.embed(targets[:, t]), h)  # E: shape "hx expected"
            logits.append(self.out(h))
        return torch.stack(logits, dim=1)


if __name__ == "__main__":
    decoder = StepDecoder(vocab_size=20, embed_size=5, hidden_size=7)
    scores = decoder(torch.randint(0, 20, (3, 6)))
