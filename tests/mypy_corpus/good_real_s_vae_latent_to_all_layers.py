"""Sentence VAE: the latent code is expanded to every layer of the decoder GRU with a view."""
import torch
import torch.nn as nn


class SentenceVAE(nn.Module):
    def __init__(self, vocab_size, embedding_size, hidden_size, latent_size, num_layers=2):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.embedding = nn.Embedding(vocab_size, embedding_size)
        self.encoder_rnn = nn.GRU(embedding_size, hidden_size, num_layers, batch_first=True)
        self.hidden2mean = nn.Linear(hidden_size, latent_size)
        self.hidden2logv = nn.Linear(hidden_size, latent_size)
        self.latent2hidden = nn.Linear(latent_size, hidden_size * num_layers)
        self.decoder_rnn = nn.GRU(embedding_size, hidden_size, num_layers, batch_first=True)
        self.outputs2vocab = nn.Linear(hidden_size, vocab_size)

    def forward(self, input_sequence):
        batch_size = input_sequence.size(0)
        embedded = self.embedding(input_sequence)
        _, hidden = self.encoder_rnn(embedded)
        mean = self.hidden2mean(hidden[-1])
        logv = self.hidden2logv(hidden[-1])
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * logv)
        hidden = self.latent2hidden(z).view(batch_size, self.num_layers, self.hidden_size)
        hidden = hidden.transpose(0, 1).contiguous()
        outputs, _ = self.decoder_rnn(embedded, hidden)
        return self.outputs2vocab(outputs), mean, logv


if __name__ == "__main__":
    vae = SentenceVAE(vocab_size=40, embedding_size=6, hidden_size=10, latent_size=4)
    logp, mean, logv = vae(torch.randint(0, 40, (3, 8)))
    print(logp.shape)
