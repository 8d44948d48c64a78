import torch.nn as nn

from .base import EncoderBase


class FrameEncoder(EncoderBase):
    def __init__(self, input_dim, hidden_dim, num_classes, num_layers=2):
        EncoderBase.__init__(self, input_dim, hidden_dim, num_layers=num_layers, dropout=0.1)
        self.lstm = nn.LSTM(self.input_dim, self.hidden_dim, self.num_layers, batch_first=True)
        self.classifier = nn.Linear(2 * self.hidden_dim, num_classes)

    def forward(self, frames):
        outputs, _ = self.lstm(self.dropout(frames))
        return self.classifier(outputs)  # E: shape "input expected"
