"""The seven typed modules: torch.nn's classes with their shape contract enforced.

Each class is a subclass of the torch class of the same name, with the same
constructor, parameters and ``state_dict``. Its ``forward`` states the contract in
jaxtyping annotations and runs check -> torch -> check, on one of two roads: a call
whose shapes the guard has learnt runs torch's kernel directly
(:mod:`typedrnn._kernels`); any other call gets the guard's full check and then
torch's own ``forward``. The checking lives in :mod:`typedrnn._runtime`; these
classes only route to it.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final, TypeVar

import torch
from jaxtyping import Float
from torch import Tensor, nn
from torch.compiler import is_dynamo_compiling

from typedrnn import _kernels, _quantization
from typedrnn._contracts import ModuleConfig
from typedrnn._dims import (
    CellInput,
    CellState,
    HiddenState,
    LSTMState,
    SequenceInput,
    SequenceOutput,
)
from typedrnn._runtime import Guard, checks_enabled, data_of, register_forwards, shape_of

# Attributes whose change changes the contract: the module's guard starts over.
_CONFIG_ATTRIBUTES: Final = frozenset(
    {
        "input_size",
        "hidden_size",
        "num_layers",
        "bias",
        "batch_first",
        "bidirectional",
        "proj_size",
        "in_features",
        "out_features",
    }
)


_TypedClass = TypeVar("_TypedClass", bound=type[nn.Module])


def torch_class(typed_class: type[nn.Module]) -> type[nn.Module]:
    """The ``torch.nn`` class that a typed class checks: its nearest base from torch.

    >>> torch_class(LSTM) is nn.LSTM
    True
    """
    return next(
        base
        for base in typed_class.__mro__
        if issubclass(base, nn.Module) and base.__module__.startswith("torch.nn") and not issubclass(base, _Typed)
    )


class InstanceModule(str):
    """A class's ``__module__`` that reads as its torch base's module on its instances.

    Tools decide by ``module.__module__`` whether a module is one of torch's own:
    ``torch.fx.symbolic_trace`` keeps a module whose ``__module__`` starts with
    ``torch.nn`` as one node (a leaf) and traces into every other, so a typed module
    would be traced into, and its checks would meet an FX ``Proxy``. An instance of a
    typed class therefore answers with its torch base's module, while the class itself
    keeps its own (for pickling, reprs and documentation): the class reads this string
    raw, an instance through ``__get__``. A user's subclass has a ``__module__`` of its
    own, and is traced into, as a subclass of a torch class is.

    >>> import typedrnn
    >>> typedrnn.LSTM.__module__, typedrnn.LSTM(2, 3).__module__
    ('typedrnn._modules', 'torch.nn.modules.rnn')
    """

    instance_module: str

    def __new__(cls, class_module: str, instance_module: str) -> InstanceModule:
        name = super().__new__(cls, class_module)
        name.instance_module = instance_module
        return name

    def __get__(self, instance: object, owner: type | None = None) -> str:
        return str(self) if instance is None else self.instance_module

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        # pickle (protocol 4 and later) writes a class's module name as an object.
        return (str, (str(self),))


def _switchable(typed_class: _TypedClass) -> _TypedClass:
    """Let the on/off switch take this class's forward away (torch's is then found) while
    checks are off, note torch's own code, which the kernel road must not bypass, and
    let instances report torch's module (see :class:`InstanceModule`)."""
    register_forwards(typed_class)
    base = torch_class(typed_class)
    typed_class._typedrnn_torch_code = _kernels.torch_code(base)  # type: ignore[attr-defined]
    type.__setattr__(typed_class, "__module__", InstanceModule(typed_class.__module__, base.__module__))
    return typed_class


class _Typed(nn.Module):
    """What the seven classes share: a lazily built guard, dropped whenever the
    configuration changes, and never pickled (it is rebuilt on first use)."""

    _typedrnn_kind: ClassVar[str]
    _typedrnn_torch_code: ClassVar[_kernels.TorchCode]
    _typedrnn_guard: Guard | None = None

    def _typedrnn_config(self) -> ModuleConfig:
        return ModuleConfig(*self._typedrnn_config_arguments())

    def _typedrnn_config_arguments(self) -> tuple[Any, ...]:
        """ModuleConfig's arguments, in order, as the module holds them now: equal
        arguments make an equal configuration, and comparing them costs less."""
        raise NotImplementedError

    def _typedrnn_weight(self) -> Tensor:
        """The parameter torch's forward reads the dtype and device from, as the module
        holds it now (a parametrization or functional_call may compute it)."""
        raise NotImplementedError

    def _guard(self) -> Guard:
        """The guard for the module as it is now: rebuilt when the configuration, or
        the shape of the weight the fast check reads, is not the one it was built for
        (a weight replaced after a call, a state loaded by ``__setstate__``)."""
        arguments = self._typedrnn_config_arguments()
        weight_shape = self._typedrnn_weight().shape
        if is_dynamo_compiling():
            # Storing the guard while Dynamo traces would change the module under
            # its feet and cost every fresh module one recompile; a traced guard is
            # used once anyway.
            return Guard(ModuleConfig(*arguments), weight_shape, arguments)
        guard = self._typedrnn_guard
        if guard is None or guard.config_arguments != arguments or guard.weight_shape != weight_shape:
            guard = Guard(ModuleConfig(*arguments), weight_shape, arguments)
            object.__setattr__(self, "_typedrnn_guard", guard)
        return guard

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        # A parameter assigned anew may have other sizes: a cell's contract is read off
        # its weights, and a first call is admitted by the guard as it stands.
        if name in _CONFIG_ATTRIBUTES or isinstance(value, nn.Parameter):
            object.__setattr__(self, "_typedrnn_guard", None)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())  # type: ignore[no-untyped-call]
        state.pop("_typedrnn_guard", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        # torch's own tests (and old checkpoints) load state this way into a module
        # that may have run already: the configuration may change under the guard.
        super().__setstate__(state)  # type: ignore[no-untyped-call]
        object.__setattr__(self, "_typedrnn_guard", None)

    def __prepare_scriptable__(self) -> nn.Module:
        """What ``torch.jit.script`` compiles: the plain torch module, sharing these
        parameters, since TorchScript cannot compile the checks. See ``typedrnn.untyped``."""
        from typedrnn._convert import untyped  # noqa: PLC0415 - _convert imports this module

        return untyped(self)


class _TypedSequence(_Typed):
    input_size: int
    hidden_size: int
    num_layers: int
    bias: bool
    batch_first: bool
    bidirectional: bool
    proj_size: int
    _flat_weights_names: list[str]

    def _typedrnn_config_arguments(self) -> tuple[Any, ...]:
        return (
            self._typedrnn_kind,
            self.input_size,
            self.hidden_size,
            self.num_layers,
            self.bias,
            self.batch_first,
            self.bidirectional,
            self.proj_size,
        )

    def _typedrnn_weight(self) -> Tensor:
        # The first of the flat weights. torch's forward checks sizes against the
        # attributes, so the configuration comes from them.
        return _parameter(self, self._flat_weights_names[0])


class _TypedCell(_Typed):
    input_size: int
    hidden_size: int
    bias: bool
    weight_ih: Tensor

    def _typedrnn_config_arguments(self) -> tuple[Any, ...]:
        # A cell's kernel checks the input against weight_ih and the state against
        # weight_hh, not against the attributes: a replaced weight changes the contract.
        input_size, hidden_size = self.input_size, self.hidden_size
        weight_ih, weight_hh = _parameter(self, "weight_ih"), _parameter(self, "weight_hh")
        # (Not while jit traces: its sizes are tensors, and the weights are the module's own.)
        if weight_ih.dim() == 2 and weight_hh.dim() == 2 and not torch.jit.is_tracing():  # type: ignore[attr-defined,no-untyped-call]
            input_size, hidden_size = weight_ih.shape[1], weight_hh.shape[1]
        return (self._typedrnn_kind, input_size, hidden_size, 1, self.bias)

    def _typedrnn_weight(self) -> Tensor:
        return _parameter(self, "weight_ih")


@_switchable
class RNN(_TypedSequence, nn.RNN):
    """``torch.nn.RNN`` with its shape contract checked on every call.

    ========  =======================================  ==========================
    tensor    batched (batch_first=False)              unbatched
    ========  =======================================  ==========================
    input     (seq, batch, input)                      (seq, input)
    h0        (layers×dirs, batch, hidden)             (layers×dirs, hidden)
    output    (seq, batch, dirs×out)                   (seq, dirs×out)
    h_n       (layers×dirs, batch, hidden)             (layers×dirs, hidden)
    ========  =======================================  ==========================

    ``batch_first=True`` swaps seq and batch in input and output only.

    >>> import torch, typedrnn
    >>> rnn = typedrnn.RNN(5, 10, 2)
    >>> output, h_n = rnn(torch.randn(6, 3, 5))
    >>> tuple(output.shape), tuple(h_n.shape)
    ((6, 3, 10), (2, 3, 10))
    """

    _typedrnn_kind = "RNN"

    def forward(  # type: ignore[override]
        self, input: SequenceInput, hx: HiddenState | None = None
    ) -> tuple[SequenceOutput, HiddenState]:
        __tracebackhide__ = True  # pytest shows the user's call, not this frame
        if not checks_enabled():
            return super().forward(input, hx)
        guard = self._typedrnn_guard or self._guard()
        checked = _kernels.sequence_call(self, guard, self._typedrnn_torch_code, _kernels.RNN_KERNELS.get(self.mode), input, hx)
        if checked is not None:
            return checked  # type: ignore[return-value]
        guard = self._guard()
        expected = guard.check_arguments(self, self._typedrnn_weight(), input, hx)
        output, h_n = result = super().forward(input, hx)
        guard.confirm(input, expected, data_of(output).shape, h_n.shape)
        return result


@_switchable
class GRU(_TypedSequence, nn.GRU):
    """``torch.nn.GRU`` with its shape contract checked on every call.

    Shapes as for :class:`RNN`: hx is one tensor (layers×dirs, batch, hidden).

    >>> import torch, typedrnn
    >>> gru = typedrnn.GRU(10, 20, 2)
    >>> output, h_n = gru(torch.randn(3, 32, 10))
    >>> tuple(output.shape), tuple(h_n.shape)
    ((3, 32, 20), (2, 32, 20))
    """

    _typedrnn_kind = "GRU"

    def forward(  # type: ignore[override]
        self, input: SequenceInput, hx: HiddenState | None = None
    ) -> tuple[SequenceOutput, HiddenState]:
        __tracebackhide__ = True  # pytest shows the user's call, not this frame
        if not checks_enabled():
            return super().forward(input, hx)
        guard = self._typedrnn_guard or self._guard()
        checked = _kernels.sequence_call(self, guard, self._typedrnn_torch_code, _kernels.GRU_KERNEL, input, hx)
        if checked is not None:
            return checked  # type: ignore[return-value]
        guard = self._guard()
        expected = guard.check_arguments(self, self._typedrnn_weight(), input, hx)
        output, h_n = result = super().forward(input, hx)
        guard.confirm(input, expected, data_of(output).shape, h_n.shape)
        return result


@_switchable
class LSTM(_TypedSequence, nn.LSTM):
    """``torch.nn.LSTM`` with its shape contract checked on every call.

    ========  =======================================  ==========================
    tensor    batched (batch_first=False)              unbatched
    ========  =======================================  ==========================
    input     (seq, batch, input)                      (seq, input)
    h0        (layers×dirs, batch, proj)               (layers×dirs, proj)
    c0        (layers×dirs, batch, hidden)             (layers×dirs, hidden)
    output    (seq, batch, dirs×out)                   (seq, dirs×out)
    h_n, c_n  as h0, c0                                as h0, c0
    ========  =======================================  ==========================

    ``proj`` is ``proj_size`` when it is set, else ``hidden``; hx is the pair
    ``(h0, c0)`` and the result is ``(output, (h_n, c_n))``.

    >>> import torch, typedrnn
    >>> lstm = typedrnn.LSTM(50, 100, num_layers=2)
    >>> output, (h_n, c_n) = lstm(torch.randn(10, 3, 50))
    >>> tuple(output.shape), tuple(h_n.shape), tuple(c_n.shape)
    ((10, 3, 100), (2, 3, 100), (2, 3, 100))
    """

    _typedrnn_kind = "LSTM"

    def forward(  # type: ignore[override]
        self, input: SequenceInput, hx: LSTMState | None = None
    ) -> tuple[SequenceOutput, LSTMState]:
        __tracebackhide__ = True  # pytest shows the user's call, not this frame
        if not checks_enabled():
            return super().forward(input, hx)
        guard = self._typedrnn_guard or self._guard()
        checked = _kernels.sequence_call(self, guard, self._typedrnn_torch_code, _kernels.LSTM_KERNEL, input, hx)
        if checked is not None:
            return checked  # type: ignore[return-value]
        guard = self._guard()
        expected = guard.check_arguments(self, self._typedrnn_weight(), input, hx)
        output, (h_n, c_n) = result = super().forward(input, hx)
        guard.confirm(input, expected, data_of(output).shape, h_n.shape, c_n.shape)
        return result


@_switchable
class RNNCell(_TypedCell, nn.RNNCell):
    """``torch.nn.RNNCell`` with its shape contract checked on every step.

    input (batch, input) or (input); h and the result (batch, hidden) or (hidden).

    >>> import torch, typedrnn
    >>> cell = typedrnn.RNNCell(10, 20)
    >>> tuple(cell(torch.randn(3, 10)).shape)
    (3, 20)
    """

    _typedrnn_kind = "RNNCell"

    def forward(self, input: CellInput, hx: CellState | None = None) -> CellState:
        __tracebackhide__ = True  # pytest shows the user's call, not this frame
        if not checks_enabled():
            return super().forward(input, hx)
        guard = self._typedrnn_guard or self._guard()
        checked = _kernels.cell_call(self, guard, self._typedrnn_torch_code, _kernels.RNN_CELL_KERNELS.get(self.nonlinearity), input, hx)
        if checked is not None:
            return checked  # type: ignore[return-value]
        guard = self._guard()
        expected = guard.check_arguments(self, self._typedrnn_weight(), input, hx)
        h_next = super().forward(input, hx)
        guard.confirm(input, expected, h_next.shape)
        return h_next


@_switchable
class GRUCell(_TypedCell, nn.GRUCell):
    """``torch.nn.GRUCell`` with its shape contract checked on every step.

    input (batch, input) or (input); h and the result (batch, hidden) or (hidden).

    >>> import torch, typedrnn
    >>> cell = typedrnn.GRUCell(10, 20)
    >>> tuple(cell(torch.randn(3, 10)).shape)
    (3, 20)
    """

    _typedrnn_kind = "GRUCell"

    def forward(self, input: CellInput, hx: CellState | None = None) -> CellState:
        __tracebackhide__ = True  # pytest shows the user's call, not this frame
        if not checks_enabled():
            return super().forward(input, hx)
        guard = self._typedrnn_guard or self._guard()
        checked = _kernels.cell_call(self, guard, self._typedrnn_torch_code, _kernels.GRU_CELL_KERNEL, input, hx)
        if checked is not None:
            return checked  # type: ignore[return-value]
        guard = self._guard()
        expected = guard.check_arguments(self, self._typedrnn_weight(), input, hx)
        h_next = super().forward(input, hx)
        guard.confirm(input, expected, h_next.shape)
        return h_next


@_switchable
class LSTMCell(_TypedCell, nn.LSTMCell):
    """``torch.nn.LSTMCell`` with its shape contract checked on every step.

    input (batch, input) or (input); hx is the pair (h, c), each (batch, hidden)
    or (hidden), and so is the result.

    >>> import torch, typedrnn
    >>> cell = typedrnn.LSTMCell(10, 20)
    >>> h, c = cell(torch.randn(3, 10))
    >>> tuple(h.shape), tuple(c.shape)
    ((3, 20), (3, 20))
    """

    _typedrnn_kind = "LSTMCell"

    def forward(
        self, input: CellInput, hx: tuple[CellState, CellState] | None = None
    ) -> tuple[CellState, CellState]:
        __tracebackhide__ = True  # pytest shows the user's call, not this frame
        if not checks_enabled():
            return super().forward(input, hx)
        guard = self._typedrnn_guard or self._guard()
        checked = _kernels.cell_call(self, guard, self._typedrnn_torch_code, _kernels.LSTM_CELL_KERNEL, input, hx)
        if checked is not None:
            return checked  # type: ignore[return-value]
        guard = self._guard()
        expected = guard.check_arguments(self, self._typedrnn_weight(), input, hx)
        h_next, c_next = result = super().forward(input, hx)
        guard.confirm(input, expected, h_next.shape, c_next.shape)
        return result


@_switchable
class Linear(_Typed, nn.Linear):
    """``torch.nn.Linear`` with its shape contract checked on every call.

    input (*batch, in_features) -> output (*batch, out_features), for any number of
    leading dimensions.

    >>> import torch, typedrnn
    >>> head = typedrnn.Linear(2, 4)
    >>> tuple(head(torch.randn(5, 2)).shape)
    (5, 4)
    """

    _typedrnn_kind = "Linear"

    def _typedrnn_config_arguments(self) -> tuple[Any, ...]:
        # torch computes with the weight it holds: a weight replaced by a (9, 4) one
        # makes (..., 4) -> (..., 9), whatever in_features and out_features say.
        in_features, out_features = self.in_features, self.out_features
        weight = _parameter(self, "weight")
        # (Not while jit traces: its sizes are tensors, and the weight is the module's own.)
        if weight.dim() == 2 and not torch.jit.is_tracing():  # type: ignore[attr-defined,no-untyped-call]
            out_features, in_features = weight.shape
        return ("Linear", in_features, out_features, 1, _parameter(self, "bias") is not None)

    def _typedrnn_weight(self) -> Tensor:
        return _parameter(self, "weight")

    def forward(
        self, input: Float[Tensor, "*batch in_features"]
    ) -> Float[Tensor, "*batch out_features"]:
        __tracebackhide__ = True  # pytest shows the user's call, not this frame
        if not checks_enabled():
            return super().forward(input)
        guard = self._typedrnn_guard or self._guard()
        checked = _kernels.linear_call(self, guard, self._typedrnn_torch_code, input)
        if checked is not None:
            return checked
        guard = self._guard()
        expected = guard.check_arguments(self, self._typedrnn_weight(), input, None)
        output = super().forward(input)
        guard.confirm(input, expected, shape_of(output))
        return output


TYPED_CLASSES: Final[tuple[type[nn.Module], ...]] = (RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell, Linear)
for _typed_class in TYPED_CLASSES:
    _quantization.register(_typed_class, torch_class(_typed_class))


def _parameter(module: nn.Module, name: str) -> Tensor:
    """A parameter, read for its dtype and device: straight from ``_parameters``, or
    through the attribute when a parametrization (``weight_norm``, ...) computes it."""
    parameter = module._parameters.get(name)
    return getattr(module, name) if parameter is None else parameter
