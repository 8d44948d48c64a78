"""A size variable rebound after use: the checker must not mix its two values."""
import torch
import torch.nn as nn


class Stack(nn.Module):
    def __init__(self, input_size, hidden_size, depth):
        super().__init__()
        layers = []
        size = input_size
        for _ in range(depth):
            layers.append(nn.GRU(size, hidden_size))
            size = hidden_size
        self.layers = nn.ModuleList(layers)
        self.head = nn.Linear(size, 1)

    def forward(self, x):
        for gru in self.layers:
            x, _ = gru(x)
        return self.head(x)


if __name__ == "__main__":
    model = Stack(input_size=4, hidden_size=6, depth=3)
    print(model(torch.randn(5, 2, 4)).shape)
