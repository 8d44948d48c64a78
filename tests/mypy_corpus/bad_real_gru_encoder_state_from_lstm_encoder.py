"""Hybrid seq2seq: an LSTM encoder's final (h, c) is handed to a GRU decoder as it is."""
import torch
from torch import nn


class Seq2Seq(nn.Module):
    def __init__(self, src_vocab, tgt_vocab, emb_size, hidden_size, num_layers=1):
        super().__init__()
        self.src_emb = nn.Embedding(src_vocab, emb_size)
        self.tgt_emb = nn.Embedding(tgt_vocab, emb_size)
        self.encoder = nn.LSTM(emb_size, hidden_size, num_layers)
        self.decoder = nn.GRU(emb_size, hidden_size, num_layers)
        self.proj = nn.Linear(hidden_size, tgt_vocab)

    def forward(self, src, tgt):
        _, encoder_state = self.encoder(self.src_emb(src))
        dec_out, _ = self.decoder(self.tgt_emb(tgt), encoder_state)  # E: shape "hx expected"
        return self.proj(dec_out)


if __name__ == "__main__":
    model = Seq2Seq(src_vocab=15, tgt_vocab=17, emb_size=5, hidden_size=6)
    src = torch.randint(0, 15, (8, 2))
    tgt = torch.randint(0, 17, (6, 2))
    logits = model(src, tgt)
