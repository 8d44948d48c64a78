"""Stock forecaster: the head was sized 2 × hidden, the LSTM is unidirectional."""
import torch
import torch.nn as nn


class StockLSTM(nn.Module):
    def __init__(self, n_features, hidden_size, num_layers, dropout=0.2):
        super(StockLSTM, self).__init__()
        self.lstm = nn.LSTM(n_features, hidden_size, num_layers, batch_first=True, dropout=dropout)
        self.fc = nn.Linear(hidden_size * 2, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])  # E: shape "input expected"


if __name__ == "__main__":
    model = StockLSTM(n_features=5, hidden_size=8, num_layers=2)
    prices = torch.randn(4, 30, 5)
    print(model(prices))
