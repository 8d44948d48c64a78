"""typedrnn.GRU fed with features of the wrong width."""
import torch
import typedrnn

encoder = typedrnn.GRU(40, 256, num_layers=2)


def encode() -> torch.Tensor:
    frames = torch.randn(100, 8, 80)
    out, h_n = encoder(frames)  # E: shape "input=40), got (100, 8, 80)"
    return h_n
