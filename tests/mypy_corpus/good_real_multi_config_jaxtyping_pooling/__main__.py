import torch

from .config import get_args
from .model import SentimentGRU

for argv in ([], ["--unidirectional"], ["--hidden-dim", "6", "--num-layers", "1"]):
    args = get_args(argv)
    model = SentimentGRU(args)
    tokens = torch.randint(0, args.vocab_size, (4, 9))
    print(argv, model(tokens).softmax(-1).shape)
