"""torch's modules as the interpreter sees them: constructors, calls, attributes.

The seven contract modules are built into a :class:`ModuleConfig` whose sizes may
be symbolic, and every call is checked by :func:`typedrnn._contracts.check_call`,
the check the run-time modules use, so a mistake reads the same in CI and at run
time. Embedding, Sequential and the shape-keeping layers (dropout, activations,
norms) carry shapes through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from mypy.nodes import CallExpr

from typedrnn._checker.findings import Finding
from typedrnn._checker.structure import structure_hint
from typedrnn._checker.values import (
    ANY_TENSOR,
    UNKNOWN,
    Flag,
    Int,
    Module,
    Opaque,
    Packed,
    Tensor,
    Tup,
    Unknown,
    Value,
    exact,
    join,
)
from typedrnn._contracts import (
    CELL_KINDS,
    SEQUENCE_KINDS,
    Arg,
    Bound,
    ModuleConfig,
    OtherArg,
    PackedArg,
    Problem,
    Size,
    TensorArg,
    TupleArg,
    check_call,
)
from typedrnn._contracts.sizes import Expr, lower_bound, opaque

if TYPE_CHECKING:
    from typedrnn._checker.interpreter import Run

# The torch classes whose contract _contracts states, by the name it knows them by.
CONTRACT_CLASSES: Final = {
    "torch.nn.modules.rnn.RNN": "RNN",
    "torch.nn.modules.rnn.LSTM": "LSTM",
    "torch.nn.modules.rnn.GRU": "GRU",
    "torch.nn.modules.rnn.RNNCell": "RNNCell",
    "torch.nn.modules.rnn.LSTMCell": "LSTMCell",
    "torch.nn.modules.rnn.GRUCell": "GRUCell",
    "torch.nn.modules.linear.Linear": "Linear",
}
# Where the same classes are found when torch itself is not analysed.
_SPELLINGS: Final = {
    **{f"torch.nn.{kind}": kind for kind in CONTRACT_CLASSES.values()},
    **{f"typedrnn.{kind}": kind for kind in CONTRACT_CLASSES.values()},
    **{f"typedrnn._modules.{kind}": kind for kind in CONTRACT_CLASSES.values()},
}

# Each constructor's parameters in torch's positional order (torch/nn/modules/rnn.py, linear.py).
_SEQUENCE_TAIL: Final = ("bias", "batch_first", "dropout", "bidirectional")
CONSTRUCTOR_PARAMETERS: Final = {
    "RNN": ("input_size", "hidden_size", "num_layers", "nonlinearity", *_SEQUENCE_TAIL),
    "LSTM": ("input_size", "hidden_size", "num_layers", *_SEQUENCE_TAIL, "proj_size"),
    "GRU": ("input_size", "hidden_size", "num_layers", *_SEQUENCE_TAIL),
    "RNNCell": ("input_size", "hidden_size", "bias", "nonlinearity"),
    "LSTMCell": ("input_size", "hidden_size", "bias"),
    "GRUCell": ("input_size", "hidden_size", "bias"),
    "Linear": ("in_features", "out_features", "bias"),
}

_SAME_SHAPE_LAYERS: Final = frozenset(
    {
        "Dropout", "Dropout1d", "Dropout2d", "AlphaDropout", "ReLU", "Tanh", "Sigmoid", "GELU", "ELU",
        "LeakyReLU", "SELU", "SiLU", "Softmax", "LogSoftmax", "LayerNorm", "BatchNorm1d", "Identity",
        "PReLU", "ReLU6", "Hardtanh", "Softplus", "Mish",
    }
)
_MODULE_BASE: Final = "torch.nn.modules.module.Module"


def contract_kind(run: Run, fullname: str) -> str | None:
    """The contract a class follows when built and called, or None (user subclasses that
    define their own ``__init__`` or ``forward`` follow their own rules)."""
    if fullname in _SPELLINGS:
        return _SPELLINGS[fullname]
    if fullname in CONTRACT_CLASSES:
        return CONTRACT_CLASSES[fullname]
    info = run.analysis.type_info(fullname)
    if info is None:
        return None
    for base in info.mro:
        if base.fullname in CONTRACT_CLASSES:
            return CONTRACT_CLASSES[base.fullname]
        if base.fullname.startswith("typedrnn."):
            continue
        if "__init__" in base.names or "forward" in base.names or "__call__" in base.names:
            return None
    return None


def construct(run: Run, fullname: str, arguments: list[Value], keywords: dict[str, Value], call: CallExpr) -> Module | None:
    """``nn.LSTM(ninp, nhid, nlayers, bidirectional=True)``: the module, or None if not a module we model."""
    kind = contract_kind(run, fullname)
    if kind is not None:
        config = _config(run, kind, arguments, keywords, call)
        return Module("contract", config, family=kind, line=call.line)
    short = fullname.rpartition(".")[2]
    if not fullname.startswith("torch.nn."):
        return None
    if short == "Embedding":
        named = _named(("num_embeddings", "embedding_dim"), arguments, keywords)
        if named is None:
            return Module("opaque")
        width = _size(named.get("embedding_dim"))
        return Module("embedding", width=width, line=call.line, where=run.where(call.line))
    if short in _SAME_SHAPE_LAYERS:
        return Module("same")
    if short == "Sequential":
        if arguments and all(isinstance(a, Module) for a in arguments):
            return Module("sequential", layers=tuple(a for a in arguments if isinstance(a, Module)))
        return Module("opaque")
    if short == "ModuleList":
        # Written out (``nn.ModuleList([nn.LSTM(...), nn.LSTM(...)])``), a literal index picks one.
        listed = arguments[0] if len(arguments) == 1 and not keywords else None
        if isinstance(listed, Tup) and listed.items and all(isinstance(item, Module) for item in listed.items):
            return Module("list", layers=tuple(item for item in listed.items if isinstance(item, Module)))
        return Module("opaque")
    return None


def _named(parameters: tuple[str, ...], arguments: list[Value], keywords: dict[str, Value]) -> dict[str, Value] | None:
    if len(arguments) > len(parameters):
        return None
    named = dict(zip(parameters, arguments))
    named.update(keywords)
    return named


def _size(value: Value) -> Size:
    if isinstance(value, Int):
        return value.size
    if isinstance(value, Opaque):
        return value.as_size()
    return None


def _config(run: Run, kind: str, arguments: list[Value], keywords: dict[str, Value], call: CallExpr) -> ModuleConfig | None:
    named = _named(CONSTRUCTOR_PARAMETERS[kind], arguments, keywords)
    if named is None:
        return None
    first, second = ("in_features", "out_features") if kind == "Linear" else ("input_size", "hidden_size")
    sizes: list[Expr] = []
    for parameter, default in ((first, None), (second, None), ("num_layers", 1)):
        if parameter == "num_layers" and kind not in SEQUENCE_KINDS:
            sizes.append(1)
            continue
        value = named.get(parameter)
        size = default if value is None and default is not None else _size(value) if value is not None else None
        if size is None or isinstance(size, str):
            # Unknown but fixed once built: a symbol of its own, which only ever agrees with itself.
            size = opaque(f"{parameter} at {run.where(call.line)}")
        sizes.append(size)
    proj_value = named.get("proj_size")
    proj = 0 if proj_value is None else _size(proj_value)
    if proj is None or isinstance(proj, str):
        return None
    flags: list[bool] = []
    for parameter in ("batch_first", "bidirectional", "bias"):
        flag = _flag(run, named.get(parameter), default=parameter == "bias")
        if flag is None:
            return None
        flags.append(flag)
    batch_first, bidirectional, bias = flags
    config = ModuleConfig(
        kind,
        sizes[0],
        sizes[1],
        num_layers=sizes[2],
        bias=bias,
        batch_first=batch_first if kind in SEQUENCE_KINDS else False,
        bidirectional=bidirectional if kind in SEQUENCE_KINDS else False,
        proj_size=proj,
        origin=run.where(call.line),
    )
    if config.problems() is not None:
        return None
    if not isinstance(proj, int):
        # A symbolic proj_size counts only where it is provably at least 1 (the LSTM projects).
        bounds = dict(run.lower)
        for key, least in config.size_bounds().items():
            bounds[key] = max(bounds.get(key, least), least)
        least_proj = lower_bound(proj, bounds)
        if least_proj is None or least_proj < 1:
            return None
    for key, least in config.size_bounds().items():
        run.bound(key, least)
    return config


def _flag(run: Run, value: Value, default: bool) -> bool | None:
    if value is None:
        return default
    if isinstance(value, Flag):
        if value.value is not None:
            return value.value
        if value.key is not None:
            return run.flag(value.key, value.text)
        return None
    if isinstance(value, Int) and isinstance(value.size, int):
        return bool(value.size)
    if isinstance(value, Opaque):
        return run.flag(value.key, value.text)
    return None


# --------------------------------------------------------------------------------------
# Attributes


def attribute(module: Module, name: str) -> Value:
    config = module.config
    if config is None:
        return UNKNOWN
    sizes: dict[str, Expr] = {
        "input_size": config.input_size,
        "hidden_size": config.hidden_size,
        "num_layers": config.num_layers,
        "proj_size": config.proj_size,
        "in_features": config.input_size,
        "out_features": config.hidden_size,
    }
    if config.kind == "Linear":
        sizes = {k: v for k, v in sizes.items() if k in ("in_features", "out_features")}
    elif "in_features" in sizes:
        sizes = {k: v for k, v in sizes.items() if k not in ("in_features", "out_features")}
    if name in sizes:
        return Int(sizes[name])
    if name in ("bidirectional", "batch_first") and config.is_sequence:
        return Flag(getattr(config, name))
    if name == "weight" and config.kind == "Linear":
        return exact((config.hidden_size, config.input_size))
    return UNKNOWN


# --------------------------------------------------------------------------------------
# Calls


def call(run: Run, module: Module, arguments: list[Value], keywords: dict[str, Value], expression: CallExpr) -> Value:
    if module.kind == "same":
        first = arguments[0] if arguments else keywords.get("input", UNKNOWN)
        return first if isinstance(first, Tensor) else ANY_TENSOR
    if module.kind == "embedding":
        first = arguments[0] if arguments else keywords.get("input", UNKNOWN)
        origin = f"embedding_dim of the Embedding at {module.where}"
        if isinstance(first, Tensor) and first.exact:
            return exact((*first.head, module.width), (*first.origins(), origin))
        least = (first.min_rank if isinstance(first, Tensor) else 0) + 1
        return Tensor((), False, (module.width,), (), (origin,), min_rank=least)
    if module.kind == "sequential":
        value = arguments[0] if arguments else UNKNOWN
        for layer in module.layers:
            value = call(run, layer, [value], {}, expression)
        return value
    if module.kind == "either":
        return _either_call(run, module, arguments, keywords, expression)
    if module.kind != "contract" or module.family is None:
        return UNKNOWN
    return _contract_call(run, module, arguments, keywords, expression)


def _either_call(run: Run, module: Module, arguments: list[Value], keywords: dict[str, Value], expression: CallExpr) -> Value:
    """A call of one of several modules: what fails for every one of them, and what they all return."""
    kept = run.findings
    per_member: list[list[Finding]] = []
    results: list[Value] = []
    try:
        for member in module.layers:
            run.findings = []
            results.append(_contract_call(run, member, arguments, keywords, expression))
            per_member.append(run.findings)
    finally:
        run.findings = kept
    names = [f"{member.config.describe() if member.config else member.family} (line {member.line})" for member in module.layers]
    for finding in per_member[0]:
        if all(any(other.place() == finding.place() for other in findings) for findings in per_member[1:]):
            run.report(finding.conditioned(f"for each of {', '.join(names[:-1])} and {names[-1]}, shown for the first"))
    result = results[0]
    for other in results[1:]:
        result = join(result, other)
    return result


def _contract_call(run: Run, module: Module, arguments: list[Value], keywords: dict[str, Value], expression: CallExpr) -> Value:
    family = module.family
    assert family is not None
    config = module.config
    input_value = arguments[0] if arguments else keywords.get("input", UNKNOWN)
    hx_value: Value = UNKNOWN
    if family != "Linear":
        hx_value = arguments[1] if len(arguments) > 1 else keywords.get("hx")
    if isinstance(input_value, Tup) and input_value.role is not None:
        run.report(
            Finding(
                expression.line,
                expression.column,
                (
                    f"{input_value.role} is a tuple, not a Tensor: {config.describe() if config else family} takes a Tensor input",
                    f"hint: {structure_hint(input_value.role)} Pass the tensor you mean (often h_n[-1]).",
                ),
                "input",
            )
        )
        return _results_without_sizes(family)
    if config is None:
        return _results_without_sizes(family)
    hx_arg = _describe(hx_value)
    known_hx = hx_arg is not _UNDESCRIBED
    input_arg = _describe(input_value)
    if input_arg is _UNDESCRIBED:
        input_arg = TensorArg(None)
    rank_known = isinstance(input_arg, PackedArg) or (isinstance(input_arg, TensorArg) and input_arg.shape is not None)
    if family == "Linear" and isinstance(input_value, Tensor) and not input_value.exact:
        last = input_value.last()
        if last is not None:
            input_arg = TensorArg(("…", last[0]), origins=(None, last[1]))
    elif not rank_known and isinstance(input_arg, TensorArg) and family != "Linear":
        input_arg = _input_of_rank(config, hx_arg) or input_arg
        rank_known = input_arg.shape is not None
    verdict = check_call(config, input_arg, hx_arg if known_hx else None, lower=run.lower)
    if isinstance(verdict, Problem):
        if rank_known or verdict.argument == "hx" or family == "Linear":
            run.report(Finding.of_problem(verdict, expression.line, expression.column))
        return _results_without_sizes(family)
    return _results(run, module, config, verdict, input_value, rank_known)


def _input_of_rank(config: ModuleConfig, hx: Arg | object) -> TensorArg | None:
    """An input of unknown shape takes the layout its states show: 3-D states, batched."""
    first = hx.items[0] if isinstance(hx, TupleArg) and hx.items else hx
    if not isinstance(first, TensorArg) or first.shape is None:
        return None
    batched = 3 if config.is_sequence else 2
    if len(first.shape) == batched:
        return TensorArg((None,) * batched)
    if len(first.shape) == batched - 1:
        return TensorArg((None,) * (batched - 1))
    return None


_UNDESCRIBED: Final = OtherArg("unknown")


def _describe(value: Value) -> Arg | OtherArg:
    """A value in the contract's words; :data:`_UNDESCRIBED` when nothing is known of it."""
    if value is None:
        return None
    if isinstance(value, Tensor):
        if value.exact:
            return TensorArg(value.head, origins=value.origins())
        return TensorArg(None)
    if isinstance(value, Packed):
        return PackedArg(_packed_data(value.data), value.batch)
    if isinstance(value, Tup):
        items: list[Arg] = []
        for item in value.items:
            described = _describe(item)
            items.append(TensorArg(None) if described is _UNDESCRIBED else described)
        return TupleArg(tuple(items), "list" if value.kind == "list" else "tuple")
    if isinstance(value, Int) and isinstance(value.size, int):
        return OtherArg("int")
    if isinstance(value, Flag):
        return OtherArg("bool")
    # ``x + y`` or ``x * 2`` on names of unknown type is a size only where a size is
    # wanted: the names may be tensors, so it is no proof that an int arrived.
    return _UNDESCRIBED


def _packed_data(data: Tensor) -> TensorArg:
    """The data of a PackedSequence an RNN is given: of a rank not known, it is taken for the
    (total, features) the RNN accepts, since it fails on data of any other rank all the same."""
    if data.exact:
        return TensorArg(data.head, origins=data.origins())
    last = data.last()
    if last is None:
        return TensorArg(None)
    return TensorArg((None, last[0]), origins=(None, last[1]))


def _results_without_sizes(family: str) -> Value:
    if family == "Linear":
        return ANY_TENSOR
    if family in CELL_KINDS:
        return Tup((ANY_TENSOR, ANY_TENSOR), role=f"the {family} state (h, c)") if family == "LSTMCell" else ANY_TENSOR
    state: Value = Tup((ANY_TENSOR, ANY_TENSOR), role=f"the {family} state (h_n, c_n)") if family == "LSTM" else ANY_TENSOR
    return Tup((ANY_TENSOR, state), role=f"the {family} result (output, {'(h_n, c_n)' if family == 'LSTM' else 'h_n'})")


def _results(run: Run, module: Module, config: ModuleConfig, bound: Bound, input_value: Value, rank_known: bool) -> Value:
    family = config.kind
    where = config.describe() + (f" ({config.origin})" if config.origin else "")

    def result(name: str, origin_of_last: str | None = None) -> Tensor:
        shape = bound.results.get(name)
        if shape is None:
            return ANY_TENSOR
        origins = (*(None,) * (len(shape) - 1), origin_of_last)
        return Tensor(tuple(shape), True, (), origins, (), role=f"{name} of {config.kind}")

    if family == "Linear":
        width = config.hidden_size
        origin = f"out_features of {where}"
        if isinstance(input_value, Tensor) and input_value.exact:
            return exact((*input_value.head[:-1], width), (*input_value.origins()[:-1], origin))
        if isinstance(input_value, Tensor) and input_value.tail:
            return Tensor(
                input_value.head,
                False,
                (*input_value.tail[:-1], width),
                input_value.head_from,
                (origin,),
                min_rank=input_value.min_rank,
            )
        return Tensor((), False, (width,), (), (origin,), min_rank=1)
    h_width = config.proj
    if family in CELL_KINDS:
        h = result("h_next", f"hidden of {where}") if rank_known else Tensor((), False, (config.hidden_size,), min_rank=1)
        if config.is_lstm:
            c = result("c_next") if rank_known else Tensor((), False, (config.hidden_size,), min_rank=1)
            return Tup((h, c), role=f"the {family} state (h, c)")
        return h
    dirs_out = config.directions * h_width
    if bound.layout == "packed" and isinstance(input_value, Packed):
        output: Value = Packed(exact((None, dirs_out), (None, f"dirs×out of {where}")), bound.dims.get("batch"))
        h_n = result("h_n", f"{'proj' if config.proj_size else 'hidden'} of {where}")
        c_n = result("c_n", f"hidden of {where}")
    elif rank_known:
        output = result("output", f"dirs×out of {where}")
        h_n = result("h_n", f"{'proj' if config.proj_size else 'hidden'} of {where}")
        c_n = result("c_n", f"hidden of {where}")
    else:
        layers_dirs = config.num_layers * config.directions
        output = Tensor((), False, (dirs_out,), (), (f"dirs×out of {where}",), min_rank=2)
        h_n = Tensor(
            (layers_dirs,), False, (h_width,), (), (f"hidden of {where}",), role=f"h_n of {config.kind}", min_rank=2
        )
        c_n = Tensor((layers_dirs,), False, (config.hidden_size,), (), (f"hidden of {where}",), min_rank=2)
    if config.is_lstm:
        state: Value = Tup((h_n, c_n), role=f"the {family} state (h_n, c_n)")
        return Tup((output, state), role=f"the {family} result (output, (h_n, c_n))")
    return Tup((output, h_n), role=f"the {family} result (output, h_n)")


# --------------------------------------------------------------------------------------
# Packing


def pack(arguments: list[Value], keywords: dict[str, Value]) -> Value:
    """``pack_padded_sequence(x, lengths, batch_first=...)``: data (total, features), batch known
    when the input's shape is."""
    if not arguments or not isinstance(arguments[0], (Tensor, Opaque, Unknown)):
        return UNKNOWN
    if not isinstance(arguments[0], Tensor) or not arguments[0].exact:
        return _pack_unknown(arguments[0])
    flag = keywords.get("batch_first", arguments[2] if len(arguments) > 2 else Flag(False))
    if not isinstance(flag, Flag) or flag.value is None:
        return UNKNOWN
    shape = arguments[0].head
    if len(shape) < 2:
        return UNKNOWN
    batch = shape[0] if flag.value else shape[1]
    return Packed(exact((None, *shape[2:])), batch)


def _pack_unknown(padded: Tensor | Opaque | Unknown) -> Packed:
    """A padded batch of unknown shape still packs into a PackedSequence, never a tensor: an RNN
    it feeds answers with one, whose width ``pad_packed_sequence`` carries on.

    Its data keeps the input's last dim when that is known; its rank is not known (a 2-D
    input packs into 1-D data), nor is the batch.
    """
    last = padded.last() if isinstance(padded, Tensor) else None
    if last is None:
        return Packed(Tensor(min_rank=1), None)
    return Packed(Tensor((), False, (last[0],), (), (last[1],), min_rank=1), None)


def unpack_padded(arguments: list[Value], keywords: dict[str, Value]) -> Value:
    """``pad_packed_sequence(packed, batch_first=...)``: (seq, batch, features), seq unknown."""
    if arguments and isinstance(arguments[0], Tensor):
        return _unpack_held_as_tensor(arguments[0])
    if not arguments or not isinstance(arguments[0], Packed):
        return UNKNOWN
    packed = arguments[0]
    flag = keywords.get("batch_first", arguments[1] if len(arguments) > 1 else Flag(False))
    if not isinstance(flag, Flag) or flag.value is None or not packed.data.exact:
        return UNKNOWN
    steps: tuple[Size, ...] = (packed.batch, None) if flag.value else (None, packed.batch)
    data = packed.data.head
    return Tup((exact((*steps, *data[1:]), (None, None, *packed.data.origins()[1:])), UNKNOWN))


def _unpack_held_as_tensor(output: Tensor) -> Value:
    """An RNN given an input of unknown shape answers with a tensor, as far as the checker
    knows: when the input was a PackedSequence packed out of its sight, that output is one
    too, of data (total, dirs×out), so it pads to rank 3 with that width. Anything really
    a tensor makes ``pad_packed_sequence`` fail here, whatever is said of its result.
    """
    last = output.last()
    if last is None:
        return UNKNOWN
    return Tup((exact((None, None, last[0]), (None, None, last[1])), UNKNOWN))
