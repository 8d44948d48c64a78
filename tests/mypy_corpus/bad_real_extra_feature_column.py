"""Demand forecaster: a holiday flag is appended to the embeddings, the LSTM was not told."""
import torch
from torch import nn


class DemandModel(nn.Module):
    def __init__(self, n_stores, store_dim, hidden_size, num_layers=1):
        super().__init__()
        self.store_embedding = nn.Embedding(n_stores, store_dim)
        self.lstm = nn.LSTM(store_dim, hidden_size, num_layers, batch_first=True)
        self.regressor = nn.Linear(hidden_size, 1)

    def forward(self, store_ids, holiday):
        features = torch.cat([self.store_embedding(store_ids), holiday.unsqueeze(-1)], dim=-1)
        out, _ = self.lstm(features)  # R: torch raises here
        return self.regressor(out).squeeze(-1)


if __name__ == "__main__":
    model = DemandModel(n_stores=10, store_dim=5, hidden_size=7)
    store_ids = torch.randint(0, 10, (4, 14))
    holiday = torch.randint(0, 2, (4, 14)).float()
    forecast = model(store_ids, holiday)  # E: shape "input expected"
