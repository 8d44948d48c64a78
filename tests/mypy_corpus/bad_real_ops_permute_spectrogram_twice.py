"""Keyword spotter: the loader already yields (batch, time, n_mels); the model permutes as if mels came first."""
import torch
import torch.nn as nn


def load_batch(batch_size, frames, n_mels):
    spectrogram = torch.randn(batch_size, n_mels, frames)
    return spectrogram.transpose(1, 2)


class KeywordSpotter(nn.Module):
    def __init__(self, n_mels, hidden_size, n_keywords):
        super().__init__()
        self.norm = nn.LayerNorm(n_mels)
        self.lstm = nn.LSTM(n_mels, hidden_size, batch_first=True)
        self.classifier = nn.Linear(hidden_size, n_keywords)

    def forward(self, features):
        x = features.permute(0, 2, 1)
        out, _ = self.lstm(x)  # R: torch raises here
        return self.classifier(out[:, -1])


if __name__ == "__main__":
    model = KeywordSpotter(n_mels=20, hidden_size=12, n_keywords=6)
    batch = load_batch(batch_size=4, frames=30, n_mels=20)
    print(model(batch).argmax(-1))  # E: shape "input expected"
