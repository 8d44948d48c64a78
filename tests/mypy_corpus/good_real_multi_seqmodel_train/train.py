import torch
import torch.nn as nn

from .data import loader
from .model import SeqModel

N_FEATURES = 5


def main(epochs=2, lr=1e-3):
    model = SeqModel(input_size=N_FEATURES, hidden=12, layers=2)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    criterion = nn.MSELoss()
    print(model(torch.rand(1, 1, N_FEATURES)).shape)
    for epoch in range(epochs):
        for x, y in loader(40, N_FEATURES, window=6, batch_size=8):
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch}: {loss.item():.4f}")
    return model
