"""Shape strings the plugin cannot read: unknown, never an error or a crash."""
from jaxtyping import Float, Shaped
from torch import Tensor, nn

lstm = nn.LSTM(10, 20)


def odd(
    a: Float[Tensor, "seq+1 batch 10"],
    b: Float[Tensor, "*a *b"],
    c: Shaped[Tensor, "#seq _ 10"],
    d: Float[Tensor, ""],
    e: Float[Tensor, "seq batch=3 10"],
    f: Float[Tensor, "... 10"],
    g: Float[Tensor, "  "],
    h: Float[Tensor, "1 2 3 4 5 6 7 8 9 10 11"],
) -> Float[Tensor, "*x *y"]:
    lstm(a)
    lstm(b)
    lstm(c)
    lstm(f)
    return a
