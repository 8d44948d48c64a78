"""Attention decoder step over a bidirectional encoder: the context is 2·hidden wide, the combine layer assumes hidden."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class AttnDecoderStep(nn.Module):
    def __init__(self, vocab_size, hidden_size):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.attn = nn.Linear(hidden_size * 2, hidden_size)
        self.concat = nn.Linear(hidden_size * 2, hidden_size)
        self.out = nn.Linear(hidden_size, vocab_size)

    def forward(self, token, hidden, encoder_outputs):
        rnn_output, hidden = self.gru(self.embedding(token), hidden)
        keys = self.attn(encoder_outputs)
        weights = F.softmax(torch.bmm(rnn_output, keys.transpose(1, 2)), dim=-1)
        context = torch.bmm(weights, encoder_outputs)
        combined = torch.tanh(self.concat(torch.cat((rnn_output, context), dim=2)))  # R: torch raises here
        return self.out(combined.squeeze(1)), hidden


if __name__ == "__main__":
    hidden_size = 8
    encoder = nn.GRU(5, hidden_size, batch_first=True, bidirectional=True)
    decoder = AttnDecoderStep(vocab_size=15, hidden_size=hidden_size)
    encoder_outputs, _ = encoder(torch.randn(3, 11, 5))
    token = torch.randint(0, 15, (3, 1))
    logits, hidden = decoder(token, torch.zeros(1, 3, hidden_size), encoder_outputs)  # E: shape "input expected"
