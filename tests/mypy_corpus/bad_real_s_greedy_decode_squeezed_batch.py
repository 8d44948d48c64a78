"""Greedy decoding for one sentence: the batch axis of size 1 is squeezed away, the state keeps it."""
import torch
import torch.nn as nn

SOS_TOKEN = 1


class Decoder(nn.Module):
    def __init__(self, hidden_size, output_size):
        super().__init__()
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size)
        self.out = nn.Linear(hidden_size, output_size)

    def forward(self, token, hidden):
        embedded = self.embedding(token).view(1, 1, -1)
        output, hidden = self.gru(embedded.squeeze(1), hidden)  # R: torch raises here
        return self.out(output), hidden


def greedy_decode(decoder, encoder_hidden, max_length=5):
    token = torch.tensor([[SOS_TOKEN]])
    hidden = encoder_hidden
    words = []
    for _ in range(max_length):
        scores, hidden = decoder(token, hidden)
        token = scores.argmax(dim=-1).view(1, 1)
        words.append(token.item())
    return words


if __name__ == "__main__":
    decoder = Decoder(hidden_size=8, output_size=20)
    print(greedy_decode(decoder, torch.zeros(1, 1, 8)))  # E: shape "h0 expected"
