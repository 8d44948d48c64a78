import torch.nn as nn


class EncoderBase(nn.Module):
    """Holds what every encoder of the project is configured with."""

    def __init__(self, input_dim, hidden_dim, num_layers=1, dropout=0.0):
        nn.Module.__init__(self)
        self.input_dim = input_dim
        self.hidden_dim = hidden_dim
        self.num_layers = num_layers
        self.dropout = nn.Dropout(dropout)

    def output_size(self):
        return self.hidden_dim
