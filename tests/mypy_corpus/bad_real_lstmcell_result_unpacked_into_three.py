"""Controller of a memory network: the LSTMCell's (h, c) unpacked into three names."""
import torch
from torch import nn


class Controller(nn.Module):
    def __init__(self, input_size, controller_size, read_size):
        super().__init__()
        self.controller_size = controller_size
        self.cell = nn.LSTMCell(input_size + read_size, controller_size)
        self.read_size = read_size

    def forward(self, x, prev_read, state):
        h, c, read = self.cell(torch.cat([x, prev_read], dim=1), state)  # E: shape "unpacked into"
        return h, (h, c)


if __name__ == "__main__":
    ctrl = Controller(input_size=4, controller_size=6, read_size=3)
    state = (torch.zeros(2, 6), torch.zeros(2, 6))
    out, state = ctrl(torch.randn(2, 4), torch.randn(2, 3), state)
