"""A tagger whose base builds a one-way LSTM; the subclass swaps in a BiLSTM before training, as its head expects."""
import torch
import torch.nn as nn


class RNNBase(nn.Module):
    def __init__(self, vocab_size, emb_dim, hidden_dim):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.embedding = nn.Embedding(vocab_size, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hidden_dim, batch_first=True)

    def encode(self, tokens):
        output, _ = self.rnn(self.embedding(tokens))
        return output


class BiTagger(RNNBase):
    def __init__(self, vocab_size, emb_dim, hidden_dim, num_tags):
        super().__init__(vocab_size, emb_dim, hidden_dim)
        self.head = nn.Linear(2 * hidden_dim, num_tags)

    def make_bidirectional(self):
        emb_dim = self.embedding.embedding_dim
        self.rnn = nn.LSTM(emb_dim, self.hidden_dim, batch_first=True, bidirectional=True)

    def forward(self, tokens):
        return self.head(self.encode(tokens))


if __name__ == "__main__":
    tagger = BiTagger(vocab_size=25, emb_dim=6, hidden_dim=5, num_tags=4)
    tagger.make_bidirectional()
    print(tagger(torch.randint(0, 25, (3, 7))).shape)
