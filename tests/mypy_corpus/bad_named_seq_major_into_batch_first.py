"""A sequence-major tensor into a batch_first=True GRU."""
from jaxtyping import Float
from torch import Tensor, nn

gru = nn.GRU(16, 32, batch_first=True)


def run(x: Float[Tensor, "seq batch 16"]) -> None:
    gru(x)  # E: shape "input expected (batch, seq, input=16), got (seq, batch, 16)"
