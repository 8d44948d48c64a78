"""Acoustic model on a projected LSTM: the cell state c0 is given the projection's width."""
import argparse

import torch
import torch.nn as nn


class AcousticModel(nn.Module):
    def __init__(self, feat_dim, proj_dim, num_layers, num_phones):
        super(AcousticModel, self).__init__()
        self.num_layers = num_layers
        self.proj_dim = proj_dim
        self.rnn = nn.LSTM(feat_dim, 2 * proj_dim, num_layers, proj_size=proj_dim)
        self.output = nn.Linear(proj_dim, num_phones)

    def init_states(self, batch_size):
        weight = next(self.parameters())
        h0 = weight.new_zeros(self.num_layers, batch_size, self.proj_dim)
        c0 = weight.new_zeros(self.num_layers, batch_size, self.proj_dim)
        return h0, c0

    def forward(self, feats):
        states = self.init_states(feats.size(1))
        out, states = self.rnn(feats, states)  # E: shape "c0 expected"
        return self.output(out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--feat-dim", type=int, default=13)
    parser.add_argument("--proj-dim", type=int, default=6)
    parser.add_argument("--layers", type=int, default=2)
    args = parser.parse_args()
    model = AcousticModel(args.feat_dim, args.proj_dim, args.layers, num_phones=20)
    logits = model(torch.randn(15, 2, args.feat_dim))
