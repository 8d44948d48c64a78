"""Continual-learning classifier: task heads sit in an nn.ModuleList that grows as tasks arrive; the newest is [-1]."""
import torch
import torch.nn as nn


class ContinualGRU(nn.Module):
    def __init__(self, input_size, hidden_size, first_task_classes):
        super().__init__()
        self.hidden_size = hidden_size
        self.gru = nn.GRU(input_size, hidden_size, batch_first=True)
        self.heads = nn.ModuleList([nn.Linear(hidden_size, first_task_classes)])
        self.blocks = nn.ModuleList([nn.Linear(hidden_size, hidden_size), nn.Linear(hidden_size, hidden_size)])

    def add_task(self, n_classes, pooled=False):
        width = self.hidden_size * 2 if pooled else self.hidden_size
        self.heads.append(nn.Linear(width, n_classes))

    def forward(self, x, task=0):
        outputs, h_n = self.gru(x)
        features = h_n[-1]
        for block in self.blocks:
            features = torch.relu(block(features))
        pooled = torch.cat((outputs.mean(1), outputs.amax(1)), dim=1)
        return self.heads[0](features), self.heads[-1](pooled)


if __name__ == "__main__":
    model = ContinualGRU(input_size=4, hidden_size=6, first_task_classes=3)
    model.add_task(5, pooled=True)
    first, newest = model(torch.randn(2, 7, 4))
    print(first.shape, newest.shape)
