"""An LSTMCell loop collecting outputs."""
import torch
import typedrnn

cell = typedrnn.LSTMCell(32, 64)


def unroll() -> torch.Tensor:
    inputs = torch.randn(12, 5, 32)
    h = torch.zeros(5, 64)
    c = torch.zeros(5, 64)
    outputs = []
    for t in range(12):
        h, c = cell(inputs[t], (h, c))
        outputs.append(h)
    return torch.stack(outputs)
