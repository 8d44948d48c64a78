"""Trajectory predictor ported from LSTMCell to GRUCell: the loop still carries (h, c)."""
import torch
import torch.nn as nn

OBS_LEN = 8
PRED_LEN = 4


class TrajectoryGRU(nn.Module):
    def __init__(self, embedding_dim=6, hidden_dim=10):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.spatial_embedding = nn.Linear(2, embedding_dim)
        self.cell = nn.GRUCell(embedding_dim, hidden_dim)
        self.hidden2pos = nn.Linear(hidden_dim, 2)

    def forward(self, obs_traj):
        batch = obs_traj.size(1)
        state = (torch.zeros(batch, self.hidden_dim), torch.zeros(batch, self.hidden_dim))
        for t in range(OBS_LEN):
            state = self.cell(self.spatial_embedding(obs_traj[t]), state)  # E: shape "hx expected"
        return self.hidden2pos(state)


if __name__ == "__main__":
    model = TrajectoryGRU()
    pred = model(torch.randn(OBS_LEN, 5, 2))
