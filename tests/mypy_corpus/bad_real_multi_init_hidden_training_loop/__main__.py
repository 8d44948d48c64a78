from .model import CharLSTM
from .train import train

CHARS = sorted(set("the quick brown fox jumps over the lazy dog"))

net = CharLSTM(len(CHARS), n_hidden=16, n_layers=2)
train(net, len(CHARS))  # E: shape "h0 expected"
