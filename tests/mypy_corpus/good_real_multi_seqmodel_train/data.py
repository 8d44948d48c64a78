import torch
from torch.utils.data import DataLoader, TensorDataset


def windows(series, window):
    starts = range(len(series) - window)
    xs = torch.stack([series[s:s + window] for s in starts])
    ys = torch.stack([series[s + window, :1] for s in starts])
    return xs, ys


def loader(n_steps, n_features, window, batch_size):
    series = torch.randn(n_steps, n_features).cumsum(0)
    xs, ys = windows(series, window)
    return DataLoader(TensorDataset(xs, ys), batch_size=batch_size, shuffle=True)
