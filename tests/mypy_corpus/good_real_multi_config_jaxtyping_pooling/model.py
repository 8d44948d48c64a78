import torch
import torch.nn as nn

from .features import last_layer_state, masked_mean


class SentimentGRU(nn.Module):
    def __init__(self, args):
        super().__init__()
        self.num_layers = args.num_layers
        self.directions = 1 if args.unidirectional else 2
        self.embedding = nn.Embedding(args.vocab_size, args.embed_dim, padding_idx=0)
        self.gru = nn.GRU(args.embed_dim, args.hidden_dim, args.num_layers,
                          batch_first=True, bidirectional=not args.unidirectional)
        self.fc = nn.Linear(2 * args.hidden_dim * self.directions, args.num_classes)

    def forward(self, tokens):
        mask = (tokens != 0).float()
        outputs, h_n = self.gru(self.embedding(tokens))
        final = last_layer_state(h_n, self.num_layers, self.directions)
        pooled = masked_mean(outputs, mask)
        return self.fc(torch.cat((final, pooled), dim=1))
