"""Two projected LSTM blocks stacked by hand: the second expects the first's hidden width, it gets proj."""
import torch
import torch.nn as nn


class ProjectedStack(nn.Module):
    def __init__(self, input_dim, hidden_dim, proj_dim, n_classes):
        super().__init__()
        self.block1 = nn.LSTM(input_dim, hidden_dim, proj_size=proj_dim, batch_first=True)
        self.block2 = nn.LSTM(hidden_dim, hidden_dim, proj_size=proj_dim, batch_first=True)
        self.norm = nn.LayerNorm(proj_dim)
        self.classifier = nn.Linear(proj_dim, n_classes)

    def forward(self, x):
        x, _ = self.block1(x)
        x, _ = self.block2(self.norm(x))  # R: torch raises here
        return self.classifier(x.mean(dim=1))


if __name__ == "__main__":
    model = ProjectedStack(input_dim=12, hidden_dim=20, proj_dim=8, n_classes=4)
    print(model(torch.randn(3, 25, 12)).shape)  # E: shape "input expected"
