"""Run-time enforcement of the contracts: ShapeError, the on/off switch, and the guard.

Every typed module owns a :class:`Guard`. The first call with a given input shape
takes the slow path: beartype checks the types (Tensor, tuple, PackedSequence) and
:mod:`typedrnn._contracts` checks the whole contract of the call (pure Python,
about as slow as a jaxtyping check). Its answer, a handful of expected shapes, is
kept per input shape, so that later calls cost a few ``isinstance`` checks and
tuple comparisons (:meth:`Guard.recall`): a call reaches a cached answer only with
tensors of exactly the shapes, dtype and device that the slow path accepted, and
such a call then runs torch's kernel directly (:mod:`typedrnn._kernels`). Whenever
anything disagrees, the slow path runs again with every detail of the call, and the
contract's answer becomes the ShapeError.

>>> import torch, typedrnn
>>> gru = typedrnn.GRU(10, 20)
>>> gru(torch.randn(5, 3, 10), torch.zeros(1, 4, 20))
Traceback (most recent call last):
...
typedrnn.ShapeError: GRU(10, 20): h0 expected (layers×dirs=1, batch=3, hidden=20), got (1, 4, 20)
...
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, Final, NamedTuple, Union, cast

import torch
from beartype import beartype
from beartype.roar import BeartypeCallHintViolation
from jaxtyping import TypeCheckError
from torch import Tensor
from torch.compiler import is_compiling, is_dynamo_compiling
from torch.nn.utils.rnn import PackedSequence

from typedrnn import _contracts
from typedrnn._contracts import (
    Arg,
    Bound,
    ModuleConfig,
    OtherArg,
    PackedArg,
    Problem,
    TensorArg,
    TupleArg,
    Weights,
)
from typedrnn._torch_says import torch_sentence


class ShapeError(TypeCheckError, ValueError, RuntimeError):
    """A call broke a module's shape contract.

    It is a ``jaxtyping.TypeCheckError`` (so a ``TypeError``), a ``ValueError`` and a
    ``RuntimeError``: code that catches torch's own errors keeps working. The
    message names the module, the argument, the expected and actual shapes, the
    dimension that disagrees and where its size came from, and a hint; where torch
    itself would have raised, its own sentence follows on a line ``torch: ...``
    (also in ``torch_says``). The same facts are attributes, for tests and tools:

    >>> import torch, typedrnn
    >>> try:
    ...     typedrnn.LSTM(50, 100)(torch.randn(10, 3, 40))
    ... except typedrnn.ShapeError as error:
    ...     print(error.argument, error.dimension)
    input input
    """

    def __init__(self, problem: Problem, torch_says: str | None = None) -> None:
        message = problem.message()
        if torch_says:
            message += "\n  torch: " + torch_says.replace("\n", "\n         ")
        super().__init__(message)
        self.problem = problem
        self.torch_says = torch_says
        self.module = problem.module
        self.argument = problem.argument
        self.dimension = problem.dimension
        self.expected = problem.expected
        self.actual = problem.actual
        self.hint = problem.hint

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problem, self.torch_says))


# Tracebacks and reprs name the class where users import it from.
ShapeError.__module__ = "typedrnn"


# --------------------------------------------------------------------------------------
# The switch


def _checks_from_environment() -> bool:
    return os.environ.get("TYPEDRNN_CHECKS", "1").strip().lower() not in ("0", "false", "off", "no")


_globally_enabled: bool = _checks_from_environment()
# A context manager's choice holds for its own thread (or asyncio task) only, so that
# one thread switching checks off never changes what another thread checks.
_local_choice: Final[ContextVar[bool | None]] = ContextVar("typedrnn_checks", default=None)
# How many checks() blocks are open in any thread: while none is, every forward skips
# the ContextVar, which is most of what the switch costs.
_open_blocks: int = 0
_switch_lock: Final = threading.Lock()
# The typed classes, each with its checked forward. While the checks are off
# everywhere (switched off, and no checks() block open in any thread), a typed class
# has no forward of its own: Python finds its torch base's, so off costs exactly what
# torch costs, and runs whatever torch's forward is at the time.
_forwards: list[tuple[type, Callable[..., Any]]] = []


def register_forwards(typed_class: type) -> None:
    """Let the switch take ``typed_class``'s checked ``forward`` away while checks are off."""
    with _switch_lock:
        _forwards.append((typed_class, typed_class.__dict__["forward"]))
        _install_forwards()


def _install_forwards() -> None:
    """Give every typed class the forward the switch asks for; call with the lock held."""
    unchecked = not _globally_enabled and not _open_blocks
    for typed_class, checked_forward in _forwards:
        if unchecked:
            if "forward" in typed_class.__dict__:
                type.__delattr__(typed_class, "forward")
        else:
            type.__setattr__(typed_class, "forward", checked_forward)


def checks_enabled() -> bool:
    """Whether typed modules check their calls here and now.

    While torch.compile traces, only the process-wide switch counts: Dynamo cannot
    read a ContextVar (it would break the graph at every typed module), but it
    reads this global and guards on it, so ``set_checks`` recompiles.

    >>> import typedrnn
    >>> typedrnn.checks_enabled()
    True
    """
    if _open_blocks and not is_dynamo_compiling():
        choice = _local_choice.get()
        if choice is not None:
            return choice
    return _globally_enabled


def set_checks(enabled: bool) -> None:
    """Switch the checks on or off for the whole process (all threads).

    Off, a typed module costs what the torch module costs: unless a :func:`checks`
    block is open somewhere, the typed classes run torch's own ``forward``. The
    environment variable ``TYPEDRNN_CHECKS=0`` sets the initial state.

    >>> import typedrnn
    >>> typedrnn.set_checks(False)
    >>> typedrnn.checks_enabled()
    False
    >>> typedrnn.set_checks(True)
    """
    global _globally_enabled  # noqa: PLW0603 - one process-wide switch, by design
    with _switch_lock:
        _globally_enabled = bool(enabled)
        _install_forwards()


@contextlib.contextmanager
def checks(enabled: bool = True) -> Iterator[None]:
    """Switch the checks on or off inside a ``with`` block, for this thread only.

    >>> import torch, typedrnn
    >>> rnn = typedrnn.RNN(5, 10)
    >>> with typedrnn.checks(False):
    ...     out, h_n = rnn(torch.randn(6, 3, 5))
    """
    global _open_blocks  # noqa: PLW0603 - a count shared by all threads, under its lock
    token = _local_choice.set(bool(enabled))
    with _switch_lock:
        _open_blocks += 1
        _install_forwards()
    try:
        yield
    finally:
        with _switch_lock:
            _open_blocks -= 1
            _install_forwards()
        _local_choice.reset(token)


# --------------------------------------------------------------------------------------
# beartype: the type half of each contract


@beartype
def _sequence_pair_types(
    input: Tensor | PackedSequence, hx: tuple[Tensor, Tensor] | list[Any] | None
) -> None:
    """LSTM: input is a Tensor or PackedSequence, hx a pair (h0, c0) or None (torch
    takes a list, or a NamedTuple, as the pair too)."""


@beartype
def _sequence_single_types(input: Tensor | PackedSequence, hx: Tensor | None) -> None:
    """RNN and GRU: input is a Tensor or PackedSequence, hx a Tensor or None."""


@beartype
def _cell_pair_types(input: Tensor, hx: tuple[Tensor, Tensor] | list[Any] | None) -> None:
    """LSTMCell: input is a Tensor, hx a pair (h, c) or None (or a list, as for torch)."""


@beartype
def _cell_single_types(input: Tensor, hx: Tensor | None) -> None:
    """RNNCell and GRUCell: input is a Tensor, hx a Tensor or None."""


@beartype
def _linear_types(input: Tensor, hx: None) -> None:
    """Linear: input is a Tensor."""


def _type_check_for(config: ModuleConfig) -> Callable[[Any, Any], None]:
    if config.kind == "Linear":
        return _linear_types
    if config.is_sequence:
        return _sequence_pair_types if config.is_lstm else _sequence_single_types
    return _cell_pair_types if config.is_lstm else _cell_single_types


# --------------------------------------------------------------------------------------
# Describing torch objects to the contracts


# The kinds whose kernels compute correctly in the parameters' integer dtype; every
# kind computes in every floating and complex dtype (torch 2.13, CPU).
_INTEGER_KINDS: Final = frozenset({"Linear", "RNNCell"})


class DtypeRule(NamedTuple):
    """Which dtypes torch's module computes correctly in: floating and complex always;
    an integer dtype only for ``integer_kind`` modules whose parameters have it."""

    integer_kind: bool
    parameters: torch.dtype

    def computes(self, dtype: torch.dtype) -> bool:
        if dtype.is_floating_point or dtype.is_complex:
            return True
        return self.integer_kind and dtype is self.parameters and dtype is not torch.bool


def describe(value: object, rule: DtypeRule | None = None) -> Arg:
    """A torch value as the (torch-free) contracts module sees it.

    The contract refuses a tensor whose ``floating`` is False: this side decides what
    torch computes correctly (``rule``; without one, floating dtypes only).
    """
    if value is None:
        return None
    if isinstance(value, PackedSequence):
        return PackedArg(data=_describe_tensor(value.data, rule), batch=_first_batch_size(value.batch_sizes))
    if isinstance(value, Tensor):
        return _describe_tensor(value, rule)
    if isinstance(value, (tuple, list)):
        return TupleArg(tuple(describe(item, rule) for item in value), type_name=type(value).__name__)
    return OtherArg(type(value).__name__)


def describe_hx(config: ModuleConfig, hx: object, rule: DtypeRule) -> Arg:
    """``hx`` for the contract. For LSTM and LSTMCell, torch takes any pair: a tuple, a
    NamedTuple (which is a tuple), or a list of two tensors; the contract knows the
    pair as a tuple, so each of these is described as one."""
    described = describe(hx, rule)
    if config.is_lstm and isinstance(described, TupleArg) and len(described.items) == 2:
        return TupleArg(described.items)
    return described


def _describe_tensor(tensor: Tensor, rule: DtypeRule | None = None) -> TensorArg:
    dtype = tensor.dtype
    return TensorArg(
        shape=shape_of(tensor),
        dtype=str(dtype),
        device=str(tensor.device),
        floating=rule.computes(dtype) if rule is not None else tensor.is_floating_point(),
    )


def shape_of(tensor: Tensor) -> tuple[int | None, ...]:
    """A tensor's shape; for a nested tensor, None in each dimension that is ragged
    (a strided nested tensor has no ``.shape`` at all)."""
    if not tensor.is_nested:
        return tuple(tensor.shape)
    sizes: list[int | None] = []
    for dim in range(tensor.dim()):
        try:
            sizes.append(int(tensor.size(dim)))
        except (RuntimeError, TypeError):
            sizes.append(None)
    return tuple(sizes)


def _first_batch_size(batch_sizes: Tensor) -> int:
    """``batch_sizes[0]``: the batch of a PackedSequence. batch_sizes lives on the CPU."""
    return int(batch_sizes[0])


# --------------------------------------------------------------------------------------
# The guard



class Expected(NamedTuple):
    """What one input shape implies: the call's layout, the shape of each state in hx
    (as the caller passes it), and of each result."""

    layout: _contracts.Layout
    states: tuple[tuple[int, ...], ...]
    results: tuple[tuple[int, ...], ...]


# Enough for every batch size and sequence length a training run sees; when a run
# sees more distinct shapes than this, the cache starts over rather than grow.
_CACHE_LIMIT: Final = 512

_Key = Union[torch.Size, tuple[torch.Size, int]]


def _key(input: Any) -> _Key | None:
    """What the guard's answers are kept by: the input's shape (and a packed batch)."""
    if isinstance(input, Tensor):
        # A nested tensor's ragged sizes are not a key: each call is checked in full.
        return None if input.is_nested else input.shape
    if isinstance(input, PackedSequence):
        return (input.data.shape, _first_batch_size(input.batch_sizes))
    return None


class Guard:
    """Checks the calls of one module against its configuration's contract.

    Built from the module's configuration and the shape of the parameter the fast
    check reads (``weight``: torch computes with the weights it holds, whatever the
    attributes say); the module replaces its guard whenever either changes. Safe to
    share between threads: the cache only maps input shapes to immutable answers.
    """

    __slots__ = ("_expected", "_result_names", "_state_names", "_types", "config", "weight_shape")

    def __init__(self, config: ModuleConfig, weight_shape: torch.Size | None = None) -> None:
        self.config = config
        self.weight_shape = weight_shape
        self._types = _type_check_for(config)
        self._expected: dict[_Key, Expected] = {}
        self._state_names = _contracts.argument_names(config)[1:]
        self._result_names = _contracts.result_names(config)

    # -- before the call -----------------------------------------------------------------

    def check_arguments(self, module: torch.nn.Module, weight: Tensor, input: Any, hx: Any) -> Expected:
        """Check one call's arguments; return what its results must look like.

        ``weight`` is one of the module's parameters, read for its dtype and device.
        Raises ShapeError on any violation, before torch runs a kernel.
        """
        __tracebackhide__ = True
        if is_compiling():
            # A tracer's sizes may be symbolic: a cache keyed by them would pin every
            # size to the example's. The whole contract is traced instead; it costs
            # nothing in the compiled graph.
            return self.explain(module, weight, input, hx)
        return self.recall(weight, input, hx) or self.explain(module, weight, input, hx)

    def recall(self, weight: Tensor, input: Any, hx: Any) -> Expected | None:
        """The fast check: the answer learnt for this input shape, if this call has
        exactly the shapes, dtype and device that the slow path accepted; else None.

        Not for use while torch.compile or torch.export trace (see check_arguments).
        """
        if isinstance(input, Tensor):
            data = input
            try:
                expected = self._expected.get(input.shape)
            except RuntimeError:  # a strided nested tensor has no shape
                return None
        elif isinstance(input, PackedSequence):
            data = input.data
            expected = self._expected.get((data.shape, _first_batch_size(input.batch_sizes)))
        else:
            return None
        dtype = data.dtype
        device = data.device
        if expected is None or dtype is not weight.dtype or device != weight.device or weight.shape != self.weight_shape:
            return None
        if hx is None:
            return expected
        # LSTM's pair: a tuple, or what torch takes as one (a NamedTuple, a list).
        if (type(hx) is tuple or isinstance(hx, (tuple, list))) and len(hx) == 2:
            h, c = hx
            if (
                isinstance(h, Tensor)
                and isinstance(c, Tensor)
                and (h.shape, c.shape) == expected.states
                and h.dtype is dtype
                and c.dtype is dtype
                and h.device == device
                and c.device == device
            ):
                return expected
            return None
        if isinstance(hx, Tensor) and (hx.shape,) == expected.states and hx.dtype is dtype and hx.device == device:
            return expected
        return None

    def explain(self, module: torch.nn.Module, weight: Tensor, input: Any, hx: Any) -> Expected:
        """The slow path: check the types with beartype and the shapes with the contract;
        raise the contract's Problem (with torch's own sentence, where torch would
        have raised), or return this call's expected shapes."""
        __tracebackhide__ = True
        try:
            self._types(input, hx)
        except BeartypeCallHintViolation as violation:
            mistyped: BeartypeCallHintViolation | None = violation
        else:
            mistyped = None
        weights = Weights(
            dtype=str(weight.dtype),
            device=str(weight.device),
            autocast=torch._C._is_any_autocast_enabled(),
        )
        rule = DtypeRule(self.config.kind in _INTEGER_KINDS, weight.dtype)
        verdict = _contracts.check_call(
            self.config, describe(input, rule), describe_hx(self.config, hx, rule), weights
        )
        if isinstance(verdict, Problem):
            raise ShapeError(verdict, _what_torch_says(module, input, hx)) from None
        if mistyped is not None:
            # beartype saw a wrong type that the contract has no words for.
            raise ShapeError(
                Problem(self.config.describe(), "input", f"the arguments' types are wrong: {mistyped}"),
                _what_torch_says(module, input, hx),
            ) from None
        return self._learn(verdict)

    def _learn(self, bound: Bound) -> Expected:
        def concrete(shape: tuple[_contracts.Size, ...] | None) -> tuple[int, ...]:
            # Every size is known, but a nested tensor's ragged ones (None); under a
            # tracer a size may be a SymInt (torch.compile, torch.export) or a 0-d
            # tensor (torch.jit.trace) rather than an int.
            assert shape is not None and not any(isinstance(size, str) for size in shape)
            return cast(tuple[int, ...], tuple(shape))

        return Expected(
            layout=bound.layout,
            states=tuple(concrete(bound.arguments[name]) for name in self._state_names),
            results=tuple(concrete(bound.results[name]) for name in self._result_names),
        )

    # -- after the call ------------------------------------------------------------------

    def confirm(self, input: Any, expected: Expected, *shapes: tuple[int | None, ...]) -> None:
        """After torch's own forward: compare the shapes of what it returned with what
        the contract promised, and keep the answer for later calls with this input's
        shape. Only a call that completed teaches the guard anything: one that torch
        refused, for a reason of its own, is refused again next time."""
        __tracebackhide__ = True
        if shapes != expected.results:
            self.broken_promise(expected, shapes)
        # Nothing is kept while a tracer runs: torch.compile and torch.export may give
        # symbolic sizes, torch.jit.trace gives sizes as tensors. (Under autocast the
        # answer is kept: recall() still wants the exact dtypes, and shapes do not
        # depend on autocast.)
        if is_compiling() or torch.jit.is_tracing():  # type: ignore[attr-defined,no-untyped-call]
            return
        key = _key(input)
        if key is not None:
            if len(self._expected) >= _CACHE_LIMIT:
                self._expected.clear()
            self._expected[key] = expected

    def broken_promise(self, expected: Expected, shapes: tuple[tuple[int | None, ...], ...]) -> None:
        actual = ", ".join(
            f"{name} {_contracts.render_shape(tuple(shape))}" for name, shape in zip(self._result_names, shapes)
        )
        promised = ", ".join(
            f"{name} {_contracts.render_shape(shape)}"
            for name, shape in zip(self._result_names, expected.results)
        )
        raise ShapeError(
            Problem(
                module=self.config.describe(),
                argument="output",
                summary=f"torch returned {actual}, but the contract promised {promised}",
                reason="the module's results disagree with its contract; this is a typedrnn bug "
                "or an unsupported torch version.",
                hint="please report it with the call that produced it; typedrnn.checks(False) "
                "gets you going meanwhile.",
                expected=promised,
                actual=actual,
            )
        )


def _what_torch_says(module: torch.nn.Module, input: Any, hx: Any) -> str | None:
    """torch's own sentence about a call that the contract refused, or None where
    torch would have run it (or while a compiler traces: its sizes are symbolic)."""
    code = getattr(type(module), "_typedrnn_torch_code", None)
    if code is None or is_compiling():
        return None
    arguments = (input,) if code.torch_class.__name__ == "Linear" else (input, hx)
    return torch_sentence(module, code.torch_class.forward, *arguments)
