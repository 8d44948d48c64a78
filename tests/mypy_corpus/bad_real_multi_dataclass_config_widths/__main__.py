import torch

from .config import ClassifierConfig
from .model import TextClassifier

config = ClassifierConfig()
model = TextClassifier(config)
batch = torch.randint(0, config.vocab_size, (4, 11))
logits = model(batch)  # E: shape "input expected"
print(logits.softmax(-1))
