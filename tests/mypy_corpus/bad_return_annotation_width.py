"""An encoder whose return annotation forgot the ×2 of bidirectional."""
import torch
from jaxtyping import Float
from torch import Tensor, nn

encoder = nn.GRU(32, 64, bidirectional=True, batch_first=True)


def encode(x: Float[Tensor, "batch seq 32"]) -> Float[Tensor, "batch seq 64"]:
    out, _ = encoder(x)
    return out  # E: shape "return expected"
