"""Seq2seq with a bidirectional encoder whose h_n goes straight into a unidirectional decoder."""
import torch
import torch.nn as nn


class Seq2Seq(nn.Module):
    def __init__(self, src_vocab, tgt_vocab, emb_size, hidden_size, num_layers):
        super().__init__()
        self.src_embed = nn.Embedding(src_vocab, emb_size)
        self.tgt_embed = nn.Embedding(tgt_vocab, emb_size)
        self.encoder = nn.GRU(emb_size, hidden_size, num_layers, bidirectional=True)
        self.decoder = nn.GRU(emb_size, hidden_size, num_layers)
        self.generator = nn.Linear(hidden_size, tgt_vocab)

    def forward(self, src, tgt):
        _, encoder_hidden = self.encoder(self.src_embed(src))
        dec_out, _ = self.decoder(self.tgt_embed(tgt), encoder_hidden)  # R: torch raises here
        return self.generator(dec_out)


if __name__ == "__main__":
    model = Seq2Seq(src_vocab=20, tgt_vocab=21, emb_size=5, hidden_size=6, num_layers=2)
    out = model(torch.randint(0, 20, (7, 3)), torch.randint(0, 21, (6, 3)))  # E: shape "h0 expected"
