"""Run-time enforcement of the contracts: ShapeError, the on/off switch, and the guard.

Every typed module owns a :class:`Guard`. A call the guard has no answer for takes
the slow path: :meth:`Guard.admit` checks it against the contract's named shapes in
a few µs, and whatever it cannot vouch for goes to :meth:`Guard.explain`, where
beartype checks the types (Tensor, tuple, PackedSequence) and
:mod:`typedrnn._contracts` checks the whole contract of the call (pure Python,
about as slow as a jaxtyping check) and words the ShapeError. The answer, a handful
of expected shapes, is kept per key: the sizes the contract constrains (rank, batch,
width; never seq, a packed input's total rows or Linear's leading dims), so that
later calls cost a few ``isinstance`` checks and tuple comparisons
(:meth:`Guard.recall`): a call reaches a cached answer only with tensors of exactly
the states, dtype and device that the slow path accepted for its key, and such a
call then runs torch's kernel directly (:mod:`typedrnn._kernels`). Whenever anything
disagrees, the slow path runs again with every detail of the call, and the
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
import re
import sys
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
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

    - ``module``: the module that was called (None when unknown), and
      ``module_description``, its configuration as the message writes it;
    - ``module_path``: its name in the outermost model being run, as that model's
      ``named_modules()`` gives it (``"encoder.rnn"``), and ``model``, that model;
      both None when the module was called on its own (and, with ``module``, while
      torch.compile traces);
    - ``argument``: ``"input"``, ``"h0"``, ``"c0"``, ``"hx"``, ``"h"``, ``"c"`` or ``"output"``;
    - ``expected`` and ``actual``: the shapes as tuples (an unbound size is None in
      ``expected``), with ``expected_names``, each size's dimension; None where the
      problem is not one of shape (a dtype, a device, a tuple's structure);
    - ``dimension``: the dimension that disagrees (``"layers_dirs"``, ``"batch"``,
      ``"rank"``, ``"dtype"``, …) and ``dimension_index``, its position in the shape;
    - ``expected_text``, ``actual_text`` and ``hint``: as the message words them.

    >>> import torch, typedrnn
    >>> try:
    ...     typedrnn.LSTM(50, 100)(torch.randn(10, 3, 40))
    ... except typedrnn.ShapeError as error:
    ...     print(error.argument, error.dimension, error.dimension_index, error.expected, error.actual)
    input input 2 (10, 3, 50) (10, 3, 40)
    """

    def __init__(
        self, problem: Problem, torch_says: str | None = None, module: torch.nn.Module | None = None
    ) -> None:
        model, module_path = None, None
        if module is None:
            module, model, module_path = _module_on_the_stack()
        self._state(problem, torch_says, module, model, module_path, None if model is None else type(model).__name__)

    def _state(
        self,
        problem: Problem,
        torch_says: str | None,
        module: torch.nn.Module | None,
        model: torch.nn.Module | None,
        module_path: str | None,
        model_name: str | None,
    ) -> None:
        message = problem.message()
        if torch_says:
            message += "\n  torch: " + torch_says.replace("\n", "\n         ")
        if module_path is not None:
            message += f"\n  where: {module_path} in {model_name}"
        super().__init__(message)
        self.problem = problem
        self.torch_says = torch_says
        self.module = module
        self.model = model
        self.module_path = module_path
        self._model_name = model_name
        self.module_description = problem.module
        self.argument = problem.argument
        self.dimension = problem.dimension
        self.expected_text = problem.expected
        self.actual_text = problem.actual
        self.hint = problem.hint
        self.expected_names, self.expected = _named_shape(problem.expected)
        self.actual = _shape(problem.actual)
        self.dimension_index = (
            self.expected_names.index(problem.dimension)
            if problem.dimension is not None and problem.dimension in self.expected_names
            else None
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # The module and model stay behind: an error travels between processes without them.
        return (_unpickled, (type(self), self.problem, self.torch_says, self.module_path, self._model_name))


def _unpickled(
    cls: type[ShapeError], problem: Problem, torch_says: str | None, module_path: str | None, model_name: str | None
) -> ShapeError:
    error = cls.__new__(cls)
    error._state(problem, torch_says, None, None, module_path, model_name)
    return error


def _module_on_the_stack() -> tuple[torch.nn.Module | None, torch.nn.Module | None, str | None]:
    """The typed module whose call raised, the outermost model on the stack that contains
    it, and its name there. Read from the callers' frames, only when an error is raised,
    so that the calls that pass pay nothing for it. Not while torch.compile traces: Dynamo
    cannot follow frames, and would fail on the walk instead of raising this error."""
    if is_compiling():
        return None, None, None
    frame = sys._getframe(2)
    module: torch.nn.Module | None = None
    model, path = None, None
    while frame is not None:
        owner = frame.f_locals.get("self")
        if isinstance(owner, torch.nn.Module):
            if module is None:
                if hasattr(type(owner), "_typedrnn_kind"):
                    module = owner
            elif owner is not module:
                name = next((name for name, inner in owner.named_modules() if inner is module), None)
                if name is not None:
                    model, path = owner, name
        frame = frame.f_back  # type: ignore[assignment]
    return module, model, path


def _named_shape(text: str | None) -> tuple[tuple[str, ...], tuple[int | None, ...] | None]:
    """``"(layers×dirs=2, batch=3, hidden)"`` -> ``(("layers_dirs", "batch", "hidden"), (2, 3, None))``;
    Linear's ``*batch=(4, 3)`` stands for one ``"*batch"`` size per leading dimension."""
    if text is None or not (text.startswith("(") and text.endswith(")")):
        return (), None
    names: list[str] = []
    sizes: list[int | None] = []
    for part in re.findall(r"[^,(]+=\([^)]*\)|[^,]+", text[1:-1]):
        name, _, size = part.strip().partition("=")
        if name == "*batch":
            lead = _shape(size) if size else None
            names += ["*batch"] * len(lead or ())
            sizes += list(lead or ())
            continue
        names.append(_IDENTIFIERS.get(name, name))
        sizes.append(int(size) if size.isdigit() else None)
    return tuple(names), tuple(sizes)


def _shape(text: str | None) -> tuple[int | None, ...] | None:
    """``"(3, 2, 100)"`` -> ``(3, 2, 100)``; ``?`` is None; None for a text that is no shape."""
    if text is None or not re.fullmatch(r"\((?:\s*(?:\d+|\?)\s*,?)*\)", text):
        return None
    return tuple(None if size.strip() == "?" else int(size) for size in text[1:-1].split(",") if size.strip())


# Dimension names as messages show them -> as jaxtyping strings and ShapeError.dimension have them.
_IDENTIFIERS: Final = {_contracts.display(name): name for name in ("layers_dirs", "dirs_out")}


# Tracebacks and reprs name the class where users import it from.
ShapeError.__module__ = "typedrnn"


# --------------------------------------------------------------------------------------
# The switch


_ON_WORDS: Final = ("1", "true", "on", "yes")
_OFF_WORDS: Final = ("0", "false", "off", "no")


def _checks_from_environment() -> bool:
    """The initial state from ``TYPEDRNN_CHECKS``: on unless it says off.

    A value that is neither on nor off is a typo, most likely of "off"; it warns
    instead of passing in silence, and the checks stay on, which is the safe side.
    """
    value = os.environ.get("TYPEDRNN_CHECKS", "")
    word = value.strip().lower()
    if word in _OFF_WORDS:
        return False
    if word and word not in _ON_WORDS:
        warnings.warn(
            f"TYPEDRNN_CHECKS={value!r} is neither on nor off, so the shape checks stay on. "
            f"Use one of {', '.join(_OFF_WORDS)} to switch them off, or {', '.join(_ON_WORDS)} for on.",
            UserWarning,
            stacklevel=2,
        )
    return True


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
    """``batch_sizes[0]``: the batch of a PackedSequence. batch_sizes lives on the CPU.

    Indexing a tensor costs about 2 µs at any length; ``tolist()`` costs less while the
    longest sequence is short, and grows with it."""
    if batch_sizes.dim() == 1 and 0 < len(batch_sizes) <= _SHORT_BATCH_SIZES:
        return int(batch_sizes.tolist()[0])
    return int(batch_sizes[0])


# How long a batch_sizes tensor may be for tolist() to read its first entry faster than indexing.
_SHORT_BATCH_SIZES: Final = 64


# --------------------------------------------------------------------------------------
# The guard


Shape = tuple[int, ...]


class Expected(NamedTuple):
    """What the contract implies for every call with one key (see :func:`tensor_key`):
    the call's layout, the shape of each state in hx (as the caller passes it), the
    width of the first result, the shapes of the others, and the key.

    The first result (output, or a cell's h') keeps the input's leading sizes, the
    ones the key leaves free (seq, a packed input's total rows, Linear's ``*batch``),
    and ends in ``width``; :meth:`results` fills them in for one call.
    """

    layout: _contracts.Layout
    states: tuple[Shape, ...]
    width: int
    final: tuple[Shape, ...]
    # The key it is kept by; None where it is not kept (a nested tensor, a tracer's sizes).
    key: _Key | None = None

    def results(self, data_shape: Sequence[int | None]) -> tuple[Shape, ...]:
        """Every result's shape for a call whose input (a packed input's data) has ``data_shape``
        (a nested tensor's ragged sizes are None, and stay None in its output)."""
        return (cast(Shape, (*data_shape[:-1], self.width)), *self.final)


# A module sees one key per batch size (and layout), whatever its sequence lengths or
# row counts: this holds every batch size of 1 to 2,048 at once. Past it, the least
# recently used answer goes, and its key's next call pays the slow road once.
_CACHE_LIMIT: Final = 2048

# Held while a guard's cache changes (the slow road only): one lock for all guards, so
# that building a guard, which Dynamo traces, creates none.
_learning: Final = threading.Lock()

# What the guard's answers are kept by: an int, a pair, a torch.Size or a packed triple.
_Key = Hashable
_PACKED: Final = "packed"


def _linear_key(shape: torch.Size) -> int | None:
    """Linear constrains the last dimension (in_features) only: any leading dims are free."""
    return shape[-1] if shape else None


def _cell_key(shape: torch.Size) -> torch.Size:
    """A cell constrains every size of its input: batch binds h (and c), width is input_size."""
    return shape


def _time_major_key(shape: torch.Size) -> tuple[int, int] | int | None:
    """(seq, batch, input) -> (batch, input); (seq, input) -> input. seq is free, but for seq ≥ 1."""
    rank = len(shape)
    if rank == 3:
        return (shape[1], shape[2]) if shape[0] else None
    if rank == 2:
        return shape[1] if shape[0] else None
    return None


def _batch_major_key(shape: torch.Size) -> tuple[int, int] | int | None:
    """(batch, seq, input) -> (batch, input); (seq, input) -> input (batch_first is ignored
    unbatched). seq is free, but for seq ≥ 1."""
    rank = len(shape)
    if rank == 3:
        return (shape[0], shape[2]) if shape[1] else None
    if rank == 2:
        return shape[1] if shape[0] else None
    return None


def _packed_key(data_shape: torch.Size, batch: int) -> tuple[int, int, str] | None:
    """A PackedSequence constrains batch_sizes[0] and data's width; its total row count is free."""
    return (batch, data_shape[1], _PACKED) if len(data_shape) == 2 else None


def tensor_key(config: ModuleConfig) -> Callable[[torch.Size], _Key | None]:
    """How a module of this configuration keys a Tensor input: by the sizes its contract
    constrains (rank, batch, width), never by a size it leaves free. None: no key, the
    input has a rank or a seq=0 that no call with an answer can have."""
    if config.kind == "Linear":
        return _linear_key
    if config.is_cell:
        return _cell_key
    return _batch_major_key if config.batch_first else _time_major_key


def data_of(output: Tensor | PackedSequence) -> Tensor:
    """The tensor behind a sequence module's input or output, packed or not."""
    return output.data if isinstance(output, PackedSequence) else output


# One layout's contract as Guard.admit reads it: each tensor's dimensions, the sizes
# the configuration fixes as ints, the others (seq, batch, total, *batch) as names.
_Dims = tuple[Union[int, str], ...]
_ANY_RANK: Final = "any rank"


class _Plan(NamedTuple):
    """One layout's contract as integer comparisons on the input's shape.

    ``fixed`` pairs a position in the input's shape with the size the configuration
    gives it (positions count from the end for Linear's ``*batch``, whose rank is
    free but for ``rank`` at least). Of the sizes the input binds, the states and
    the results but the first use batch alone (``_plan`` makes sure of it), read at
    ``batch_at`` in the input's shape, or from a packed input's ``batch_sizes``
    where ``batch_at`` is None. Each of their shapes is kept as the sizes around its
    batch: ``(before, after)``, or ``(shape, None)`` for a shape without one.
    """

    layout: _contracts.Layout
    rank: int
    any_rank: bool
    fixed: tuple[tuple[int, int], ...]
    seq: int | None  # where seq is, which must be ≥ 1
    batch_at: int | None
    states: tuple[tuple[Shape, Shape | None], ...]
    width: int
    final: tuple[tuple[Shape, Shape | None], ...]

    def expected(self, shape: torch.Size, batch: int, key: _Key | None) -> Expected | None:
        """This layout's answer for an input of ``shape`` (a packed input's data, with
        its ``batch``), or None where a size disagrees."""
        if len(shape) != self.rank and not (self.any_rank and len(shape) > self.rank):
            return None
        for position, size in self.fixed:
            if shape[position] != size:
                return None
        if self.seq is not None and shape[self.seq] == 0:
            return None
        if self.batch_at is not None:
            batch = shape[self.batch_at]
        sizes = (batch,)
        return Expected(
            self.layout,
            tuple([before if after is None else before + sizes + after for before, after in self.states]),
            self.width,
            tuple([before if after is None else before + sizes + after for before, after in self.final]),
            key,
        )


def _plans(config: ModuleConfig) -> dict[int | str, _Plan]:
    """The contract's named shapes (:func:`_contracts.named_shapes`) for every layout of
    this configuration, by input rank (``_PACKED`` for a PackedSequence, ``_ANY_RANK``
    for Linear's ``*batch``), with the configuration's sizes filled in."""
    layouts: tuple[_contracts.Layout, ...] = ("batched",)
    if config.is_sequence:
        layouts = ("batched", "unbatched", "packed")
    elif config.is_cell:
        layouts = ("batched", "unbatched")
    plans: dict[int | str, _Plan] = {}
    for layout in layouts:
        plan = _plan(config, layout)
        if layout == "packed":
            plans[_PACKED] = plan
        elif plan.any_rank:
            plans[_ANY_RANK] = plan
        else:
            plans[plan.rank] = plan
    return plans


def _plan(config: ModuleConfig, layout: _contracts.Layout) -> _Plan:
    """One layout's :class:`_Plan`: where the input's sizes lie in its shape, and each
    state's and result's shape around its batch."""
    # At run time every size of a configuration is an int (or, read off the weights
    # while a tracer runs, a traced size that stands for one).
    fixed = cast(dict[str, int], config.fixed_dims())

    def filled(names: tuple[str, ...]) -> _Dims:
        return tuple(fixed.get(name, name) for name in names)

    shapes = _contracts.named_shapes(config, layout)
    result_names = _contracts.result_names(config)
    input, first = filled(shapes["input"]), filled(shapes[result_names[0]])
    width = first[-1]
    # What the keys and Expected.results rely on: the first result is the input
    # with its last dimension replaced by a width the configuration fixes.
    if first[:-1] != input[:-1] or not isinstance(width, int):
        raise AssertionError(f"{config.describe()}: {result_names[0]} {first} does not follow input {input}")
    any_rank = input[0] == "*batch"
    dims = input[1:] if any_rank else input
    if any(dims.count(name) > 1 for name in dims if isinstance(name, str)):
        raise AssertionError(f"{config.describe()}: input {input} names a size twice")

    def around_batch(name: str) -> tuple[Shape, Shape | None]:
        wanted = filled(shapes[name])
        unbound = [size for size in wanted if isinstance(size, str) and size != "batch"]
        binds_batch = layout == "packed" or "batch" in dims
        if unbound or wanted.count("batch") > 1 or ("batch" in wanted and not binds_batch):
            raise AssertionError(f"{config.describe()}: {name} {wanted} has a size that input does not bind")
        if "batch" not in wanted:
            return cast(Shape, wanted), None
        at = wanted.index("batch")
        return cast(Shape, wanted[:at]), cast(Shape, wanted[at + 1 :])

    offset = -len(dims) if any_rank else 0
    return _Plan(
        layout=layout,
        rank=len(dims),
        any_rank=any_rank,
        fixed=tuple((position + offset, size) for position, size in enumerate(dims) if isinstance(size, int)),
        seq=dims.index("seq") if "seq" in dims else None,
        batch_at=dims.index("batch") if "batch" in dims and not any_rank else None,
        states=tuple(around_batch(name) for name in _contracts.argument_names(config)[1:]),
        width=width,
        final=tuple(around_batch(name) for name in result_names[1:]),
    )


def _holds(hx: Any, states: tuple[Shape, ...], dtype: torch.dtype, device: torch.device) -> bool:
    """Whether ``hx`` is what the contract wants for these states: one tensor, or the
    pair (a tuple) of two, of exactly these shapes, in this dtype, on this device."""
    if len(states) == 2:
        if not isinstance(hx, (tuple, list)) or len(hx) != 2:
            return False
        tensors: tuple[Any, ...] = tuple(hx)
    elif len(states) == 1:
        tensors = (hx,)
    else:
        return False
    for tensor, shape in zip(tensors, states):
        if not (isinstance(tensor, Tensor) and tensor.shape == shape and tensor.dtype is dtype and tensor.device == device):
            return False
    return True


class Guard:
    """Checks the calls of one module against its configuration's contract.

    Built from the module's configuration; the module replaces its guard whenever a
    configuration attribute changes. Its answers are kept per key: the sizes the
    contract constrains (:func:`tensor_key`), so that calls with any sequence length
    or row count share one answer; at most ``_CACHE_LIMIT`` of them, the least
    recently used going first. Safe to share between threads: the cache only maps
    keys to immutable answers, and every answer is checked against the whole call
    before it is used. The guard also holds the shape of the parameter the fast check
    reads (``weight``: torch computes with the weights it holds, whatever the
    attributes say); the module replaces its guard when that changes too.
    """

    __slots__ = (
        "_answers",
        "_plans",
        "_result_names",
        "_state_names",
        "_tensor_key",
        "_types",
        "config",
        "config_arguments",
        "weight_shape",
    )

    def __init__(
        self, config: ModuleConfig, weight_shape: torch.Size | None = None, config_arguments: Hashable = None
    ) -> None:
        self.config = config
        self.weight_shape = weight_shape
        # What the module built ``config`` from (ModuleConfig's arguments, in order): the
        # module compares these with what it reads now, which costs less than a config.
        self.config_arguments = config_arguments
        self._types = _type_check_for(config)
        self._answers: OrderedDict[_Key, Expected] = OrderedDict()
        self._tensor_key = tensor_key(config)
        # Built on the first call that needs them: never while a tracer runs.
        self._plans: dict[int | str, _Plan] | None = None
        self._state_names = _contracts.argument_names(config)[1:]
        self._result_names = _contracts.result_names(config)

    @property
    def entries(self) -> int:
        """How many answers the guard keeps now (never more than ``_CACHE_LIMIT``)."""
        return len(self._answers)

    def forget(self) -> None:
        """Drop every answer: the next call of each key takes the slow road again."""
        with _learning:
            self._answers.clear()

    def key(self, input: Any) -> _Key | None:
        """The key of a call's input: the sizes its contract constrains."""
        if isinstance(input, Tensor):
            return None if input.is_nested else self._tensor_key(input.shape)
        if isinstance(input, PackedSequence):
            return _packed_key(input.data.shape, _first_batch_size(input.batch_sizes))
        return None

    # -- before the call -----------------------------------------------------------------

    def check_arguments(self, module: torch.nn.Module, weight: Tensor, input: Any, hx: Any) -> Expected:
        """Check one call's arguments; return what its results must look like.

        ``weight`` is one of the module's parameters, read for its dtype and device.
        Raises ShapeError on any violation, before torch runs a kernel. The input's key
        (for a packed input, ``batch_sizes[0]``) is read once, for the cache and for
        the quick check alike.
        """
        __tracebackhide__ = True
        if is_compiling() or torch.jit.is_tracing():  # type: ignore[attr-defined,no-untyped-call]
            # A tracer's sizes may be symbolic: a cache keyed by them would pin every
            # size to the example's. The whole contract is traced instead; it costs
            # nothing in the compiled graph.
            return self.explain(module, weight, input, hx)
        if isinstance(input, Tensor):
            if input.is_nested:
                return self.explain(module, weight, input, hx)
            data, batch = input, 0
            key = self._tensor_key(input.shape)
        elif isinstance(input, PackedSequence):
            data, batch = input.data, _first_batch_size(input.batch_sizes)
            key = _packed_key(data.shape, batch)
        else:
            return self.explain(module, weight, input, hx)
        return (
            self._recalled(key, data, weight, hx)
            or self._admitted(key, data, batch, isinstance(input, PackedSequence), weight, hx)
            or self.explain(module, weight, input, hx)
        )

    def recall(self, weight: Tensor, input: Any, hx: Any) -> Expected | None:
        """The fast check: the answer learnt for this call's key, if this call has exactly
        the states, dtype and device that the answer expects; else None.

        Not for use while torch.compile or torch.export trace (see check_arguments).
        """
        if isinstance(input, Tensor):
            data = input
            if input.is_nested:
                # A nested tensor's ragged sizes are not a key: each call is checked in full.
                return None
            key = self._tensor_key(input.shape)
        elif isinstance(input, PackedSequence):
            data = input.data
            key = _packed_key(data.shape, _first_batch_size(input.batch_sizes))
        else:
            return None
        return self._recalled(key, data, weight, hx)

    def _recalled(self, key: _Key | None, data: Tensor, weight: Tensor, hx: Any) -> Expected | None:
        expected = self._answers.get(key)
        if expected is None:
            return None
        dtype = data.dtype
        device = data.device
        if dtype is not weight.dtype or device != weight.device or weight.shape != self.weight_shape:
            return None
        if hx is None:
            pass
        # LSTM's pair: a tuple, or what torch takes as one (a NamedTuple, a list).
        elif isinstance(hx, (tuple, list)) and len(hx) == 2:
            h, c = hx
            if not (
                isinstance(h, Tensor)
                and isinstance(c, Tensor)
                and (h.shape, c.shape) == expected.states
                and h.dtype is dtype
                and c.dtype is dtype
                and h.device == device
                and c.device == device
            ):
                return None
        elif not (
            isinstance(hx, Tensor) and (hx.shape,) == expected.states and hx.dtype is dtype and hx.device == device
        ):
            return None
        try:  # noqa: SIM105 - contextlib.suppress costs a context manager on every call
            self._answers.move_to_end(key)
        except KeyError:
            pass  # another thread evicted it just now; the answer still holds
        return expected

    def admit(self, weight: Tensor, input: Any, hx: Any) -> Expected | None:
        """The quick check of a call the guard has no answer for: this call's expected
        shapes, if it keeps every term of the contract (:func:`_contracts.named_shapes`
        filled in with the configuration's sizes and the sizes the input binds; seq
        ≥ 1) with every tensor in the parameters' floating dtype, on their device;
        else None, and :meth:`explain` has the last word. It accepts only calls that
        :func:`_contracts.check_call` accepts, with the same answer, in a few µs and
        without building the descriptions that a message needs: integer comparisons.
        """
        if isinstance(input, Tensor):
            if input.is_nested:
                return None
            return self._admitted(self._tensor_key(input.shape), input, 0, False, weight, hx)
        if isinstance(input, PackedSequence):
            batch = _first_batch_size(input.batch_sizes)
            return self._admitted(_packed_key(input.data.shape, batch), input.data, batch, True, weight, hx)
        return None

    def _admitted(
        self, key: _Key | None, data: Tensor, batch: int, packed: bool, weight: Tensor, hx: Any
    ) -> Expected | None:
        dtype = weight.dtype
        if not dtype.is_floating_point:
            return None
        plans = self._plans
        if plans is None:
            plans = self._plans = _plans(self.config)
        shape = data.shape
        plan = plans.get(_PACKED) if packed else plans.get(len(shape)) or plans.get(_ANY_RANK)
        device = weight.device
        if plan is None or data.dtype is not dtype or data.device != device:
            return None
        expected = plan.expected(shape, batch, key)
        if expected is None or (hx is not None and not _holds(hx, expected.states, dtype, device)):
            return None
        return expected

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
        # Nothing is kept while a tracer runs: torch.compile and torch.export may give
        # symbolic sizes, torch.jit.trace gives sizes as tensors. (Under autocast the
        # answer is kept: recall() still wants the exact dtypes, and shapes do not
        # depend on autocast.)
        tracing = is_compiling() or torch.jit.is_tracing()  # type: ignore[attr-defined,no-untyped-call]
        return self._learn(verdict, None if tracing else self.key(input))

    def _learn(self, bound: Bound, key: _Key | None) -> Expected:
        def concrete(shape: tuple[_contracts.Size, ...] | None) -> Shape:
            # Every size is known, but a nested tensor's ragged ones (None); under a
            # tracer a size may be a SymInt (torch.compile, torch.export) or a 0-d
            # tensor (torch.jit.trace) rather than an int.
            assert shape is not None and not any(isinstance(size, str) for size in shape)
            return cast(Shape, tuple(shape))

        first, *others = self._result_names
        return Expected(
            layout=bound.layout,
            states=tuple(concrete(bound.arguments[name]) for name in self._state_names),
            width=concrete(bound.results[first])[-1],
            final=tuple(concrete(bound.results[name]) for name in others),
            key=key,
        )

    # -- after the call ------------------------------------------------------------------

    def confirm(self, input: Any, expected: Expected, *shapes: tuple[int | None, ...]) -> None:
        """After torch's own forward: compare the shapes of what it returned with what
        the contract promised, and keep the answer for later calls with this input's
        key (``expected.key``; none while a tracer runs). Only a call that completed
        teaches the guard anything: one that torch refused, for a reason of its own,
        is refused again next time."""
        __tracebackhide__ = True
        # A nested tensor's ragged sizes are None here, as in the shapes torch returned.
        promised = expected.results(shape_of(data_of(input)))
        if shapes != promised:
            self.broken_promise(promised, shapes)
        self.keep(expected)

    def keep(self, expected: Expected) -> None:
        """Keep an answer for later calls with its key (``expected.key``; none while a
        tracer runs), the least recently used going past ``_CACHE_LIMIT``."""
        key = expected.key
        if key is None:
            return
        with _learning:
            answers = self._answers
            answers[key] = expected
            while len(answers) > _CACHE_LIMIT:
                answers.popitem(last=False)

    def broken_promise(self, promised: tuple[Shape, ...], shapes: tuple[tuple[int | None, ...], ...]) -> None:
        actual = ", ".join(
            f"{name} {_contracts.render_shape(tuple(shape))}" for name, shape in zip(self._result_names, shapes)
        )
        expected = ", ".join(
            f"{name} {_contracts.render_shape(shape)}" for name, shape in zip(self._result_names, promised)
        )
        raise ShapeError(
            Problem(
                module=self.config.describe(),
                argument="output",
                summary=f"torch returned {actual}, but the contract promised {expected}",
                reason="the module's results disagree with its contract; this is a typedrnn bug "
                "or an unsupported torch version.",
                hint="please report it with the call that produced it; typedrnn.checks(False) "
                "gets you going meanwhile.",
                expected=expected,
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
