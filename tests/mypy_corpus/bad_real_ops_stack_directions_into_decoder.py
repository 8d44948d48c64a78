"""Translation model: the decoder wants both directions side by side, the bridge stacks them into two layers."""
import torch
import torch.nn as nn


class Seq2Seq(nn.Module):
    def __init__(self, src_vocab, trg_vocab, emb_dim, enc_hid):
        super().__init__()
        self.src_embedding = nn.Embedding(src_vocab, emb_dim)
        self.trg_embedding = nn.Embedding(trg_vocab, emb_dim)
        self.encoder = nn.GRU(emb_dim, enc_hid, bidirectional=True)
        self.decoder = nn.GRU(emb_dim, enc_hid * 2)
        self.out = nn.Linear(enc_hid * 2, trg_vocab)

    def forward(self, src, trg):
        _, h_n = self.encoder(self.src_embedding(src))
        hidden = torch.stack((h_n[-2], h_n[-1]))
        outputs, _ = self.decoder(self.trg_embedding(trg), hidden)  # R: torch raises here
        return self.out(outputs)


if __name__ == "__main__":
    model = Seq2Seq(src_vocab=30, trg_vocab=20, emb_dim=6, enc_hid=8)
    src = torch.randint(0, 30, (9, 3))
    trg = torch.randint(0, 20, (5, 3))
    logits = model(src, trg)  # E: shape "h0 expected"
