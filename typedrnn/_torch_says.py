"""What torch itself says about a call that typedrnn refuses: its own error sentence.

A ShapeError carries torch's own wording on a line of its own (``torch: ...``)
wherever torch would have raised, so that searches, logs and tests that know
torch's messages keep working (PyTorch's own tests match them). The sentence is
not copied from torch: it is torch's, got by running torch's own ``forward`` on
the call, with the recurrent kernels it calls swapped for the same kernels run on
the ``meta`` device (see :class:`_OnMeta`). torch's Python checks run as they
always do, on the real arguments; the kernels' own checks run on shapes only.
Only a call that typedrnn already refused runs this, so a correct call never pays
for it.

>>> import torch, typedrnn
>>> try:
...     typedrnn.LSTM(10, 20)(torch.randn(5, 3, 11))
... except typedrnn.ShapeError as error:
...     print(str(error).splitlines()[-1])
  torch: input.size(-1) must be equal to input_size. Expected 10, got 11
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from torch import Tensor, nn


def torch_sentence(module: nn.Module, forward: Callable[..., Any], *arguments: Any) -> str | None:
    """torch's error message for ``forward(module, *arguments)``, or None if torch
    would accept the call (as far as its checks and its kernels' size checks go)."""
    dry_forward = types.FunctionType(
        forward.__code__,
        _dry_globals(forward.__globals__),
        forward.__name__,
        forward.__defaults__,
        forward.__closure__,
    )
    dry_forward.__kwdefaults__ = forward.__kwdefaults__
    try:
        dry_forward(module, *arguments)
    except _KernelNotRun:
        return None
    except Exception as error:  # any error torch raises is its answer
        return str(error).strip() or type(error).__name__
    return None


def _dry_globals(real: dict[str, Any]) -> dict[str, Any]:
    """A forward's globals with its kernel namespaces (``_VF``, ``F``) run on meta."""
    dry = dict(real)
    for name in ("_VF", "F"):
        if name in dry:
            dry[name] = _OnMeta(dry[name])
    return dry


class _KernelNotRun(Exception):
    """A packed sequence kernel was reached: what it would say is not known."""


class _OnMeta:
    """A kernel namespace whose kernels check their arguments without computing.

    The cells' kernels and the unpacked sequence kernels run on meta copies of their
    tensors: torch's size checks, nothing computed. ``F.linear`` runs as it is (its
    meta version words its error differently, and it cannot crash). A packed
    sequence kernel is not run at all: torch's Python checks almost nothing on that
    path, and its CPU kernel reads memory by the sizes it is given.
    """

    def __init__(self, kernels: Any) -> None:
        self._kernels = kernels

    def __getattr__(self, name: str) -> Any:
        kernel = getattr(self._kernels, name)
        if not callable(kernel) or name == "linear":
            return kernel

        def on_meta(*args: Any) -> Any:
            # A sequence kernel's packed form takes batch_sizes second, hx third and
            # the weights fourth; its unpacked form has a flag there.
            if len(args) > 3 and isinstance(args[3], (list, tuple)):
                raise _KernelNotRun
            # torch's kernels trust the ranks they are given: a state of another rank
            # than the input (which torch's Python lets through for a cell, when
            # hidden_size is 1) can crash them, on meta too.
            input, hx = args[0], args[1]
            states = hx if isinstance(hx, (list, tuple)) else (hx,)
            if not all(isinstance(state, Tensor) and state.dim() == input.dim() for state in states):
                raise _KernelNotRun
            return kernel(*(_to_meta(arg) for arg in args))

        return on_meta


def _to_meta(value: Any) -> Any:
    if isinstance(value, Tensor):
        return value.to("meta")
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(_to_meta(item) for item in value)
    return value

