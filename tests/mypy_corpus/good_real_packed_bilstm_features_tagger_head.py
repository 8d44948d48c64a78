"""Tagger over precomputed word features, packed into a BiLSTM; the tag head covers both directions."""
import argparse

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


class FeatureTagger(nn.Module):
    def __init__(self, feature_dim, hidden_dim, num_tags, dropout=0.5):
        super().__init__()
        self.lstm = nn.LSTM(feature_dim, hidden_dim, bidirectional=True, batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.hidden2tag = nn.Linear(2 * hidden_dim, num_tags)

    def forward(self, features, lengths):
        packed = pack_padded_sequence(features, lengths, batch_first=True, enforce_sorted=False)
        packed_out, _ = self.lstm(packed)
        lstm_out, _ = pad_packed_sequence(packed_out, batch_first=True)
        return self.hidden2tag(self.dropout(lstm_out))


def get_args():
    parser = argparse.ArgumentParser(description="tagger over frozen encoder features")
    parser.add_argument("--feature-dim", type=int, default=12)
    parser.add_argument("--hidden-dim", type=int, default=7)
    parser.add_argument("--num-tags", type=int, default=5)
    return parser.parse_args()


if __name__ == "__main__":
    args = get_args()
    tagger = FeatureTagger(args.feature_dim, args.hidden_dim, args.num_tags)
    features = torch.randn(3, 9, args.feature_dim)
    lengths = torch.tensor([9, 6, 4])
    print(tagger(features, lengths).argmax(-1))
