"""Speaker encoder with a projected LSTM: h0 is built as wide as the cell, not the projection."""
import torch
import torch.nn as nn


class SpeakerEncoder(nn.Module):
    def __init__(self, n_mels, embedding_size, num_layers=3):
        super().__init__()
        self.cell_size = 4 * embedding_size
        self.num_layers = num_layers
        self.lstm = nn.LSTM(n_mels, 4 * embedding_size, num_layers,
                            batch_first=True, proj_size=embedding_size)
        self.linear = nn.Linear(embedding_size, embedding_size)

    def forward(self, utterances):
        batch = utterances.size(0)
        h0 = utterances.new_zeros(self.num_layers, batch, self.cell_size)
        c0 = utterances.new_zeros(self.num_layers, batch, self.cell_size)
        _, (hidden, _) = self.lstm(utterances, (h0, c0))  # E: shape "h0 expected"
        embeds = torch.relu(self.linear(hidden[-1]))
        return embeds / torch.norm(embeds, dim=1, keepdim=True)


if __name__ == "__main__":
    encoder = SpeakerEncoder(n_mels=10, embedding_size=4, num_layers=2)
    mels = torch.randn(3, 12, 10)
    print(encoder(mels).shape)
