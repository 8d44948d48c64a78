"""Returns a sequence-major tensor where the annotation promises batch-major."""
import torch
from jaxtyping import Float
from torch import Tensor
import typedrnn

rnn = typedrnn.RNN(12, 24)


def run(x: Float[Tensor, "seq batch 12"]) -> Float[Tensor, "batch seq 24"]:
    out, _ = rnn(x)
    return out  # E: shape "return expected (batch, seq, 24)"
