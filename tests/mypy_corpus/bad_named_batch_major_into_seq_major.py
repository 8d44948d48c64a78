"""A batch-major tensor (by its annotation) into a batch_first=False LSTM."""
from jaxtyping import Float
from torch import Tensor, nn


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.lstm = nn.LSTM(300, 128)

    def forward(self, x: Float[Tensor, "batch seq feat"]) -> Tensor:
        out, _ = self.lstm(x)  # E: shape "input expected (seq, batch, input=300), got (batch, seq, feat)"
        return out
