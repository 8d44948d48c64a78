"""Text classifier whose --no-bidirectional switch defaults to a BiLSTM; the head ignores it."""
import argparse

import torch
import torch.nn as nn


class TextRNN(nn.Module):
    def __init__(self, args):
        super(TextRNN, self).__init__()
        self.embed = nn.Embedding(args.vocab_size, args.embed_dim)
        self.rnn = nn.LSTM(args.embed_dim, args.hidden_size, args.num_layers,
                           batch_first=True, bidirectional=args.bidirectional)
        self.fc = nn.Linear(args.hidden_size, args.num_classes)

    def forward(self, x):
        x = self.embed(x)
        out, (h_n, c_n) = self.rnn(x)
        return self.fc(out[:, -1, :])  # E: shape "input expected"


def get_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vocab_size", type=int, default=60)
    parser.add_argument("--embed_dim", type=int, default=8)
    parser.add_argument("--hidden_size", type=int, default=12)
    parser.add_argument("--num_layers", type=int, default=1)
    parser.add_argument("--num_classes", type=int, default=3)
    parser.add_argument("--no-bidirectional", dest="bidirectional", action="store_false")
    return parser.parse_args()


if __name__ == "__main__":
    args = get_args()
    model = TextRNN(args)
    x = torch.randint(0, args.vocab_size, (4, 7))
    print(model(x).shape)
