"""argparse's choices bound --model: the note names the member that fails."""
import argparse

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--model", choices=["LSTM", "GRU"], default="LSTM")
args = parser.parse_args()
rnn = getattr(nn, args.model)(4, 8)
h0 = torch.zeros(1, 2, 8)
rnn(torch.randn(5, 2, 4), h0)  # E: shape "LSTM(4, 8): hx expected a tuple (h0, c0)"  # N: when args.model is 'LSTM':
