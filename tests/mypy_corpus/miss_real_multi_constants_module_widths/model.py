import torch.nn as nn

from .hparams import HIDDEN_SIZE, N_MELS, NUM_COMMANDS, NUM_LAYERS


class CommandClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(N_MELS, HIDDEN_SIZE, NUM_LAYERS, batch_first=True)
        self.classifier = nn.Linear(HIDDEN_SIZE, NUM_COMMANDS)

    def forward(self, features):
        _, hidden = self.gru(features)  # R: torch raises here
        return self.classifier(hidden[-1])
