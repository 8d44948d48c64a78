"""Language model with proj_size: the softmax layer reads the cell width, the output is projected."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ProjectedLM(nn.Module):
    def __init__(self, ntoken, ninp, nproj, nlayers):
        super().__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, 2 * nproj, nlayers, proj_size=nproj)
        self.decoder = nn.Linear(2 * nproj, ntoken)

    def forward(self, input, hidden=None):
        output, hidden = self.rnn(self.encoder(input), hidden)
        logits = self.decoder(output)  # E: shape "input expected"
        return F.log_softmax(logits, dim=-1), hidden


if __name__ == "__main__":
    model = ProjectedLM(ntoken=30, ninp=8, nproj=5, nlayers=2)
    tokens = torch.randint(0, 30, (9, 2))
    log_probs, hidden = model(tokens)
