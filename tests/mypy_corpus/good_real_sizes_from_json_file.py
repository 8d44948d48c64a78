"""Hyper-parameters read from a JSON file: the checker cannot know them and must stay silent."""
import json
import os
import tempfile

import torch
import torch.nn as nn


class Forecaster(nn.Module):
    def __init__(self, hparams):
        super().__init__()
        self.lstm = nn.LSTM(hparams["n_features"], hparams["hidden"], hparams["layers"],
                            batch_first=True)
        self.head = nn.Linear(hparams["hidden"], hparams["horizon"])

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


if __name__ == "__main__":
    path = os.path.join(tempfile.mkdtemp(), "hparams.json")
    with open(path, "w") as f:
        json.dump({"n_features": 3, "hidden": 7, "layers": 2, "horizon": 4}, f)
    with open(path) as f:
        hparams = json.load(f)
    model = Forecaster(hparams)
    print(model(torch.randn(2, 12, hparams["n_features"])).shape)
