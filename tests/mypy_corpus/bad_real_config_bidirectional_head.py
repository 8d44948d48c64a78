"""Intent classifier configured by a dataclass; the head forgets the config's bidirectional flag."""
from dataclasses import dataclass

import torch
from torch import nn


@dataclass
class ModelConfig:
    vocab_size: int = 70
    emb_size: int = 8
    hidden_size: int = 10
    num_layers: int = 2
    n_intents: int = 5
    bidirectional: bool = True
    dropout: float = 0.1


class IntentModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.emb = nn.Embedding(config.vocab_size, config.emb_size)
        self.encoder = nn.GRU(config.emb_size, config.hidden_size, config.num_layers,
                              dropout=config.dropout, bidirectional=config.bidirectional)
        self.out = nn.Linear(config.hidden_size, config.n_intents)

    def forward(self, utterance):
        outputs, _ = self.encoder(self.emb(utterance))
        return self.out(outputs[-1])  # E: shape "input expected"


if __name__ == "__main__":
    config = ModelConfig()
    model = IntentModel(config)
    utterance = torch.randint(0, config.vocab_size, (6, 2))
    print(model(utterance).argmax(-1))
