"""OpenNMT-style options: a bidirectional encoder's states are merged per layer before the decoder takes them."""
import argparse

import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, opt, vocab_size):
        super().__init__()
        self.num_directions = 2 if opt.brnn else 1
        self.hidden_size = opt.rnn_size // self.num_directions
        self.embeddings = nn.Embedding(vocab_size, opt.word_vec_size)
        self.rnn = nn.LSTM(opt.word_vec_size, self.hidden_size, opt.layers, bidirectional=opt.brnn)

    def forward(self, src):
        outputs, hidden = self.rnn(self.embeddings(src))
        return hidden, outputs


class Decoder(nn.Module):
    def __init__(self, opt, vocab_size):
        super().__init__()
        self.embeddings = nn.Embedding(vocab_size, opt.word_vec_size)
        self.rnn = nn.LSTM(opt.word_vec_size, opt.rnn_size, opt.layers)
        self.generator = nn.Linear(opt.rnn_size, vocab_size)

    def forward(self, tgt, hidden):
        outputs, hidden = self.rnn(self.embeddings(tgt), hidden)
        return self.generator(outputs), hidden


class NMTModel(nn.Module):
    def __init__(self, opt, src_vocab, tgt_vocab):
        super().__init__()
        self.brnn = opt.brnn
        self.encoder = Encoder(opt, src_vocab)
        self.decoder = Decoder(opt, tgt_vocab)

    def _fix_enc_hidden(self, h):
        if self.brnn:
            h = torch.cat([h[0 : h.size(0) : 2], h[1 : h.size(0) : 2]], 2)
        return h

    def forward(self, src, tgt):
        enc_hidden, context = self.encoder(src)
        enc_hidden = tuple(self._fix_enc_hidden(h) for h in enc_hidden)
        out, dec_hidden = self.decoder(tgt, enc_hidden)
        return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-word_vec_size", type=int, default=6)
    parser.add_argument("-rnn_size", type=int, default=8)
    parser.add_argument("-layers", type=int, default=2)
    parser.add_argument("-no_brnn", dest="brnn", action="store_false")
    opt = parser.parse_args()
    model = NMTModel(opt, src_vocab=30, tgt_vocab=25)
    print(model(torch.randint(0, 30, (7, 3)), torch.randint(0, 25, (5, 3))).shape)
