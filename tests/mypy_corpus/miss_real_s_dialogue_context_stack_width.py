"""Hierarchical dialogue encoder: utterance vectors are stacked over turns, the context GRU is sized for words.

Missed: the utterance vectors are gathered with list.append in a loop, and a list that
changes in place is not followed, so the stacked tensor's width is not known.
"""
import torch
import torch.nn as nn


class HierarchicalEncoder(nn.Module):
    def __init__(self, vocab_size, word_dim, utt_dim, ctx_dim):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, word_dim)
        self.utterance_rnn = nn.GRU(word_dim, utt_dim, batch_first=True)
        self.context_rnn = nn.GRU(word_dim, ctx_dim, batch_first=True)

    def forward(self, dialogue):
        utterances = []
        for turn in dialogue:
            _, h = self.utterance_rnn(self.embedding(turn))
            utterances.append(h[-1])
        turns = torch.stack(utterances, dim=1)
        context, _ = self.context_rnn(turns)  # MISS: shape "input expected"
        return context[:, -1]


if __name__ == "__main__":
    encoder = HierarchicalEncoder(vocab_size=40, word_dim=6, utt_dim=10, ctx_dim=12)
    dialogue = [torch.randint(0, 40, (2, 5)) for _ in range(3)]
    summary = encoder(dialogue)
