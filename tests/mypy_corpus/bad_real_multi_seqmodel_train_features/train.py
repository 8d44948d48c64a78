import torch
import torch.nn as nn

from .model import SeqModel


def main(epochs=2, lr=1e-3):
    model = SeqModel(input_size=5, hidden=50, layers=2)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    criterion = nn.MSELoss()
    for epoch in range(epochs):
        x = torch.rand(1, 1, 3)
        y = torch.rand(1, 1)
        optimizer.zero_grad()
        loss = criterion(model(x), y)  # E: shape "input expected"
        loss.backward()
        optimizer.step()
        print(f"epoch {epoch}: {loss.item():.4f}")
    return model
