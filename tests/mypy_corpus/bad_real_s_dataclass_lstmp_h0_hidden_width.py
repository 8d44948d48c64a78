"""Streaming ASR encoder configured by a dataclass: h0 is built with the cell's width, not proj_size.

Within the class, cfg.hidden_size and cfg.proj_size are two names that may be equal, so
nothing is provable there; the model built in __main__ gets the dataclass's defaults, and
the call is reported with the line inside.
"""
from dataclasses import dataclass

import torch
import torch.nn as nn


@dataclass
class EncoderConfig:
    n_mels: int = 16
    hidden_size: int = 24
    proj_size: int = 8
    num_layers: int = 2
    vocab_size: int = 30


class StreamingEncoder(nn.Module):
    def __init__(self, cfg: EncoderConfig):
        super().__init__()
        self.cfg = cfg
        self.lstm = nn.LSTM(cfg.n_mels, cfg.hidden_size, cfg.num_layers, proj_size=cfg.proj_size)
        self.ctc_head = nn.Linear(cfg.proj_size, cfg.vocab_size)

    def initial_state(self, batch_size):
        shape = (self.cfg.num_layers, batch_size, self.cfg.hidden_size)
        return torch.zeros(shape), torch.zeros(shape)

    def forward(self, chunk, state=None):
        if state is None:
            state = self.initial_state(chunk.size(1))
        out, state = self.lstm(chunk, state)  # R: torch raises here
        return self.ctc_head(out).log_softmax(-1), state


if __name__ == "__main__":
    encoder = StreamingEncoder(EncoderConfig())
    log_probs, state = encoder(torch.randn(10, 2, 16))  # E: shape "h0 expected"
