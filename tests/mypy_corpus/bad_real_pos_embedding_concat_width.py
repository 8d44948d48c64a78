"""Relation extractor: word and position embeddings are concatenated, the GRU expects words only."""
import torch
import torch.nn as nn


class RelationGRU(nn.Module):
    def __init__(self, vocab_size, max_len, emb_dim, hid_dim, n_relations):
        super().__init__()
        self.word_emb = nn.Embedding(vocab_size, emb_dim)
        self.pos_emb = nn.Embedding(max_len, emb_dim)
        self.rnn = nn.GRU(emb_dim, hid_dim, batch_first=True)
        self.classifier = nn.Linear(hid_dim, n_relations)

    def forward(self, tokens, positions):
        embedded = torch.cat((self.word_emb(tokens), self.pos_emb(positions)), dim=2)
        outputs, hidden = self.rnn(embedded)  # R: torch raises here
        return self.classifier(hidden[-1])


if __name__ == "__main__":
    model = RelationGRU(vocab_size=50, max_len=12, emb_dim=6, hid_dim=8, n_relations=4)
    tokens = torch.randint(0, 50, (3, 12))
    positions = torch.arange(12).unsqueeze(0).expand(3, 12)
    scores = model(tokens, positions)  # E: shape "input expected"
