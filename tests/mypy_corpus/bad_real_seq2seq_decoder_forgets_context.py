"""Encoder-decoder with attention in one module: the decoder GRU is fed [embedding; context]."""
import random

import torch
import torch.nn as nn
import torch.nn.functional as F


class Seq2Seq(nn.Module):
    def __init__(self, src_vocab, trg_vocab, emb_dim, hid_dim):
        super().__init__()
        self.trg_vocab = trg_vocab
        self.src_embedding = nn.Embedding(src_vocab, emb_dim)
        self.trg_embedding = nn.Embedding(trg_vocab, emb_dim)
        self.encoder = nn.GRU(emb_dim, hid_dim)
        self.decoder = nn.GRU(emb_dim, hid_dim)
        self.out = nn.Linear(hid_dim, trg_vocab)

    def forward(self, src, trg, teacher_forcing_ratio=0.5):
        encoder_outputs, hidden = self.encoder(self.src_embedding(src))
        token = trg[0]
        outputs = []
        for t in range(1, trg.size(0)):
            embedded = self.trg_embedding(token).unsqueeze(0)
            scores = torch.bmm(encoder_outputs.permute(1, 0, 2), hidden.permute(1, 2, 0))
            weights = F.softmax(scores, dim=1)
            context = torch.bmm(weights.permute(0, 2, 1), encoder_outputs.permute(1, 0, 2))
            rnn_input = torch.cat((embedded, context.permute(1, 0, 2)), dim=2)
            output, hidden = self.decoder(rnn_input, hidden)  # R: torch raises here
            prediction = self.out(output.squeeze(0))
            outputs.append(prediction)
            token = trg[t] if random.random() < teacher_forcing_ratio else prediction.argmax(1)
        return torch.stack(outputs)


if __name__ == "__main__":
    model = Seq2Seq(src_vocab=20, trg_vocab=22, emb_dim=6, hid_dim=8)
    src = torch.randint(0, 20, (7, 3))
    trg = torch.randint(0, 22, (5, 3))
    print(model(src, trg).shape)  # E: shape "input expected"
