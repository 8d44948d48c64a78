"""Return annotations that match what the function returns."""
from jaxtyping import Float
from torch import Tensor
import typedrnn

encoder = typedrnn.GRU(32, 64, bidirectional=True, batch_first=True)


def encode(x: Float[Tensor, "batch seq 32"]) -> Float[Tensor, "batch seq 128"]:
    out, _ = encoder(x)
    return out


def summary(x: Float[Tensor, "batch seq 32"]) -> tuple[Float[Tensor, "batch 128"], Float[Tensor, "2 batch 64"]]:
    out, h_n = encoder(x)
    return out[:, -1], h_n


def anything(x: Float[Tensor, "batch seq 32"]) -> Float[Tensor, "*rest 128"]:
    out, _ = encoder(x)
    return out
