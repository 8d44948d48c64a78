"""Streaming keyword spotter: frames come batched, the carried state was squeezed to 2-D."""
import torch
import torch.nn as nn


class KeywordSpotter(nn.Module):
    def __init__(self, n_mfcc, hidden, n_keywords):
        super().__init__()
        self.hidden = hidden
        self.gru = nn.GRU(n_mfcc, hidden, batch_first=True)
        self.classifier = nn.Linear(hidden, n_keywords)

    def forward(self, frames, state):
        out, state = self.gru(frames, state)
        return self.classifier(out[:, -1]), state


if __name__ == "__main__":
    model = KeywordSpotter(n_mfcc=13, hidden=10, n_keywords=3)
    frames = torch.randn(1, 20, 13)
    state = torch.zeros(1, 1, 10)
    for chunk in frames.split(5, dim=1):
        logits, state = model(chunk, state)
        state = state.squeeze(0).detach()
        out, _ = model.gru(chunk, state)  # E: shape "h0 expected"
