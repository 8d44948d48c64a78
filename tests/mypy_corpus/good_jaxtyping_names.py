"""A model annotated with named dimensions that agree with the contract."""
from jaxtyping import Float
from torch import Tensor, nn


class Encoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.lstm = nn.LSTM(32, 64, batch_first=True)
        self.head = nn.Linear(64, 8)

    def forward(
        self, x: Float[Tensor, "batch seq 32"], h0: Float[Tensor, "1 batch 64"], c0: Float[Tensor, "1 batch 64"]
    ) -> Float[Tensor, "batch 8"]:
        out, (h_n, c_n) = self.lstm(x, (h0, c0))
        return self.head(h_n[-1])
