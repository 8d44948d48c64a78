"""An encoder's `hidden` output is the decoder's `input`: width names never clash."""
from jaxtyping import Float
from torch import Tensor, nn


class Stacked(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.decoder = nn.LSTM(128, 128)
        self.head = nn.Linear(128, 10)

    def decode(self, encoded: Float[Tensor, "seq batch hidden"]) -> Float[Tensor, "seq batch 10"]:
        out, _ = self.decoder(encoded)
        return self.head(out)
