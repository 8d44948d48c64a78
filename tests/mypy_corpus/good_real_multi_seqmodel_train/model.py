import torch.nn as nn


class SeqModel(nn.Module):
    def __init__(self, input_size, hidden, layers, dropout=0.1):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden, layers, batch_first=True, dropout=dropout)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])
