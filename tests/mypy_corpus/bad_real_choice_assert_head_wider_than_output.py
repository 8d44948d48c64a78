"""Classifier over getattr(nn, rnn_type) after an assert: the head is too wide for either cell."""
import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self, rnn_type, input_size, hidden_size, n_classes):
        super().__init__()
        assert rnn_type in ("LSTM", "GRU"), rnn_type
        self.rnn = getattr(nn, rnn_type)(input_size, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size * 2, n_classes)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])  # E: shape "input expected"


if __name__ == "__main__":
    model = Classifier("GRU", input_size=4, hidden_size=8, n_classes=3)
    print(model(torch.randn(5, 11, 4)).shape)
