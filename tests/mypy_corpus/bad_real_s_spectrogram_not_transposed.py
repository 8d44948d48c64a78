"""Speech emotion model: the (batch, n_mels, frames) spectrogram goes into a batch_first LSTM untransposed."""
import torch
import torch.nn as nn

N_MELS = 20
FRAMES = 50


class EmotionLSTM(nn.Module):
    def __init__(self, n_mels, hidden_size, n_emotions):
        super().__init__()
        self.norm = nn.BatchNorm1d(n_mels)
        self.lstm = nn.LSTM(n_mels, hidden_size, batch_first=True)
        self.classifier = nn.Linear(hidden_size, n_emotions)

    def forward(self, spec):
        spec = self.norm(spec)
        out, (h_n, c_n) = self.lstm(spec)  # R: torch raises here
        return self.classifier(h_n[-1])


if __name__ == "__main__":
    model = EmotionLSTM(N_MELS, hidden_size=8, n_emotions=4)
    spec = torch.randn(3, N_MELS, FRAMES)
    logits = model(spec)  # E: shape "input expected"
