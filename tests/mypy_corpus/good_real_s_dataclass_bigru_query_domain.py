"""Search-query domain classifier configured by a dataclass: both directions' final states are joined for a 2 × hidden head."""
from dataclasses import dataclass

import torch
import torch.nn as nn


@dataclass
class QueryConfig:
    vocab_size: int = 80
    embed_dim: int = 8
    hidden_size: int = 10
    num_domains: int = 5


class DomainClassifier(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.embedding = nn.Embedding(config.vocab_size, config.embed_dim, padding_idx=0)
        self.encoder = nn.GRU(config.embed_dim, config.hidden_size, batch_first=True, bidirectional=True)
        self.classifier = nn.Linear(2 * config.hidden_size, config.num_domains)

    def forward(self, tokens):
        _, h_n = self.encoder(self.embedding(tokens))
        sentence = torch.cat([h_n[-2], h_n[-1]], dim=-1)
        return self.classifier(sentence)


if __name__ == "__main__":
    config = QueryConfig(hidden_size=6)
    model = DomainClassifier(config)
    print(model(torch.randint(1, config.vocab_size, (4, 9))).shape)
