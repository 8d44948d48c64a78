"""A summary function annotated as returning a sequence."""
import torch
from jaxtyping import Float
from torch import Tensor, nn

lstm = nn.LSTM(10, 20)


def summarize(x: Float[Tensor, "seq batch 10"]) -> Float[Tensor, "seq batch 20"]:
    out, (h_n, c_n) = lstm(x)
    last = h_n[-1]
    return last  # E: shape "return expected"
