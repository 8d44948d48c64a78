import torch

from .config import get_args
from .model import BiLSTMTagger

args = get_args()
model = BiLSTMTagger(args)
sentences = torch.randint(1, args.vocab_size, (3, 9))
emissions = model(sentences)  # E: shape "input expected"
print(emissions.argmax(-1))
