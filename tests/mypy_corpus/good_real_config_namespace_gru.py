"""Model configured by a SimpleNamespace, with the direction factor taken from the config."""
from types import SimpleNamespace

import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self, config):
        super().__init__()
        directions = 2 if config.bidirectional else 1
        self.embedding = nn.Embedding(config.vocab_size, config.embed_size)
        self.gru = nn.GRU(config.embed_size, config.hidden_size, config.num_layers,
                          batch_first=True, bidirectional=config.bidirectional)
        self.fc = nn.Linear(config.hidden_size * directions, config.num_labels)

    def forward(self, input_ids):
        output, _ = self.gru(self.embedding(input_ids))
        return self.fc(output[:, 0])


if __name__ == "__main__":
    for bidirectional in (True, False):
        config = SimpleNamespace(vocab_size=40, embed_size=5, hidden_size=6, num_layers=2,
                                 num_labels=3, bidirectional=bidirectional)
        print(Classifier(config)(torch.randint(0, 40, (2, 9))).shape)
