"""h0 whose batch position carries the name seq."""
from jaxtyping import Float
from torch import Tensor
import typedrnn

gru = typedrnn.GRU(16, 32, batch_first=True)


def run(x: Float[Tensor, "batch seq 16"], h0: Float[Tensor, "1 seq 32"]) -> None:
    gru(x, h0)  # E: shape "got (1, seq, 32)"
