"""Captioning decoder whose LSTMCell input is embed_dim + encoder_dim, as its input is built."""
import torch
from torch import nn


class CaptionDecoder(nn.Module):
    def __init__(self, embed_dim, decoder_dim, vocab_size, encoder_dim=32):
        super().__init__()
        self.decoder_dim = decoder_dim
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.decode_step = nn.LSTMCell(embed_dim + encoder_dim, decoder_dim)
        self.init_h = nn.Linear(encoder_dim, decoder_dim)
        self.init_c = nn.Linear(encoder_dim, decoder_dim)
        self.f_beta = nn.Linear(decoder_dim, encoder_dim)
        self.fc = nn.Linear(decoder_dim, vocab_size)

    def forward(self, encoder_out, captions):
        mean_encoder_out = encoder_out.mean(dim=1)
        h, c = self.init_h(mean_encoder_out), self.init_c(mean_encoder_out)
        embeddings = self.embedding(captions)
        predictions = []
        for t in range(captions.size(1)):
            gate = torch.sigmoid(self.f_beta(h))
            awe = gate * mean_encoder_out
            h, c = self.decode_step(torch.cat([embeddings[:, t, :], awe], dim=1), (h, c))
            predictions.append(self.fc(h))
        return torch.stack(predictions, dim=1)


if __name__ == "__main__":
    decoder = CaptionDecoder(embed_dim=5, decoder_dim=6, vocab_size=20, encoder_dim=8)
    print(decoder(torch.randn(2, 10, 8), torch.randint(0, 20, (2, 4))).shape)
