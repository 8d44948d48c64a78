"""Row-by-row MNIST classifier from the tutorials: h0 and c0 built in batch-first layout."""
import torch
import torch.nn as nn

sequence_length = 28
input_size = 28
hidden_size = 16
num_layers = 2
num_classes = 10
batch_size = 5


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers, num_classes):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        x = x.reshape(batch_size, sequence_length, input_size)
        h0 = torch.zeros(batch_size, self.num_layers, self.hidden_size)
        c0 = torch.zeros(batch_size, self.num_layers, self.hidden_size)
        out, _ = self.lstm(x, (h0, c0))  # R: torch raises here
        return self.fc(out[:, -1, :])


if __name__ == "__main__":
    model = RNN(input_size, hidden_size, num_layers, num_classes)
    images = torch.randn(batch_size, 1, 28, 28)
    outputs = model(images)  # E: shape "h0 expected"
