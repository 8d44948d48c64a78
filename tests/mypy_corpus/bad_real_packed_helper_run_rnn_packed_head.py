"""Sentence encoder whose packing lives in a helper shared by its RNNs; the scorer misses the second direction."""
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


class SpanScorer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.word_rnn = nn.GRU(config.word_dim, config.hidden_size, num_layers=config.num_layers,
                               batch_first=True, bidirectional=True)
        self.scorer = nn.Sequential(
            nn.Linear(config.hidden_size, config.hidden_size),
            nn.Tanh(),
            nn.Linear(config.hidden_size, 1),
        )

    def _run_rnn_packed(self, cell, x, lens):
        packed = pack_padded_sequence(x, lens.cpu(), batch_first=True, enforce_sorted=False)
        output, _ = cell(packed)
        output, _ = pad_packed_sequence(output, batch_first=True)
        return output

    def forward(self, word_vectors, lens):
        states = self._run_rnn_packed(self.word_rnn, word_vectors, lens)
        return self.scorer(states).squeeze(-1)  # E: shape "input expected"


class Config:
    word_dim = 10
    hidden_size = 6
    num_layers = 2


if __name__ == "__main__":
    scorer = SpanScorer(Config())
    word_vectors = torch.randn(4, 11, Config.word_dim)
    print(scorer(word_vectors, torch.tensor([11, 8, 8, 3])).shape)
