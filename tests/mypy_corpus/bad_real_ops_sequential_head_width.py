"""Sentence-pair classifier: the MLP head in nn.Sequential narrows to hidden, its last layer still takes 2·hidden."""
import torch
import torch.nn as nn


class PairClassifier(nn.Module):
    def __init__(self, embed_dim, hidden_dim, n_classes, dropout=0.1):
        super().__init__()
        self.encoder = nn.GRU(embed_dim, hidden_dim, batch_first=True, bidirectional=True)
        self.classifier = nn.Sequential(
            nn.Linear(hidden_dim * 2, hidden_dim),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden_dim * 2, n_classes),
        )

    def forward(self, premise, hypothesis):
        _, h_p = self.encoder(premise)
        _, h_h = self.encoder(hypothesis)
        features = torch.cat((h_p[-1] - h_h[-1], h_p[-2] * h_h[-2]), dim=1)
        return self.classifier(features)  # E: shape "input expected"


if __name__ == "__main__":
    model = PairClassifier(embed_dim=6, hidden_dim=5, n_classes=3)
    print(model(torch.randn(2, 7, 6), torch.randn(2, 4, 6)))
