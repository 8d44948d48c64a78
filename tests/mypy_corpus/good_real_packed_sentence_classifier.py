"""Padded sentences through pack_padded_sequence and pad_packed_sequence into a BiGRU."""
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


class PackedClassifier(nn.Module):
    def __init__(self, vocab_size, emb_dim, hid_dim, n_classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.rnn = nn.GRU(emb_dim, hid_dim, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hid_dim, n_classes)

    def forward(self, tokens, lengths):
        packed = pack_padded_sequence(self.embedding(tokens), lengths, batch_first=True,
                                      enforce_sorted=False)
        packed_out, hidden = self.rnn(packed)
        out, out_lengths = pad_packed_sequence(packed_out, batch_first=True)
        final = torch.cat((hidden[-2], hidden[-1]), dim=1)
        return self.fc(final), out


if __name__ == "__main__":
    model = PackedClassifier(vocab_size=40, emb_dim=5, hid_dim=6, n_classes=3)
    logits, out = model(torch.randint(1, 40, (3, 9)), torch.tensor([9, 4, 6]))
