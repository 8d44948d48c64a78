"""typedrnn: PyTorch's recurrent modules with their tensor shapes as a checked contract.

>>> import torch, typedrnn
>>> lstm = typedrnn.LSTM(50, 100, num_layers=2)
>>> output, (h_n, c_n) = lstm(torch.randn(10, 3, 50))
>>> lstm(torch.randn(10, 3, 50), (torch.zeros(2, 3, 100), torch.zeros(2, 4, 100)))
Traceback (most recent call last):
...
typedrnn.ShapeError: LSTM(50, 100, num_layers=2): c0 expected (layers×dirs=2, batch=3, hidden=100), got (2, 4, 100)
...

The names below load on first use, so that ``typedrnn.mypy_plugin`` and the
contracts can be imported without importing torch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "GRUCell",
    "LSTMCell",
    "Linear",
    "RNNCell",
    "ShapeError",
    "checks",
    "checks_enabled",
    "dims",
    "patch",
    "patched",
    "reveal_shape",
    "set_checks",
    "unpatch",
    "untyped",
]

if TYPE_CHECKING:
    from typedrnn import _dims as dims
    from typedrnn._convert import untyped
    from typedrnn._modules import GRU, LSTM, RNN, GRUCell, Linear, LSTMCell, RNNCell
    from typedrnn._patch import patch, patched, unpatch
    from typedrnn._reveal import reveal_shape
    from typedrnn._runtime import ShapeError, checks, checks_enabled, set_checks

_HOMES = {
    "GRU": "typedrnn._modules",
    "GRUCell": "typedrnn._modules",
    "LSTM": "typedrnn._modules",
    "LSTMCell": "typedrnn._modules",
    "Linear": "typedrnn._modules",
    "RNN": "typedrnn._modules",
    "RNNCell": "typedrnn._modules",
    "ShapeError": "typedrnn._runtime",
    "checks": "typedrnn._runtime",
    "checks_enabled": "typedrnn._runtime",
    "patch": "typedrnn._patch",
    "patched": "typedrnn._patch",
    "reveal_shape": "typedrnn._reveal",
    "set_checks": "typedrnn._runtime",
    "unpatch": "typedrnn._patch",
    "untyped": "typedrnn._convert",
}


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext typedrnn``: typed modules for the session, and the ``%typedrnn on|off`` magic.

    IPython finds this function by name; see ``typedrnn._ipython``.
    """
    from typedrnn import _ipython  # noqa: PLC0415 - imports torch

    _ipython.load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext typedrnn``: torch's own classes back."""
    from typedrnn import _ipython  # noqa: PLC0415 - imports torch

    _ipython.unload(ipython)


def __getattr__(name: str) -> Any:
    if name == "dims":
        value = importlib.import_module("typedrnn._dims")
        globals()[name] = value
        return value
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'typedrnn' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
