"""Annotations that are not jaxtyping shapes at all: mypy's own error, no crash."""
from typing import Annotated

from jaxtyping import Float
from torch import Tensor, nn

lstm = nn.LSTM(10, 20)


def broken(a: Float[Tensor], b: Annotated[int, "meta"], c: Float[int, "a b"]) -> None:  # E: valid-type
    lstm(a)
