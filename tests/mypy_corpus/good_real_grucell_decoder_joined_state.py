"""GRUCell decoder whose width is 2 × hidden, matching the joined BiGRU final states."""
import torch
import torch.nn as nn


class Summarizer(nn.Module):
    def __init__(self, vocab_size, emb_dim, hidden_dim):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim)
        self.encoder = nn.GRU(emb_dim, hidden_dim, bidirectional=True)
        self.cell = nn.GRUCell(emb_dim, 2 * hidden_dim)
        self.out = nn.Linear(2 * hidden_dim, vocab_size)

    def forward(self, src, tgt):
        _, h_n = self.encoder(self.embedding(src))
        hidden = torch.cat((h_n[-2], h_n[-1]), dim=1)
        logits = []
        for token in tgt:
            hidden = self.cell(self.embedding(token), hidden)
            logits.append(self.out(hidden))
        return torch.stack(logits)


if __name__ == "__main__":
    model = Summarizer(vocab_size=30, emb_dim=5, hidden_dim=4)
    print(model(torch.randint(0, 30, (8, 2)), torch.randint(0, 30, (3, 2))).shape)
