import torch

from .hparams import N_MFCC
from .model import CommandClassifier

model = CommandClassifier()
mfcc = torch.randn(8, 49, N_MFCC)
logits = model(mfcc)  # MISS: shape "input expected"
print(logits.argmax(-1))
