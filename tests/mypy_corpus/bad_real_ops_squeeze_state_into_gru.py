"""Response generator: the encoder state is squeezed for a GRUCell API, then handed to a sequence GRU."""
import torch
import torch.nn as nn


class Generator(nn.Module):
    def __init__(self, vocab_size, emb_size, hidden_size):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_size)
        self.encoder = nn.GRU(emb_size, hidden_size)
        self.decoder = nn.GRU(emb_size, hidden_size)
        self.out = nn.Linear(hidden_size, vocab_size)

    def forward(self, context, response):
        _, hidden = self.encoder(self.embedding(context))
        hidden = hidden.squeeze(0)
        output, _ = self.decoder(self.embedding(response), hidden)  # R: torch raises here
        return self.out(output)


if __name__ == "__main__":
    model = Generator(vocab_size=25, emb_size=6, hidden_size=9)
    context = torch.randint(0, 25, (8, 2))
    response = torch.randint(0, 25, (4, 2))
    logits = model(context, response)  # E: shape "h0 expected"
