"""Streaming ASR encoder on a projected LSTM: h carries proj_size, c carries hidden_size, chunk after chunk."""
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
        h = torch.zeros(self.cfg.num_layers, batch_size, self.cfg.proj_size)
        c = torch.zeros(self.cfg.num_layers, batch_size, self.cfg.hidden_size)
        return h, c

    def forward(self, chunk, state=None):
        if state is None:
            state = self.initial_state(chunk.size(1))
        out, state = self.lstm(chunk, state)
        return self.ctc_head(out).log_softmax(-1), state


if __name__ == "__main__":
    encoder = StreamingEncoder(EncoderConfig())
    state = None
    audio = torch.randn(30, 2, 16)
    for chunk in audio.split(10):
        log_probs, state = encoder(chunk, state)
    print(log_probs.shape)
