"""A word-level language model, in the style of PyTorch's classic example.

Embedding -> RNN/LSTM/GRU -> Linear over a small corpus that the script writes
itself, so it runs offline in a few seconds. It is plain torch: nothing here knows
typedrnn. Run it both ways and compare:

    python examples/word_language_model.py --model LSTM
    typedrnn run examples/word_language_model.py --model LSTM

Under ``typedrnn run`` every nn.LSTM/GRU/RNN/Linear it builds is typed, so a shape
mistake raises typedrnn.ShapeError with named dimensions; the printed losses are
the same, digit for digit.
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import nn

Hidden = torch.Tensor | tuple[torch.Tensor, torch.Tensor]

SUBJECTS = ["the cat", "a dog", "the old man", "my sister", "the teacher", "a bird", "the children"]
VERBS = ["sees", "likes", "follows", "finds", "draws", "feeds", "remembers"]
OBJECTS = ["the ball", "a red house", "the river", "some bread", "the small garden", "a letter"]
ENDINGS = ["", " today", " again", " at night", " in the morning"]


class Corpus:
    """Word ids for a training and a validation text, from one shared dictionary."""

    def __init__(self, seed: int, train_sentences: int, valid_sentences: int) -> None:
        rng = random.Random(seed)
        self.word_to_id: dict[str, int] = {}
        self.train = self.tokenize(self.sentences(rng, train_sentences))
        self.valid = self.tokenize(self.sentences(rng, valid_sentences))

    @staticmethod
    def sentences(rng: random.Random, count: int) -> list[str]:
        return [
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(ENDINGS)} <eos>"
            for _ in range(count)
        ]

    def tokenize(self, sentences: list[str]) -> torch.Tensor:
        ids = []
        for sentence in sentences:
            for word in sentence.split():
                ids.append(self.word_to_id.setdefault(word, len(self.word_to_id)))
        return torch.tensor(ids, dtype=torch.long)


class RNNModel(nn.Module):
    """Encoder, a recurrent module, and a decoder over the vocabulary."""

    def __init__(self, rnn_type: str, ntoken: int, ninp: int, nhid: int, nlayers: int, dropout: float) -> None:
        super().__init__()
        self.ntoken = ntoken
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        if rnn_type in ("LSTM", "GRU"):
            self.rnn = getattr(nn, rnn_type)(ninp, nhid, nlayers, dropout=dropout)
        else:
            nonlinearity = {"RNN_TANH": "tanh", "RNN_RELU": "relu"}[rnn_type]
            self.rnn = nn.RNN(ninp, nhid, nlayers, nonlinearity=nonlinearity, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        self.rnn_type = rnn_type
        self.nhid = nhid
        self.nlayers = nlayers
        self.init_weights()

    def init_weights(self) -> None:
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -initrange, initrange)

    def forward(self, input: torch.Tensor, hidden: Hidden) -> tuple[torch.Tensor, Hidden]:
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        decoded = self.decoder(output).view(-1, self.ntoken)
        return F.log_softmax(decoded, dim=1), hidden

    def init_hidden(self, bsz: int) -> Hidden:
        weight = next(self.parameters())
        if self.rnn_type == "LSTM":
            return (
                weight.new_zeros(self.nlayers, bsz, self.nhid),
                weight.new_zeros(self.nlayers, bsz, self.nhid),
            )
        return weight.new_zeros(self.nlayers, bsz, self.nhid)


def batchify(data: torch.Tensor, bsz: int) -> torch.Tensor:
    """(tokens,) -> (tokens // bsz, bsz): each column is one contiguous stream."""
    nbatch = data.size(0) // bsz
    return data[: nbatch * bsz].view(bsz, -1).t().contiguous()


def get_batch(source: torch.Tensor, i: int, bptt: int) -> tuple[torch.Tensor, torch.Tensor]:
    seq_len = min(bptt, len(source) - 1 - i)
    return source[i : i + seq_len], source[i + 1 : i + 1 + seq_len].reshape(-1)


def repackage_hidden(h: Hidden) -> Hidden:
    """Detach the state from the graph of the previous batch."""
    if isinstance(h, torch.Tensor):
        return h.detach()
    return (h[0].detach(), h[1].detach())


def evaluate(model: RNNModel, data: torch.Tensor, bsz: int, bptt: int) -> float:
    model.eval()
    total_loss = 0.0
    hidden = model.init_hidden(bsz)
    with torch.no_grad():
        for i in range(0, data.size(0) - 1, bptt):
            inputs, targets = get_batch(data, i, bptt)
            output, hidden = model(inputs, hidden)
            total_loss += len(inputs) * F.nll_loss(output, targets).item()
    return total_loss / (len(data) - 1)


def train_epoch(model: RNNModel, data: torch.Tensor, args: argparse.Namespace, lr: float, epoch: int) -> None:
    model.train()
    hidden = model.init_hidden(args.batch_size)
    interval_loss = 0.0
    for batch, i in enumerate(range(0, data.size(0) - 1, args.bptt)):
        inputs, targets = get_batch(data, i, args.bptt)
        hidden = repackage_hidden(hidden)
        model.zero_grad()
        output, hidden = model(inputs, hidden)
        loss = F.nll_loss(output, targets)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        with torch.no_grad():
            for p in model.parameters():
                p.add_(p.grad, alpha=-lr)
        interval_loss += loss.item()
        if (batch + 1) % args.log_interval == 0:
            mean = interval_loss / args.log_interval
            print(f"| epoch {epoch} | batch {batch + 1:3d} | loss {mean:.6f} | ppl {math.exp(mean):9.4f}")
            interval_loss = 0.0


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="A word-level language model on a synthetic corpus")
    parser.add_argument("--model", default="LSTM", choices=["RNN_TANH", "RNN_RELU", "LSTM", "GRU"])
    parser.add_argument("--emsize", type=int, default=16)
    parser.add_argument("--nhid", type=int, default=32)
    parser.add_argument("--nlayers", type=int, default=2)
    parser.add_argument("--lr", type=float, default=5.0)
    parser.add_argument("--clip", type=float, default=0.25)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--eval-batch-size", type=int, default=10)
    parser.add_argument("--bptt", type=int, default=12)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=1111)
    parser.add_argument("--log-interval", type=int, default=5)
    parser.add_argument("--save", default="", help="torch.save the trained model here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, model_class: type[RNNModel] = RNNModel) -> None:
    args = parse_arguments(argv)
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    corpus = Corpus(args.seed, train_sentences=300, valid_sentences=60)
    train_data = batchify(corpus.train, args.batch_size)
    valid_data = batchify(corpus.valid, args.eval_batch_size)
    ntokens = len(corpus.word_to_id)
    model = model_class(args.model, ntokens, args.emsize, args.nhid, args.nlayers, args.dropout)
    print(f"{args.model}: {ntokens} words, {sum(p.numel() for p in model.parameters())} parameters")
    lr = args.lr
    for epoch in range(1, args.epochs + 1):
        train_epoch(model, train_data, args, lr, epoch)
        valid_loss = evaluate(model, valid_data, args.eval_batch_size, args.bptt)
        print(f"| end of epoch {epoch} | valid loss {valid_loss:.6f} | valid ppl {math.exp(valid_loss):9.4f}")
        lr /= 2.0
    if args.save:
        torch.save(model, args.save)
        print(f"saved the model to {args.save}")


if __name__ == "__main__":
    main()
