"""typedrnn's modules used the way the stubs describe them."""
import torch
import typedrnn

lstm = typedrnn.LSTM(10, 20)
gru = typedrnn.GRU(10, 20)
cell = typedrnn.LSTMCell(10, 20)


def run(x: torch.Tensor) -> torch.Tensor:
    out, (h_n, c_n) = lstm(x)
    out2, h2 = gru(x, h_n)
    h, c = cell(x[0], (h_n[0], c_n[0]))
    return out + out2 + h.sum() + c.sum()
