"""Packed sentence encoder: h0 is sized from the padded batch's size(1), which is time in a batch-first batch."""
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


class PackedEncoder(nn.Module):
    def __init__(self, vocab_size, embed_size, hidden_size, num_layers=1):
        super().__init__()
        self.num_layers = num_layers
        self.hidden_size = hidden_size
        self.embed = nn.Embedding(vocab_size, embed_size, padding_idx=0)
        self.lstm = nn.LSTM(embed_size, hidden_size, num_layers, batch_first=True)

    def forward(self, padded, lengths):
        h0 = torch.zeros(self.num_layers, padded.size(1), self.hidden_size)
        c0 = torch.zeros(self.num_layers, padded.size(1), self.hidden_size)
        packed = pack_padded_sequence(self.embed(padded), lengths, batch_first=True)
        output, (h_n, c_n) = self.lstm(packed, (h0, c0))  # R: torch raises here
        output, _ = pad_packed_sequence(output, batch_first=True)
        return output, h_n


if __name__ == "__main__":
    encoder = PackedEncoder(vocab_size=30, embed_size=5, hidden_size=7, num_layers=2)
    padded = torch.randint(1, 30, (3, 8))
    lengths = torch.tensor([8, 5, 2])
    output, h_n = encoder(padded, lengths)  # E: shape "h0 expected"
