from torch import nn


def build(vocab_size, embed_dim, hidden_dim, num_layers=1):
    embedding = nn.Embedding(vocab_size, embed_dim)
    encoder = nn.GRU(hidden_dim, hidden_dim, num_layers)
    classifier = nn.Linear(hidden_dim, 2)
    return embedding, encoder, classifier
