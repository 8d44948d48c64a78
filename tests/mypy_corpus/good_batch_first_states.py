"""batch_first=True with states in (layers×dirs, batch, hidden)."""
import torch
import typedrnn

lstm = typedrnn.LSTM(50, 100, num_layers=2, batch_first=True)


def run() -> torch.Tensor:
    x = torch.randn(3, 10, 50)
    h0 = torch.zeros(2, 3, 100)
    c0 = torch.zeros(2, 3, 100)
    out, (h_n, c_n) = lstm(x, (h0, c0))
    typedrnn.reveal_shape(out)  # N: Revealed shape is (3, 10, 100)
    return out[:, -1, :]
