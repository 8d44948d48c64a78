"""NER batcher: sentences are padded to max(len) and packed; every size is read off the data."""
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

SENTENCES = [["EU", "rejects", "German", "call"], ["Peter", "Blackburn"], ["BRUSSELS", "1996-08-22", "."]]


def build_vocab(sentences):
    vocab = {"<pad>": 0}
    for sentence in sentences:
        for word in sentence:
            vocab.setdefault(word, len(vocab))
    return vocab


def make_batch(sentences, vocab):
    max_len = max(len(s) for s in sentences)
    batch = torch.zeros(len(sentences), max_len, dtype=torch.long)
    for i, sentence in enumerate(sentences):
        batch[i, : len(sentence)] = torch.tensor([vocab[w] for w in sentence])
    return batch, torch.tensor([len(s) for s in sentences])


class Tagger(nn.Module):
    def __init__(self, vocab_size, emb_dim, hidden_dim, n_tags):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.lstm = nn.LSTM(emb_dim, hidden_dim // 2, batch_first=True, bidirectional=True)
        self.hidden2tag = nn.Linear(hidden_dim, n_tags)

    def forward(self, words, lengths):
        packed = pack_padded_sequence(self.embedding(words), lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, batch_first=True)
        return self.hidden2tag(out)


if __name__ == "__main__":
    vocab = build_vocab(SENTENCES)
    words, lengths = make_batch(SENTENCES, vocab)
    tagger = Tagger(len(vocab), emb_dim=5, hidden_dim=8, n_tags=9)
    print(tagger(words, lengths).shape)
