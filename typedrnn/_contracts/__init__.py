"""The shape contracts of torch's recurrent modules, in pure Python.

This module is the one place that knows what shape every argument and result of
``RNN``, ``LSTM``, ``GRU``, their cells and ``Linear`` must have. The run-time
checks, the command line and the mypy plugin all ask it, so they cannot drift
apart. It imports nothing from torch: the mypy plugin reads it without running
user code, and the runtime hands it plain descriptions of tensors.

A contract is written in named dimensions. Some are fixed by the module's
configuration (``input``, ``hidden``, ``proj``, ``layers_dirs``, ``dirs_out``),
others are bound by the first argument that carries them (``seq``, ``batch``):

>>> lstm = ModuleConfig("LSTM", 50, 100, num_layers=2, batch_first=True)
>>> verdict = check_call(lstm, TensorArg((3, 10, 50)), None)
>>> verdict.arguments["h0"]
(2, 3, 100)
>>> print(check_call(lstm, TensorArg((3, 10, 50)),
...                  TupleArg((TensorArg((3, 2, 100)), TensorArg((3, 2, 100))))).hint)
h0 looks like it is in batch_first layout (batch, layers×dirs, hidden). batch_first=True changes input and output only; h0/c0 and h_n/c_n stay (layers×dirs, batch, hidden). Pass h0.transpose(0, 1).contiguous().
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, Union

from typedrnn._contracts.sizes import Expr, Poly, code, compare

SEQUENCE_KINDS: Final = ("RNN", "LSTM", "GRU")
CELL_KINDS: Final = ("RNNCell", "LSTMCell", "GRUCell")
KINDS: Final = (*SEQUENCE_KINDS, *CELL_KINDS, "Linear")

GATES: Final = {"RNN": 1, "GRU": 3, "LSTM": 4, "RNNCell": 1, "GRUCell": 3, "LSTMCell": 4}

# Identifier in jaxtyping strings -> how people read it in messages and docs.
DISPLAY_NAMES: Final = {"layers_dirs": "layers×dirs", "dirs_out": "dirs×out"}

Layout = Literal["batched", "unbatched", "packed"]


def display(name: str) -> str:
    """How a dimension name reads in a message: ``layers_dirs`` -> ``layers×dirs``."""
    return DISPLAY_NAMES.get(name, name)


# --------------------------------------------------------------------------------------
# Configurations


@dataclass(frozen=True)
class ModuleConfig:
    """The shape-relevant configuration of one module, as its constructor took it.

    For ``Linear``, ``input_size`` is ``in_features`` and ``hidden_size`` is
    ``out_features``. Sizes are ints at run time; the static checker also gives
    polynomials over the names the code wrote (:mod:`typedrnn._contracts.sizes`),
    and ``origin`` says where the constructor call is (``line 6``).

    >>> ModuleConfig("GRU", 10, 20, num_layers=2, bidirectional=True).describe()
    'GRU(10, 20, num_layers=2, bidirectional=True)'
    """

    kind: str
    input_size: Expr
    hidden_size: Expr
    num_layers: Expr = 1
    bias: bool = True
    batch_first: bool = False
    bidirectional: bool = False
    # Symbolic only where the static checker proved it at least 1 (the LSTM projects).
    proj_size: Expr = 0
    origin: str = field(default="", compare=False)

    @property
    def is_sequence(self) -> bool:
        return self.kind in SEQUENCE_KINDS

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def is_lstm(self) -> bool:
        return self.kind in ("LSTM", "LSTMCell")

    @property
    def directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def proj(self) -> Expr:
        """Width of h: ``proj_size`` when an LSTM projects, else ``hidden_size``."""
        return self.proj_size if self.proj_size != 0 else self.hidden_size

    def describe(self) -> str:
        """The configuration as the user would write the constructor call."""
        if self.kind == "Linear":
            extra = "" if self.bias else ", bias=False"
            return f"Linear({self.input_size}, {self.hidden_size}{extra})"
        parts = [str(self.input_size), str(self.hidden_size)]
        if self.is_sequence:
            if self.num_layers != 1:
                parts.append(f"num_layers={self.num_layers}")
            if self.proj_size:
                parts.append(f"proj_size={self.proj_size}")
            if self.batch_first:
                parts.append("batch_first=True")
            if self.bidirectional:
                parts.append("bidirectional=True")
        if not self.bias:
            parts.append("bias=False")
        return f"{self.kind}({', '.join(parts)})"

    def fixed_dims(self) -> dict[str, Expr]:
        """The sizes that the configuration alone fixes, by dimension name."""
        if self.kind == "Linear":
            return {"in_features": self.input_size, "out_features": self.hidden_size}
        dims: dict[str, Expr] = {"input": self.input_size, "hidden": self.hidden_size}
        if self.is_sequence:
            if self.proj_size:
                dims["proj"] = self.proj_size
            dims["layers_dirs"] = self.num_layers * self.directions
            dims["dirs_out"] = self.directions * self.proj
        return dims

    def dim_source(self, name: str) -> str:
        """Where a fixed dimension's size comes from, in the constructor's words."""
        directions = "2 directions (bidirectional=True)" if self.bidirectional else "1 direction"
        sources = {
            "input": f"input_size={self.input_size}",
            "hidden": f"hidden_size={self.hidden_size}",
            "proj": f"proj_size={self.proj_size}",
            "layers_dirs": f"num_layers={self.num_layers} × {directions}",
            "dirs_out": f"{directions} × "
            + (f"proj_size={self.proj_size}" if self.proj_size else f"hidden_size={self.hidden_size}"),
            "in_features": f"the constructor, {self.describe()}",
            "out_features": f"the constructor, {self.describe()}",
        }
        return sources[name] + (f" ({self.origin})" if self.origin else "")

    def size_bounds(self) -> dict[str, int]:
        """What building this module proves about its symbolic sizes.

        torch refuses RNN, LSTM and GRU sizes below 1; cells and Linear take 0. A size
        written ``c·n`` with ``c > 0`` bounds ``n`` the same way.
        """
        least = 1 if self.is_sequence else 0
        sizes = (self.input_size, self.hidden_size, *((self.num_layers,) if self.is_sequence else ()))
        bounds: dict[str, int] = {}
        for size in sizes:
            if isinstance(size, Poly) and len(size.terms) == 1:
                (monomial, coefficient), = size.terms
                if len(monomial) == 1 and monomial[0][1] == 1 and coefficient > 0:
                    key = monomial[0][0].key
                    bounds[key] = max(bounds.get(key, least), least)
        return bounds

    def problems(self) -> str | None:
        """torch's constructor rules: why this configuration cannot be built, or None."""
        if self.kind not in KINDS:
            return f"unknown module kind {self.kind!r}; expected one of {', '.join(KINDS)}"
        first, second = ("in_features", "out_features") if self.kind == "Linear" else (
            "input_size",
            "hidden_size",
        )
        if isinstance(self.input_size, int) and self.input_size <= 0:
            return f"{first} must be greater than zero, got {self.input_size}"
        if isinstance(self.hidden_size, int) and self.hidden_size <= 0:
            return f"{second} must be greater than zero, got {self.hidden_size}"
        if self.is_sequence and isinstance(self.num_layers, int) and self.num_layers <= 0:
            return f"num_layers must be greater than zero, got {self.num_layers}"
        if isinstance(self.proj_size, int) and self.proj_size < 0:
            return f"proj_size must be zero or positive, got {self.proj_size}"
        if self.proj_size and self.kind != "LSTM":
            return f"proj_size is only supported by LSTM, not by {self.kind}"
        if (
            self.proj_size
            and isinstance(self.hidden_size, int)
            and isinstance(self.proj_size, int)
            and self.proj_size >= self.hidden_size
        ):
            return (
                f"proj_size has to be smaller than hidden_size, got proj_size={self.proj_size} "
                f"and hidden_size={self.hidden_size}"
            )
        return None


def parameter_shapes(config: ModuleConfig) -> dict[str, tuple[Expr, ...]]:
    """Every parameter's shape, in the order of torch's ``named_parameters()``.

    >>> parameter_shapes(ModuleConfig("GRUCell", 10, 20))
    {'weight_ih': (60, 10), 'weight_hh': (60, 20), 'bias_ih': (60,), 'bias_hh': (60,)}
    """
    if config.kind == "Linear":
        shapes: dict[str, tuple[Expr, ...]] = {"weight": (config.hidden_size, config.input_size)}
        if config.bias:
            shapes["bias"] = (config.hidden_size,)
        return shapes
    gate_width = GATES[config.kind] * config.hidden_size
    if config.is_cell:
        shapes = {
            "weight_ih": (gate_width, config.input_size),
            "weight_hh": (gate_width, config.hidden_size),
        }
        if config.bias:
            shapes["bias_ih"] = (gate_width,)
            shapes["bias_hh"] = (gate_width,)
        return shapes
    if not isinstance(config.num_layers, int):
        raise TypeError(f"parameter_shapes needs a known num_layers, got {config.num_layers}")
    shapes = {}
    for layer in range(config.num_layers):
        layer_input = config.input_size if layer == 0 else config.directions * config.proj
        for suffix in ("", "_reverse")[: config.directions]:
            shapes[f"weight_ih_l{layer}{suffix}"] = (gate_width, layer_input)
            shapes[f"weight_hh_l{layer}{suffix}"] = (gate_width, config.proj)
            if config.bias:
                shapes[f"bias_ih_l{layer}{suffix}"] = (gate_width,)
                shapes[f"bias_hh_l{layer}{suffix}"] = (gate_width,)
            if config.proj_size:
                shapes[f"weight_hr_l{layer}{suffix}"] = (config.proj_size, config.hidden_size)
    return shapes


def parameter_count(config: ModuleConfig) -> Expr:
    """The number of trainable scalars, as ``sum(p.numel() for p in m.parameters())``."""
    total: Expr = 0
    for shape in parameter_shapes(config).values():
        count: Expr = 1
        for size in shape:
            count *= size
        total += count
    return total


# --------------------------------------------------------------------------------------
# Named shapes of every argument and result


def argument_names(config: ModuleConfig) -> tuple[str, ...]:
    """The tensors a call takes, in order: ``input`` and then the states in ``hx``."""
    if config.kind == "Linear":
        return ("input",)
    if config.is_sequence:
        return ("input", "h0", "c0") if config.is_lstm else ("input", "h0")
    return ("input", "h", "c") if config.is_lstm else ("input", "h")


def result_names(config: ModuleConfig) -> tuple[str, ...]:
    """The tensors a call returns, flattened in order."""
    if config.kind == "Linear":
        return ("output",)
    if config.is_sequence:
        return ("output", "h_n", "c_n") if config.is_lstm else ("output", "h_n")
    return ("h_next", "c_next") if config.is_lstm else ("h_next",)


def named_shapes(config: ModuleConfig, layout: Layout = "batched") -> dict[str, tuple[str, ...]]:
    """Each argument and result of a call, as a tuple of dimension names.

    Packed input is described by its ``data`` tensor, whose first dimension is
    ``total`` (the sum of the sequence lengths). ``Linear`` uses the variadic
    ``*batch`` for any number of leading dimensions.

    >>> named_shapes(ModuleConfig("LSTM", 50, 100, proj_size=20, batch_first=True))["h0"]
    ('layers_dirs', 'batch', 'proj')
    """
    if config.kind == "Linear":
        return {"input": ("*batch", "in_features"), "output": ("*batch", "out_features")}
    if config.is_cell:
        lead: tuple[str, ...] = () if layout == "unbatched" else ("batch",)
        shapes = {"input": (*lead, "input")}
        for name in ("h", "c", "h_next", "c_next"):
            if config.is_lstm or not name.startswith("c"):
                shapes[name] = (*lead, "hidden")
        return shapes
    if layout == "packed":
        steps: tuple[str, ...] = ("total",)
        state_lead: tuple[str, ...] = ("layers_dirs", "batch")
    elif layout == "unbatched":
        steps = ("seq",)
        state_lead = ("layers_dirs",)
    else:
        steps = ("batch", "seq") if config.batch_first else ("seq", "batch")
        state_lead = ("layers_dirs", "batch")
    # An LSTM's h is proj wide; without proj_size that is simply hidden.
    h_width = "proj" if config.proj_size else "hidden"
    shapes = {
        "input": (*steps, "input"),
        "h0": (*state_lead, h_width),
        "output": (*steps, "dirs_out"),
        "h_n": (*state_lead, h_width),
    }
    if config.is_lstm:
        shapes["c0"] = (*state_lead, "hidden")
        shapes["c_n"] = (*state_lead, "hidden")
    return shapes


def jaxtyping_string(names: tuple[str, ...]) -> str:
    """A named shape as jaxtyping writes it: ``("seq", "batch", "input")`` -> ``"seq batch input"``."""
    return " ".join(names)


# --------------------------------------------------------------------------------------
# Descriptions of what a call received (torch-free)

# One actual dimension: a known size, a polynomial over symbols (static checks), a
# jaxtyping name from an annotation, or unknown.
Size = Union[int, Poly, str, None]


@dataclass(frozen=True)
class TensorArg:
    """A tensor as the contract sees it. ``None`` in any field means unknown."""

    shape: tuple[Size, ...] | None
    dtype: str | None = None
    device: str | None = None
    floating: bool | None = None
    # Static checks only: where each dimension's size came from, for the messages.
    origins: tuple[str | None, ...] | None = None


@dataclass(frozen=True)
class PackedArg:
    """A PackedSequence: its ``data`` tensor and ``batch_sizes[0]``."""

    data: TensorArg
    batch: Size


@dataclass(frozen=True)
class TupleArg:
    """A tuple (or list) of arguments."""

    items: tuple[Arg, ...]
    type_name: str = "tuple"


@dataclass(frozen=True)
class OtherArg:
    """Anything that is neither a tensor nor a tuple, by its type's name."""

    type_name: str


Arg = Union[TensorArg, PackedArg, TupleArg, OtherArg, None]


@dataclass(frozen=True)
class Weights:
    """dtype and device of the module's parameters, and whether autocast is on."""

    dtype: str | None = None
    device: str | None = None
    autocast: bool = False


# --------------------------------------------------------------------------------------
# Verdicts


@dataclass(frozen=True)
class Problem:
    """One broken contract, worded for the person who has to fix it."""

    module: str
    argument: str
    summary: str
    dimension: str | None = None
    reason: str | None = None
    hint: str | None = None
    expected: str | None = None
    actual: str | None = None

    def message(self) -> str:
        lines = [f"{self.module}: {self.summary}"]
        if self.reason:
            lines.append(f"  {self.reason}")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Bound:
    """A call that keeps the contract: every dimension's size and every tensor's shape.

    ``arguments`` and ``results`` hold the expected shapes by tensor name
    (see :func:`argument_names` and :func:`result_names`). For a packed call the
    shapes of ``input`` and ``output`` are those of their ``data``.
    """

    layout: Layout
    dims: Mapping[str, Size]
    arguments: Mapping[str, tuple[Size, ...] | None] = field(default_factory=dict)
    results: Mapping[str, tuple[Size, ...] | None] = field(default_factory=dict)
    lead: tuple[Size, ...] | None = None


Verdict = Union[Bound, Problem]


# --------------------------------------------------------------------------------------
# Checking a call


class _Broken(Exception):
    """Carries a Problem out of the nested checks below; never leaves this module."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.summary)
        self.problem = problem


def check_call(
    config: ModuleConfig,
    input: Arg,
    hx: Arg,
    weights: Weights | None = None,
    lower: Mapping[str, int] | None = None,
) -> Verdict:
    """Check one call's arguments against the contract.

    Returns :class:`Bound` with the size of every dimension and the shape every
    argument and result must have, or the first :class:`Problem`, in the order a
    person would fix them: the input first, then the states. ``lower`` gives the
    least value of each symbol in symbolic sizes; two sizes differ only where no
    allowed values make them equal.
    """
    try:
        return _Call(config, weights or Weights(), lower).check(input, hx)
    except _Broken as broken:
        return broken.problem


def check_results(config: ModuleConfig, bound: Bound, results: Mapping[str, Arg]) -> Problem | None:
    """Check what the module returned against what the contract promised for this call."""
    call = _Call(config, Weights())
    call.dims = dict(bound.dims)
    call.layout = bound.layout
    call.lead = bound.lead
    try:
        for name, arg in results.items():
            call.check_tensor(name, arg, expected=named_shapes(config, bound.layout)[name], produced=True)
    except _Broken as broken:
        return broken.problem
    return None


def render_shape(shape: tuple[Size, ...]) -> str:
    """An actual shape as people write it: ``(3, 2, 100)``; unknown sizes read ``?``."""
    return "(" + ", ".join("?" if size is None else str(size) for size in shape) + ("," if len(shape) == 1 else "") + ")"


class _Call:
    """The state of checking one call: the dimensions bound so far and where from."""

    def __init__(self, config: ModuleConfig, weights: Weights, lower: Mapping[str, int] | None = None) -> None:
        self.config = config
        self.weights = weights
        self.lower: dict[str, int] = dict(lower or {})
        if not _all_ints(config):
            for key, least in config.size_bounds().items():
                self.lower[key] = max(self.lower.get(key, least), least)
        self.dims: dict[str, Size] = dict(config.fixed_dims())
        # Where each size came from, for the messages: the configuration's are worded
        # only when a message needs them (most calls pass).
        self.sources: dict[str, str] = _Sources(config)
        self.layout: Layout = "batched"
        self.reference: TensorArg | None = None
        self.lead: tuple[Size, ...] | None = None

    # -- the whole call ------------------------------------------------------------

    def check(self, input: Arg, hx: Arg) -> Bound:
        self.check_input(input)
        shapes = named_shapes(self.config, self.layout)
        states = argument_names(self.config)[1:]
        for name, arg in zip(states, self.split_hx(hx)):
            if arg is not None:
                self.check_tensor(name, arg, expected=shapes[name])
        return Bound(
            layout=self.layout,
            dims=dict(self.dims),
            lead=self.lead,
            arguments={name: self.expected_shape(shapes[name]) for name in argument_names(self.config)},
            results={name: self.expected_shape(shapes[name]) for name in result_names(self.config)},
        )

    def fail(self, argument: str, summary: str, **details: str | None) -> _Broken:
        return _Broken(Problem(self.config.describe(), argument, summary, **details))

    # -- input ---------------------------------------------------------------------

    def check_input(self, input: Arg) -> None:
        config = self.config
        if isinstance(input, PackedArg):
            if not config.is_sequence:
                raise self.fail(
                    "input",
                    f"input expected a Tensor {self.layouts_text()}, got a PackedSequence",
                    hint=f"only RNN, LSTM and GRU take a PackedSequence; a {config.kind} runs one step "
                    "(or one batch of vectors) at a time, so pass a Tensor.",
                )
            self.layout = "packed"
            self.dims["batch"] = input.batch
            self.sources["batch"] = "input.batch_sizes[0] (PackedSequence)"
            self.check_tensor("input", input.data, expected=("total", "input"), packed=True)
            return
        if not isinstance(input, TensorArg):
            raise self.fail(
                "input",
                f"input expected a Tensor {self.layouts_text()}, got {type_text(input)}",
                hint=self.not_a_tensor_hint("input", input),
            )
        self.layout = self.input_layout(input)
        self.check_tensor("input", input, expected=named_shapes(config, self.layout)["input"])

    def input_layout(self, input: TensorArg) -> Layout:
        config = self.config
        shape = input.shape
        if shape is None or config.kind == "Linear":
            return "batched"
        ranks = (2, 3) if config.is_sequence else (1, 2)
        if len(shape) not in ranks:
            self.check_basics("input", input)
            batched, unbatched = named_shapes(config, "batched")["input"], named_shapes(config, "unbatched")["input"]
            if config.is_sequence:
                hint = (
                    "an RNN input is one sequence (seq, input) or a batch of them; a 4-D tensor is often "
                    "an image batch or an extra dimension left by unsqueeze/view. Flatten the extra "
                    "dimensions into batch or features first."
                    if len(shape) > 3
                    else "a 1-D input is a single step; for one sequence of one step use input.unsqueeze(0)."
                )
            else:
                hint = (
                    "a cell takes one time step: (batch, input) or (input). To run a whole sequence, "
                    f"loop over x[t] or use {config.kind[:-4]} instead."
                )
            raise self.fail(
                "input",
                f"input expected {_dimensions(len(batched))} {self.named_text(batched)} or "
                f"{len(unbatched)} {self.named_text(unbatched)}, got {len(shape)}-D {render_shape(shape)}",
                dimension="rank",
                hint=hint,
                expected=self.named_text(batched),
                actual=render_shape(shape),
            )
        return "batched" if len(shape) == ranks[1] else "unbatched"

    def layouts_text(self) -> str:
        config = self.config
        batched = self.named_text(named_shapes(config, "batched")["input"], bind=False)
        if config.kind == "Linear":
            return batched
        unbatched = self.named_text(named_shapes(config, "unbatched")["input"], bind=False)
        packed = " or a PackedSequence" if config.is_sequence else ""
        return f"{batched} or {unbatched}{packed}"

    # -- hx --------------------------------------------------------------------------

    def split_hx(self, hx: Arg) -> tuple[Arg, ...]:
        """hx as one Arg per state, after checking its structure (tensor or pair)."""
        config = self.config
        if config.kind == "Linear":
            return ()
        states = argument_names(config)[1:]
        if hx is None:
            return (None,) * len(states)
        want_pair = config.is_lstm
        pair_text = f"a tuple ({states[0]}, {states[1]})" if want_pair else ""
        if want_pair:
            if isinstance(hx, TupleArg) and len(hx.items) == 2 and hx.type_name == "tuple":
                return hx.items
            if isinstance(hx, TensorArg):
                raise self.fail(
                    "hx",
                    f"hx expected {pair_text} of two tensors, got a single Tensor {render_shape(hx.shape or ())}",
                    hint=f"{config.kind} carries two states, h and c; RNN and GRU carry one. Pass "
                    f"hx=({states[0]}, {states[1]}), e.g. ({states[0]}, torch.zeros_like({states[0]})) "
                    f"if you only have h.",
                )
            if isinstance(hx, TupleArg):
                count = len(hx.items)
                if count == 1:
                    hint = (
                        f"(x,) is a 1-tuple: is there a stray trailing comma, or was {states[1]} "
                        f"forgotten? Pass hx=({states[0]}, {states[1]})."
                    )
                elif hx.type_name != "tuple":
                    hint = f"pass a tuple, not a {hx.type_name}: hx=tuple(hx)."
                else:
                    hint = f"pass exactly hx=({states[0]}, {states[1]})."
                raise self.fail(
                    "hx",
                    f"hx expected {pair_text} of two tensors, got a {hx.type_name} of {count}",
                    hint=hint,
                )
            raise self.fail(
                "hx",
                f"hx expected {pair_text} of two tensors or None, got {type_text(hx)}",
                hint=self.not_a_tensor_hint("hx", hx),
            )
        if isinstance(hx, TensorArg):
            return (hx,)
        if isinstance(hx, TupleArg):
            count = len(hx.items)
            if count == 1:
                hint = "(h0,) is a 1-tuple (a stray trailing comma?); pass the tensor itself: hx=h0."
            elif count == 2:
                hint = (
                    f"{config.kind} carries one state; (h, c) pairs belong to LSTM. Pass the hidden "
                    f"state alone: hx=h0."
                )
            else:
                hint = "pass the hidden state alone: hx=h0."
            raise self.fail(
                "hx",
                f"hx expected a single Tensor {self.named_text(named_shapes(config, self.layout)[states[0]])}, "
                f"got a {hx.type_name} of {count}",
                hint=hint,
            )
        raise self.fail(
            "hx",
            f"hx expected a Tensor or None, got {type_text(hx)}",
            hint=self.not_a_tensor_hint("hx", hx),
        )

    # -- one tensor --------------------------------------------------------------------

    def check_tensor(
        self,
        name: str,
        arg: Arg,
        *,
        expected: tuple[str, ...],
        packed: bool = False,
        produced: bool = False,
    ) -> None:
        if name == "output" and self.layout == "packed" and isinstance(arg, PackedArg):
            arg = arg.data
        if not isinstance(arg, TensorArg):
            raise self.fail(
                name,
                f"{name} expected a Tensor {self.named_text(expected)}, got {type_text(arg)}",
                hint=self.not_a_tensor_hint(name, arg),
            )
        if not produced:
            self.check_basics(name, arg)
        shape = arg.shape
        if shape is None:
            return
        what = f"{name}.data" if packed else name
        if expected[0] == "*batch":
            self.check_variadic(name, arg, expected)
            return
        if len(shape) != len(expected):
            raise self.rank_problem(name, what, shape, expected)
        origins = arg.origins or ()
        for position, (dim, size) in enumerate(zip(expected, shape)):
            origin = origins[position] if position < len(origins) else None
            self.unify(name, what, position, dim, size, shape, expected, origin=origin)

    def check_variadic(self, name: str, arg: TensorArg, expected: tuple[str, ...]) -> None:
        """Linear's ``(*batch, features)``: any leading dimensions, the same ones out as in."""
        shape = arg.shape or ()
        if not shape:
            raise self.fail(
                name,
                f"{name} expected {self.named_text(expected)}, got a 0-D tensor (a scalar)",
                dimension="rank",
                hint="Linear needs at least the feature dimension; reshape the scalar to (1,) "
                "or (batch, in_features).",
                expected=self.named_text(expected),
                actual="()",
            )
        lead = shape[:-1]
        if self.lead is None:
            self.lead = lead
        elif not _same_sizes(lead, self.lead):
            raise self.fail(
                name,
                f"{name} expected {self.named_text(expected)}, got {render_shape(shape)}",
                dimension="*batch",
                reason=f"the leading dimensions {render_shape(lead)} differ from input's {render_shape(self.lead)}.",
                expected=self.named_text(expected),
                actual=render_shape(shape),
            )
        origins = arg.origins or ()
        origin = origins[-1] if len(origins) == len(shape) else None
        self.unify(name, name, len(shape) - 1, expected[-1], shape[-1], shape, expected, origin=origin)

    def check_basics(self, name: str, arg: TensorArg) -> None:
        """dtype and device: every tensor floats, in the parameters' dtype, on their device."""
        weights = self.weights
        if arg.floating is False:
            if name == "input":
                hint = (
                    "recurrent and linear layers compute in floating point. If these are token ids, "
                    "pass them through nn.Embedding first; otherwise convert with input.float()."
                    if self.config.kind != "Linear"
                    else "convert with input.float() (or to the parameters' dtype)."
                )
            else:
                hint = f"create {name} with dtype=input.dtype, or convert it with {name}.to(input.dtype)."
            raise self.fail(
                name,
                f"{name} has dtype {arg.dtype}, expected a floating dtype"
                + (f" ({weights.dtype}, the parameters' dtype)" if weights.dtype else ""),
                dimension="dtype",
                hint=hint,
                expected=weights.dtype,
                actual=arg.dtype,
            )
        reference = self.reference
        if reference is None:
            self.reference = arg
            if weights.dtype and arg.dtype and arg.dtype != weights.dtype and not weights.autocast:
                raise self.fail(
                    name,
                    f"{name} has dtype {arg.dtype}, but the parameters are {weights.dtype}",
                    dimension="dtype",
                    hint=f"convert the input with {name}.to({weights.dtype}), or the module with "
                    f"module.to({arg.dtype}); or run under torch.autocast.",
                    expected=weights.dtype,
                    actual=arg.dtype,
                )
            if weights.device and arg.device and arg.device != weights.device:
                raise self.fail(
                    name,
                    f"{name} is on device {arg.device}, but the parameters are on {weights.device}",
                    dimension="device",
                    hint=f"move one to the other: {name}.to('{weights.device}') or module.to('{arg.device}').",
                    expected=weights.device,
                    actual=arg.device,
                )
            return
        if arg.dtype and reference.dtype and arg.dtype != reference.dtype and not weights.autocast:
            raise self.fail(
                name,
                f"{name} has dtype {arg.dtype}, but input has {reference.dtype}",
                dimension="dtype",
                hint=f"states must share the input's dtype: create {name} with dtype=input.dtype "
                f"or convert it with {name}.to(input.dtype).",
                expected=reference.dtype,
                actual=arg.dtype,
            )
        if arg.device and reference.device and arg.device != reference.device:
            raise self.fail(
                name,
                f"{name} is on device {arg.device}, but input is on {reference.device}",
                dimension="device",
                hint=f"states must live with the input: create {name} with device=input.device "
                f"or move it with {name}.to(input.device).",
                expected=reference.device,
                actual=arg.device,
            )

    def rank_problem(
        self, name: str, what: str, shape: tuple[Size, ...], expected: tuple[str, ...]
    ) -> _Broken:
        config = self.config
        hint = None
        if name != "input":
            input_rank = len(named_shapes(config, self.layout)["input"])
            other: Layout = "unbatched" if self.layout != "unbatched" else "batched"
            other_rank = len(named_shapes(config, other)[name]) if name in named_shapes(config, other) else None
            if len(shape) == other_rank:
                if self.layout == "unbatched":
                    lift = "input.unsqueeze(1)" if config.is_sequence else "input.unsqueeze(0)"
                    drop = f"{name}.squeeze(1)" if config.is_sequence else f"{name}.squeeze(0)"
                    hint = (
                        f"input is unbatched ({input_rank}-D) but {name} is batched ({len(shape)}-D). "
                        f"Use both batched or both unbatched: add a batch dimension to input "
                        f"({lift}) or drop it from {name} ({drop})."
                    )
                else:
                    hint = (
                        f"input is batched ({input_rank}-D) but {name} is unbatched ({len(shape)}-D). "
                        f"Add the batch dimension to {name}: "
                        + (f"{name}.unsqueeze(1)" if config.is_sequence else f"{name}.unsqueeze(0)")
                        + " (then expand it to the batch size)."
                    )
        return self.fail(
            name,
            f"{what} expected {_dimensions(len(expected))} {self.named_text(expected)}, "
            f"got {len(shape)}-D {render_shape(shape)}",
            dimension="rank",
            reason=None,
            hint=hint,
            expected=self.named_text(expected),
            actual=render_shape(shape),
        )

    def unify(
        self,
        name: str,
        what: str,
        position: int,
        dim: str,
        size: Size,
        shape: tuple[Size, ...],
        expected: tuple[str, ...],
        origin: str | None = None,
    ) -> None:
        """Bind ``dim`` to ``size`` or check it against the size bound before."""
        if size is None:
            return
        if dim not in self.dims or self.dims[dim] is None:
            if isinstance(size, str) and size != dim and size in self.all_dim_names():
                raise self.name_clash(name, what, position, dim, size, shape, expected)
            self.dims[dim] = size
            self.sources[dim] = f"{what} dim {position}" + self.layout_note(name, dim)
            if dim == "seq" and size == 0:
                raise self.fail(
                    name,
                    f"{what} has seq=0 (shape {render_shape(shape)}): a sequence needs at least one step",
                    dimension="seq",
                    reason=f"seq is {what} dim {position}{self.layout_note(name, dim)}.",
                    hint="drop empty sequences before the call, or skip the call when there is nothing "
                    "to run; torch's kernels reject sequence length 0.",
                    expected=self.named_text(expected),
                    actual=render_shape(shape),
                )
            return
        want = self.dims[dim]
        if want == size:
            return
        if isinstance(size, str) and isinstance(want, str):
            if size in self.all_dim_names() or want in self.all_dim_names():
                raise self.name_clash(name, what, position, dim, size, shape, expected)
            return
        if isinstance(size, str) or isinstance(want, str):
            if isinstance(size, str) and size in self.all_dim_names() and size != dim:
                raise self.name_clash(name, what, position, dim, size, shape, expected)
            return
        if size is None or want is None:
            return
        # Symbolic sizes differ only where no allowed value makes them equal. (Sizes
        # traced by jit are 0-d tensors, compared by value like ints.)
        if (isinstance(size, Poly) or isinstance(want, Poly)) and compare(size, want, self.lower) != "differ":
            return
        came_from = f", {origin}" if origin else ""
        # A static value of unknown rank shows as (…, width): its last dimension is all we know.
        which = "the last dimension" if shape[:1] == ("…",) else f"dimension {position}"
        raise self.fail(
            name,
            f"{what} expected {self.named_text(expected)}, got {render_shape(shape)}",
            dimension=dim,
            reason=f"{which} ({display(dim)}) is {size}{came_from}, but {display(dim)}={want} "
            f"from {self.sources[dim]}.",
            hint=self.size_hint(name, position, dim, size, shape, origin),
            expected=self.named_text(expected),
            actual=render_shape(shape),
        )

    def all_dim_names(self) -> set[str]:
        names = set(self.config.fixed_dims()) | {"seq", "batch", "total"}
        return names

    def name_clash(
        self,
        name: str,
        what: str,
        position: int,
        dim: str,
        size: str,
        shape: tuple[Size, ...],
        expected: tuple[str, ...],
    ) -> _Broken:
        hint = None
        if {dim, size} == {"seq", "batch"} and name in ("input", "output") and self.config.is_sequence:
            hint = (
                "the tensor is batch-major; construct the module with batch_first=True, or pass "
                f"{name}.transpose(0, 1)."
                if not self.config.batch_first
                else f"the tensor is sequence-major; construct the module with batch_first=False, or "
                f"pass {name}.transpose(0, 1)."
            )
        elif {dim, size} == {"seq", "batch"} or {dim, size} == {"layers_dirs", "batch"}:
            hint = "states are always (layers×dirs, batch, …), whatever batch_first says."
        return self.fail(
            name,
            f"{what} expected {self.named_text(expected)}, got {render_shape(shape)}",
            dimension=dim,
            reason=f"dimension {position} carries the name {display(size)}, where the contract puts "
            f"{display(dim)}.",
            hint=hint,
            expected=self.named_text(expected),
            actual=render_shape(shape),
        )

    def layout_note(self, name: str, dim: str) -> str:
        if name == "input" and dim in ("seq", "batch") and self.layout == "batched" and self.config.is_sequence:
            return f", batch_first={self.config.batch_first}"
        return ""

    # -- hints for the known traps ---------------------------------------------------

    def size_hint(
        self, name: str, position: int, dim: str, size: Size, shape: tuple[Size, ...], origin: str | None = None
    ) -> str | None:
        config = self.config
        dims = self.dims
        if name == "input" and dim in ("input", "in_features"):
            return self.input_size_hint(size, shape, origin)
        if config.is_sequence and name in ("h0", "c0") and self.layout != "unbatched":
            swapped_hint = self.swapped_state_hint(name, shape)
            if swapped_hint:
                return swapped_hint
        if dim == "batch":
            return self.batch_hint(name, size)
        if dim == "layers_dirs":
            if config.bidirectional and size == config.num_layers:
                return (
                    f"bidirectional=True doubles the stacked states: layers×dirs = num_layers × 2 = "
                    f"{2 * config.num_layers}. Create {name} with {2 * config.num_layers} rows "
                    f"(num_layers * 2), one per layer and direction."
                )
            if not config.bidirectional and size == 2 * config.num_layers:
                return (
                    f"{name} has {size} rows, but this module wants num_layers × directions = "
                    f"{config.num_layers} × 1 = {config.num_layers}. Either {name} was made for twice the "
                    f"layers or for bidirectional=True (create it with {config.num_layers} rows), or the "
                    f"module should have num_layers={size} or bidirectional=True."
                )
            return f"{name} needs one row per layer and direction: num_layers × directions = {dims['layers_dirs']}."
        if config.proj_size and dim in ("proj", "hidden"):
            if dim == "proj" and size == config.hidden_size:
                return (
                    f"with proj_size={config.proj_size}, h0 and h_n carry proj={config.proj_size}, while c0 "
                    f"and c_n keep hidden={config.hidden_size}. Create {name} with last size {config.proj_size}."
                )
            if dim == "hidden" and size == config.proj_size:
                return (
                    f"with proj_size={config.proj_size}, only h0 and h_n shrink to proj={config.proj_size}; "
                    f"c0 and c_n keep hidden={config.hidden_size}. Create {name} with last size {config.hidden_size}."
                )
        if dim in ("hidden", "proj"):
            return f"the last dimension of {name} is the state width: {display(dim)}={dims[dim]} from {self.sources[dim]}."
        return None

    def swapped_state_hint(self, name: str, shape: tuple[Size, ...]) -> str | None:
        """The most common trap: a state written (batch, layers×dirs, …)."""
        dims = self.dims
        width = "proj" if name == "h0" and self.config.proj_size else "hidden"
        if len(shape) != 3 or dims.get("batch") is None or shape[0] != dims["batch"] or shape[1] != dims["layers_dirs"]:
            return None
        # Where batch equals layers×dirs, or the width is wrong too, a transpose fixes nothing.
        if shape[0] == shape[1] or shape[2] != dims[width]:
            return None
        fix = f"Pass {name}.transpose(0, 1).contiguous()."
        if self.config.batch_first:
            return (
                f"{name} looks like it is in batch_first layout (batch, layers×dirs, {width}). "
                f"batch_first=True changes input and output only; h0/c0 and h_n/c_n stay "
                f"(layers×dirs, batch, {width}). {fix}"
            )
        return (
            f"{name} looks like it is in (batch, layers×dirs, {width}) layout; states are always "
            f"(layers×dirs, batch, {width}). {fix}"
        )

    def input_size_hint(self, size: Size, shape: tuple[Size, ...], origin: str | None = None) -> str | None:
        config = self.config
        want = self.dims["in_features" if config.kind == "Linear" else "input"]
        if config.kind == "Linear" and isinstance(size, (int, Poly)) and isinstance(want, (int, Poly)):
            return self.head_hint(size, want, shape, origin or "")
        elsewhere = [i for i, s in enumerate(shape[:-1]) if s == want]
        if elsewhere:
            return (
                f"dimension {elsewhere[0]} has the input size {want}: the features belong last. "
                + (
                    "For (batch, seq, input) tensors construct the module with batch_first=True; "
                    "otherwise permute the input so that features come last."
                    if config.is_sequence and not config.batch_first
                    else "Permute the input so that features come last."
                )
            )
        return f"the last dimension of input holds the features and must equal input_size={want}."

    def head_hint(self, size: Expr, want: Expr, shape: tuple[Size, ...], origin: str) -> str:
        """Why a Linear head and its input disagree: from what is known of where the input came from.

        The static checker knows the module that made the input (``origin``); at run time
        only the numbers are known, and a ratio alone is a guess, worded as one.
        """
        head = f"Linear({code(size)}, {code(self.config.hidden_size)})"
        from_rnn = "dirs×out of " in origin
        if "proj_size=" in origin:
            return (
                f"the input is {origin}: an LSTM with proj_size outputs proj per direction, not "
                f"hidden_size. Size the head {head}."
            )
        if size == 2 * want:
            if from_rnn and "bidirectional=True" in origin:
                return f"the input is {origin}: a bidirectional RNN's output is 2 × hidden wide. Size the head {head}."
            return (
                "the input is twice as wide as in_features. If it is the output of a bidirectional RNN "
                f"(dirs×out = 2 × hidden), size the head {head}; otherwise check which dimension holds "
                f"the features: Linear acts on the last one (got {render_shape(shape)})."
            )
        if want == 2 * size:
            return (
                "in_features is twice the input's width. If the input is one direction of a bidirectional "
                "RNN's state (h_n[-1]), feed both directions: torch.cat((h_n[-2], h_n[-1]), dim=-1); if "
                f"one direction is meant, or the RNN has one, size the head {head}."
            )
        return f"in_features must equal the width of the last dimension of the input; use {head}."

    def batch_hint(self, name: str, size: Size) -> str:
        config = self.config
        source = self.sources.get("batch", "input")
        batch = self.dims["batch"]
        hint = f"{name}'s batch must match batch={batch} from {source}."
        if config.is_cell:
            hint += (
                " If input is one step of a sequence, check the axis: seq-first data (seq, batch, input) "
                "gives a step as x[t], and x[:, t] slices batch-first data."
            )
        if not (isinstance(batch, int) and isinstance(size, int)) or batch < size:
            # The last batch of an epoch is smaller than the one the state was made for.
            hint += (
                " If this is the last, smaller batch of an epoch, create the state for each batch "
                "(init_hidden(batch_size)) or use DataLoader(drop_last=True)."
            )
        if config.is_sequence and self.layout == "batched" and self.reference is not None:
            input_shape = self.reference.shape or ()
            other = 0 if not config.batch_first else 1
            if len(input_shape) == 3 and input_shape[other] == size:
                hint += (
                    f" {name}'s batch matches input dim {other}: "
                    + (
                        "is the input batch-major? Then construct the module with batch_first=True."
                        if not config.batch_first
                        else "is the input sequence-major? Then construct the module with batch_first=False."
                    )
                )
        return hint

    # -- wording -----------------------------------------------------------------------

    def named_text(self, names: tuple[str, ...], bind: bool = True) -> str:
        """``("layers_dirs", "batch", "hidden")`` -> ``(layers×dirs=2, batch=3, hidden=100)``."""
        parts = []
        for name in names:
            size = self.dims.get(name) if bind else None
            if name == "*batch":
                known_lead = bind and self.lead is not None and "…" not in self.lead
                parts.append(f"*batch={render_shape(self.lead or ())}" if known_lead else "*batch")
            elif size is None:
                parts.append(display(name))
            else:
                parts.append(f"{display(name)}={size}")
        return "(" + ", ".join(parts) + ")"

    def expected_shape(self, names: tuple[str, ...]) -> tuple[Size, ...] | None:
        """The sizes a tensor must have; None where ``*batch`` is not known yet."""
        if names[0] == "*batch":
            if self.lead is None:
                return None
            return (*self.lead, *(self.dims.get(name) for name in names[1:]))
        return tuple(self.dims.get(name) for name in names)

    def not_a_tensor_hint(self, name: str, arg: Arg) -> str:
        if isinstance(arg, TupleArg) and arg.type_name == "list":
            return "convert the list first, e.g. torch.stack(...) or torch.tensor(...)."
        if isinstance(arg, OtherArg) and arg.type_name in ("ndarray", "numpy.ndarray"):
            return f"convert it with torch.from_numpy({name}).float()."
        return f"pass a torch.Tensor for {name}."


def type_text(arg: Arg) -> str:
    """What arrived, when it is not a tensor: ``a list``, ``None``, ``a str``."""
    if arg is None:
        return "None"
    if isinstance(arg, TupleArg):
        return f"a {arg.type_name} of {len(arg.items)}"
    if isinstance(arg, OtherArg):
        return f"{'an' if arg.type_name[:1] in 'aeiou' else 'a'} {arg.type_name}"
    if isinstance(arg, PackedArg):
        return "a PackedSequence"
    return f"a Tensor {render_shape(arg.shape or ())}"


class _Sources(dict[str, str]):
    """Where each dimension's size came from; a fixed one's words are made when first read."""

    def __init__(self, config: ModuleConfig) -> None:
        super().__init__()
        self.config = config

    def __missing__(self, name: str) -> str:
        source = self.config.dim_source(name)
        self[name] = source
        return source

    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        if name in self or name in self.config.fixed_dims():
            return self[name]
        return default


def _all_ints(config: ModuleConfig) -> bool:
    return isinstance(config.input_size, int) and isinstance(config.hidden_size, int) and isinstance(
        config.num_layers, int
    )


def _same_sizes(first: tuple[Size, ...], second: tuple[Size, ...]) -> bool:
    """Equal where both sizes are known integers; unknown or symbolic sizes never differ."""
    if len(first) != len(second):
        return False
    return all(
        not (isinstance(a, int) and isinstance(b, int)) or a == b for a, b in zip(first, second)
    )


def _dimensions(count: int) -> str:
    return "1 dimension" if count == 1 else f"{count} dimensions"
