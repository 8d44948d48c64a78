"""Sentence encoder: the LSTM's second result is unpacked as if it were the GRU's h_n."""
import torch
import torch.nn as nn


class SentenceEncoder(nn.Module):
    def __init__(self, vocab_size, embed_size, hidden_size, n_classes):
        super(SentenceEncoder, self).__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.LSTM(embed_size, hidden_size)
        self.label = nn.Linear(hidden_size, n_classes)

    def forward(self, sentences):
        output, hidden = self.rnn(self.embedding(sentences))
        final = hidden.squeeze(0)  # E: shape "is a tuple"
        return self.label(final)


if __name__ == "__main__":
    model = SentenceEncoder(vocab_size=30, embed_size=5, hidden_size=7, n_classes=2)
    logits = model(torch.randint(0, 30, (9, 4)))
