"""Title and body encoders whose final states are stacked, not joined: the fusion GRU expects them joined."""
import torch
import torch.nn as nn


class TwoFieldEncoder(nn.Module):
    def __init__(self, vocab_size, emb_dim, hid_dim, n_labels):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim)
        self.title_rnn = nn.GRU(emb_dim, hid_dim, batch_first=True)
        self.body_rnn = nn.GRU(emb_dim, hid_dim, batch_first=True)
        self.fusion = nn.GRU(2 * hid_dim, hid_dim, batch_first=True)
        self.out = nn.Linear(hid_dim, n_labels)

    def forward(self, title, body):
        _, title_h = self.title_rnn(self.embedding(title))
        _, body_h = self.body_rnn(self.embedding(body))
        fields = torch.stack((title_h[-1], body_h[-1]), dim=1)
        fused, _ = self.fusion(fields)  # R: torch raises here
        return self.out(fused[:, -1])


if __name__ == "__main__":
    model = TwoFieldEncoder(vocab_size=50, emb_dim=6, hid_dim=8, n_labels=3)
    title = torch.randint(0, 50, (4, 5))
    body = torch.randint(0, 50, (4, 20))
    logits = model(title, body)  # E: shape "input expected"
