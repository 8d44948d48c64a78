"""Checks for code you cannot or will not rewrite: swap torch.nn's classes for typed ones.

:func:`patch` puts typed versions of ``RNN``, ``LSTM``, ``GRU``, ``RNNCell``,
``LSTMCell``, ``GRUCell`` and ``Linear`` into the ``torch.nn`` namespace, so that
modules built from then on (``nn.LSTM(...)``, ``from torch.nn import GRU``) check
their shapes. ``typedrnn run`` and ``pytest --typedrnn`` are built on it, and
:func:`patched` is the form for a notebook cell.

The classes put in place are made to leave no trace in what a program writes or
sees:

- they take torch's place in torch's own modules too (``torch.nn.modules.rnn``,
  ``torch.nn.modules.linear``), and under torch's names: code that imports
  ``from torch.nn.modules.rnn import LSTM`` gets the typed class, and an instance
  pickles as a reference to ``torch.nn.modules.rnn.LSTM``, exactly as torch's own
  does. So ``torch.save(model)`` under the patch loads where typedrnn is not
  installed, also with ``torch.load(weights_only=True)`` and torch's classes in
  ``torch.serialization.safe_globals``; loaded under the patch, it is typed again
  (``copy.deepcopy`` keeps the typed class, so a copied model stays checked);
- ``isinstance(m, nn.LSTM)`` stays true for modules built before the patch or
  by code that holds torch's class directly.
"""

from __future__ import annotations

import abc
import contextlib
import copy
import sys
import threading
from collections.abc import Iterator
from types import ModuleType
from typing import Any, Final, cast

import torch.nn
import torch.nn.modules
import torch.nn.modules.linear
import torch.nn.modules.rnn
from torch import nn

from typedrnn import _modules, _quantization

# The namespaces user code takes these classes from: ``nn.LSTM``, ``torch.nn.LSTM``,
# ``from torch.nn import LSTM``, ``torch.nn.modules.LSTM``, and the modules that
# define them, ``torch.nn.modules.rnn`` and ``torch.nn.modules.linear`` (which
# pickles name). torch's own code reads none of these names at run time (its
# subclasses, such as ``NonDynamicallyQuantizableLinear``, were built at import).
_NAMESPACES: Final[tuple[ModuleType, ...]] = (
    torch.nn,
    torch.nn.modules,
    torch.nn.modules.rnn,
    torch.nn.modules.linear,
)


class _StandInMeta(abc.ABCMeta):
    """Lets a stand-in answer ``isinstance`` and ``issubclass`` as torch's class would.

    It derives from ABCMeta so that a class mixing a stand-in with ``abc.ABC`` or
    a ``Protocol`` (``class Encoder(nn.LSTM, ABC)``) still has a metaclass.
    """

    def __instancecheck__(cls, instance: object) -> bool:
        torch_class = cls.__dict__.get("_typedrnn_torch_class")
        if torch_class is not None:
            return isinstance(instance, torch_class)
        return super().__instancecheck__(instance)

    def __subclasscheck__(cls, subclass: type) -> bool:
        torch_class = cls.__dict__.get("_typedrnn_torch_class")
        if torch_class is not None:
            return issubclass(subclass, torch_class)
        return super().__subclasscheck__(subclass)


class _StandIn(nn.Module):
    """What every stand-in adds to its typed class: pickles that name torch's class."""

    _typedrnn_torch_class: type[nn.Module]

    def __reduce_ex__(self, protocol: Any) -> Any:
        torch_class = type(self).__dict__.get("_typedrnn_torch_class")
        if torch_class is None or (protocol >= 2 and _in_torchs_place(type(self))):
            # Under the patch, the stand-in is what torch's module holds under torch's
            # name: pickle writes a reference to that name, as for torch's own class
            # (and torch.load with weights_only=True can load it). A user's subclass
            # pickles under its own name, as it would without typedrnn.
            return super().__reduce_ex__(protocol)
        # After unpatch() the name is torch's class again, which pickle would refuse
        # as another object than type(self): object.__new__ of torch's class instead.
        return (object.__new__, (torch_class,), self.__getstate__())  # type: ignore[no-untyped-call]

    def __copy__(self) -> Any:
        clone = object.__new__(type(self))
        clone.__setstate__(self.__getstate__())  # type: ignore[no-untyped-call]
        return clone

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        clone = object.__new__(type(self))
        memo[id(self)] = clone
        clone.__setstate__(copy.deepcopy(self.__getstate__(), memo))  # type: ignore[no-untyped-call]
        return clone


def _in_torchs_place(stand_in: type) -> bool:
    """Whether torch's module holds ``stand_in`` under torch's name right now."""
    return getattr(sys.modules.get(stand_in.__module__), stand_in.__qualname__, None) is stand_in


def _stand_in(typed_class: type[nn.Module]) -> type[nn.Module]:
    torch_class = _modules.torch_class(typed_class)
    stand_in = _StandInMeta(
        typed_class.__name__,
        (_StandIn, typed_class),
        {
            # torch's name: pickles refer to it, and torch.fx keeps modules whose
            # __module__ is torch's as leaves.
            "__module__": torch_class.__module__,
            "__qualname__": torch_class.__qualname__,
            "__doc__": typed_class.__doc__,
            "_typedrnn_torch_class": torch_class,
        },
    )
    return cast("type[nn.Module]", stand_in)


_STAND_INS: Final = {typed.__name__: _stand_in(typed) for typed in _modules.TYPED_CLASSES}
for _stand_in_class in _STAND_INS.values():
    _quantization.register(_stand_in_class, _modules.torch_class(_stand_in_class))

_lock: Final = threading.Lock()
# What patch() replaced, to put back: (namespace, name) -> the object that was there.
_replaced: dict[tuple[ModuleType, str], object] = {}


def patch() -> None:
    """Make ``torch.nn``'s recurrent modules and ``Linear`` typed, from now on.

    Modules built after the call check their shapes and raise
    :class:`typedrnn.ShapeError`; modules built before keep working unchanged.
    Calling it twice is harmless. :func:`unpatch` undoes it.

    >>> import torch, typedrnn
    >>> typedrnn.patch()
    >>> lstm = torch.nn.LSTM(50, 100, batch_first=True)
    >>> lstm(torch.randn(3, 10, 50), (torch.zeros(3, 1, 100), torch.zeros(3, 1, 100)))
    Traceback (most recent call last):
    ...
    typedrnn.ShapeError: LSTM(50, 100, batch_first=True): h0 expected (layers×dirs=1, batch=3, hidden=100), got (3, 1, 100)
    ...
    >>> typedrnn.unpatch()
    """
    with _lock:
        if _replaced:
            return
        for namespace in _NAMESPACES:
            for name, stand_in in _STAND_INS.items():
                if hasattr(namespace, name):
                    _replaced[namespace, name] = getattr(namespace, name)
                    setattr(namespace, name, stand_in)


def unpatch() -> None:
    """Put torch's own classes back; modules already built stay typed.

    >>> import torch, typedrnn
    >>> typedrnn.patch(); typedrnn.unpatch()
    >>> type(torch.nn.GRU(10, 20)) is torch.nn.modules.rnn.GRU
    True
    """
    with _lock:
        for (namespace, name), original in _replaced.items():
            setattr(namespace, name, original)
        _replaced.clear()


def is_patched() -> bool:
    """Whether :func:`patch` is in effect."""
    return bool(_replaced)


@contextlib.contextmanager
def patched() -> Iterator[None]:
    """Typed ``torch.nn`` modules inside a ``with`` block, e.g. one notebook cell.

    On leaving the block, torch's classes come back, unless the patch was already
    on when the block began. Modules built inside stay typed.

    >>> import torch, typedrnn
    >>> with typedrnn.patched():
    ...     gru = torch.nn.GRU(10, 20)
    >>> isinstance(gru, typedrnn.GRU)
    True
    """
    already = is_patched()
    patch()
    try:
        yield
    finally:
        if not already:
            unpatch()
