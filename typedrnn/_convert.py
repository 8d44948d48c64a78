"""From typed modules back to torch's own: :func:`untyped`.

Some tools cannot run the checks: TorchScript compiles ``forward`` from its source
and knows nothing of jaxtyping or beartype, and code that wants a stock
``torch.nn`` model (an exporter, a library that tests ``type(m) is nn.LSTM``) wants
torch's classes. :func:`untyped` hands such a tool the plain equivalent: the same
parameters (shared, or copied on request), the same configuration and hooks, the
same outputs.

>>> import torch, typedrnn
>>> model = torch.nn.Sequential(typedrnn.Linear(4, 8), torch.nn.Tanh(), typedrnn.Linear(8, 2))
>>> plain = typedrnn.untyped(model)
>>> [type(layer).__name__ for layer in plain], type(plain[0]) is torch.nn.Linear
(['Linear', 'Tanh', 'Linear'], True)
>>> plain[0].weight is model[0].weight
True
"""

from __future__ import annotations

import copy as _copy
from typing import TypeVar, overload

from torch import nn

from typedrnn import _modules

# Each typed class and the torch class it checks. A user's subclass of a typed
# class is not here on purpose: dropping its overrides would change what it does.
_PLAIN: dict[type[nn.Module], type[nn.Module]] = {
    typed: _modules.torch_class(typed) for typed in _modules.TYPED_CLASSES
}

_Module = TypeVar("_Module", bound=nn.Module)


@overload
def untyped(module: _modules.LSTM, *, copy: bool = False) -> nn.LSTM: ...
@overload
def untyped(module: _modules.GRU, *, copy: bool = False) -> nn.GRU: ...
@overload
def untyped(module: _modules.RNN, *, copy: bool = False) -> nn.RNN: ...
@overload
def untyped(module: _modules.LSTMCell, *, copy: bool = False) -> nn.LSTMCell: ...
@overload
def untyped(module: _modules.GRUCell, *, copy: bool = False) -> nn.GRUCell: ...
@overload
def untyped(module: _modules.RNNCell, *, copy: bool = False) -> nn.RNNCell: ...
@overload
def untyped(module: _modules.Linear, *, copy: bool = False) -> nn.Linear: ...
@overload
def untyped(module: _Module, *, copy: bool = False) -> _Module: ...
def untyped(module: nn.Module, *, copy: bool = False) -> nn.Module:
    """The plain ``torch.nn`` equivalent of a typed module, or of a whole model.

    A typed module becomes an instance of the torch class it subclasses; in a model,
    every typed module in the tree is replaced, and every module on the way to one
    is a new object of its own class, so the model you pass in is never changed.
    Subtrees without typed modules are shared as they are. Parameters and buffers
    are the same tensors as the original's (training one trains the other), or
    independent copies with ``copy=True``. Hooks, ``training`` and every other
    attribute carry over. Modules reached only through plain attributes (a list
    kept beside ``_modules``, say) are not converted.

    >>> import torch, typedrnn
    >>> lstm = typedrnn.LSTM(10, 20, num_layers=2)
    >>> plain = typedrnn.untyped(lstm)
    >>> type(plain) is torch.nn.LSTM, plain.weight_ih_l0 is lstm.weight_ih_l0
    (True, True)
    >>> typedrnn.untyped(lstm, copy=True).weight_ih_l0 is lstm.weight_ih_l0
    False
    >>> scripted = torch.jit.script(typedrnn.untyped(lstm))
    """
    if copy:
        module = _copy.deepcopy(module)
    return _convert(module, {})


def _convert(module: nn.Module, done: dict[int, nn.Module]) -> nn.Module:
    """``module`` with its typed modules replaced; ``done`` keeps shared submodules shared."""
    seen = done.get(id(module))
    if seen is not None:
        return seen
    # A stand-in of typedrnn.patch() names its torch class itself.
    plain_class = _PLAIN.get(type(module)) or type(module).__dict__.get("_typedrnn_torch_class")
    if plain_class is None and isinstance(module, _modules._Typed):
        raise TypeError(
            f"typedrnn.untyped cannot convert {type(module).__qualname__}: it subclasses a typed "
            "module and its own overrides would be lost. Give it a method that builds the plain "
            "equivalent, or subclass the torch class instead."
        )
    children = {name: None if child is None else _convert(child, done) for name, child in module._modules.items()}
    unchanged = plain_class is None and all(
        new is old for new, old in zip(children.values(), module._modules.values())
    )
    if unchanged:
        done[id(module)] = module
        return module
    clone = _shallow_copy(module, plain_class or type(module))
    clone._modules = children
    if isinstance(clone, nn.RNNBase):
        # The flat weight list holds the parameters themselves; rebuild it for the clone.
        clone._init_flat_weights()
    done[id(module)] = clone
    return clone


def as_class(module: nn.Module, cls: type[nn.Module]) -> nn.Module:
    """``module`` as an instance of ``cls``, sharing its parameters and attributes: for
    torch code that accepts only its exact classes (``from_float`` of quantization)."""
    clone = _shallow_copy(module, cls)
    if isinstance(clone, nn.RNNBase):
        clone._init_flat_weights()
    return clone


def _shallow_copy(module: nn.Module, cls: type[nn.Module]) -> nn.Module:
    """A new ``cls`` with ``module``'s attributes: the same tensors, its own registries."""
    clone = cls.__new__(cls)
    state = {
        name: _copy.copy(value) if isinstance(value, (dict, list, set)) else value
        for name, value in module.__dict__.items()
        if name != "_typedrnn_guard"
    }
    clone.__dict__.update(state)
    return clone
