"""Multi-task tagger: task heads in an nn.ModuleList; the pooled head (2·hidden) is handed the final state."""
import torch
import torch.nn as nn


class MultiTaskEncoder(nn.Module):
    def __init__(self, vocab_size, emb_dim, hidden_dim, n_intents, n_domains):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hidden_dim, batch_first=True)
        self.heads = nn.ModuleList([
            nn.Linear(hidden_dim, n_intents),
            nn.Linear(hidden_dim * 2, n_domains),
        ])

    def forward(self, tokens):
        outputs, (h_n, _) = self.rnn(self.embedding(tokens))
        intent = self.heads[0](h_n[-1])
        domain = self.heads[1](h_n[-1])  # E: shape "input expected"
        return intent, domain


if __name__ == "__main__":
    model = MultiTaskEncoder(vocab_size=40, emb_dim=6, hidden_dim=8, n_intents=5, n_domains=3)
    intent, domain = model(torch.randint(0, 40, (2, 9)))
