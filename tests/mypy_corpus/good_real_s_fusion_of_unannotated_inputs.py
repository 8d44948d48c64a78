"""Late fusion of two encoders' features passed in unannotated: sums and scalings of tensors are no sizes."""
import torch
import torch.nn as nn


class LateFusionHead(nn.Module):
    def __init__(self, feature_dim, n_classes):
        super().__init__()
        self.rnn = nn.GRU(feature_dim, feature_dim, batch_first=True)
        self.offset = nn.Parameter(torch.zeros(feature_dim))
        self.fc = nn.Linear(feature_dim, n_classes)

    def forward(self, audio_features, text_features):
        fused = audio_features + text_features
        out, _ = self.rnn(fused * 2)
        out, _ = self.rnn(self.offset + fused)
        return self.fc(out[:, -1] - audio_features[:, -1])

    def score(self, left, right):
        return self.fc(left * right)


if __name__ == "__main__":
    head = LateFusionHead(feature_dim=6, n_classes=3)
    a, t = torch.randn(2, 5, 6), torch.randn(2, 5, 6)
    print(head(a, t).shape, head.score(a[:, 0], t[:, 0]).shape)
