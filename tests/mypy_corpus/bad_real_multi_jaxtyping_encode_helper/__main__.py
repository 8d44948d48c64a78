import torch

from .layers import encode, mean_pool
from .model import build

VOCAB = 40
embedding, encoder, classifier = build(VOCAB, embed_dim=10, hidden_dim=8)
tokens = torch.randint(0, VOCAB, (12, 3))
outputs, hidden = encode(embedding, encoder, tokens)  # E: shape "input expected"
print(classifier(mean_pool(outputs)).argmax(-1))
