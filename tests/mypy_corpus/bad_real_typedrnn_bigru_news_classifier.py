"""News classifier on typedrnn: a BiGRU's per-step output fed to a head one direction wide."""
import torch
import torch.nn as nn

import typedrnn


class NewsClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_size, num_classes, num_layers=1):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.gru = typedrnn.GRU(embed_dim, hidden_size, num_layers,
                                batch_first=True, bidirectional=True)
        self.classifier = typedrnn.Linear(hidden_size, num_classes)

    def forward(self, tokens):
        outputs, _ = self.gru(self.embedding(tokens))
        pooled, _ = outputs.max(dim=1)
        return self.classifier(pooled)  # R: torch raises here


if __name__ == "__main__":
    model = NewsClassifier(vocab_size=80, embed_dim=8, hidden_size=10, num_classes=4)
    batch = torch.randint(0, 80, (3, 11))
    logits = model(batch)  # E: shape "input expected"
