"""Image captioning decoder: the LSTMCell input leaves out the attention-weighted encoding."""
import torch
from torch import nn


class DecoderWithAttention(nn.Module):
    def __init__(self, embed_dim, decoder_dim, vocab_size, encoder_dim=32, dropout=0.5):
        super(DecoderWithAttention, self).__init__()
        self.encoder_dim = encoder_dim
        self.decoder_dim = decoder_dim
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.dropout = nn.Dropout(p=dropout)
        self.decode_step = nn.LSTMCell(embed_dim, decoder_dim, bias=True)
        self.f_beta = nn.Linear(decoder_dim, encoder_dim)
        self.fc = nn.Linear(decoder_dim, vocab_size)

    def forward(self, encoder_out, captions, max_len):
        batch_size = encoder_out.size(0)
        h = encoder_out.new_zeros(batch_size, self.decoder_dim)
        c = encoder_out.new_zeros(batch_size, self.decoder_dim)
        embeddings = self.embedding(captions)
        predictions = []
        for t in range(max_len):
            awe = self.f_beta(h)
            h, c = self.decode_step(torch.cat([embeddings[:, t, :], awe], dim=1), (h, c))  # R: torch raises here
            predictions.append(self.fc(self.dropout(h)))
        return torch.stack(predictions, dim=1)


if __name__ == "__main__":
    decoder = DecoderWithAttention(embed_dim=6, decoder_dim=8, vocab_size=25, encoder_dim=10)
    encoder_out = torch.randn(2, 16, 10)
    captions = torch.randint(0, 25, (2, 5))
    scores = decoder(encoder_out, captions, max_len=5)  # E: shape "input expected"
