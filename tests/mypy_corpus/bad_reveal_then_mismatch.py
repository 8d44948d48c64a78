"""reveal_shape shows what the plugin knows; the mismatch is still caught."""
import torch
import typedrnn

cell = typedrnn.GRUCell(8, 16)


def run() -> None:
    x = torch.randn(4, 8)
    h = typedrnn.reveal_shape(torch.zeros(5, 16))  # N: Revealed shape is (5, 16)
    cell(x, h)  # E: shape "batch=4"
