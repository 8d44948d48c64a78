"""How each module returns its state, in the words a structure mistake needs."""

from __future__ import annotations


def structure_hint(role: str) -> str:
    """The unpacking that fits the module that made ``role``."""
    if "LSTMCell" in role:
        return "an LSTMCell returns the pair (h, c): h, c = cell(x, (h, c))."
    if "LSTM" in role:
        return "an LSTM returns (output, (h_n, c_n)): output, (h_n, c_n) = lstm(x)."
    return "an RNN or GRU returns (output, h_n): output, h_n = rnn(x)."
