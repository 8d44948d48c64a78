"""The mypy plugin's hooks, one small function per construct.

Each hook reads what mypy already inferred, asks :mod:`typedrnn._contracts` the
question the run-time check would ask, and answers with a type that carries what
it learned. A hook that cannot know answers mypy's own type unchanged, and no
hook ever lets an exception reach mypy.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator
from typing import Final, TypeVar

from mypy.checker import TypeChecker
from mypy.errorcodes import VALID_TYPE, ErrorCode
from mypy.lookup import lookup_fully_qualified
from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    AssignmentStmt,
    Block,
    CallExpr,
    ClassDef,
    Context,
    Decorator,
    EllipsisExpr,
    Expression,
    ForStmt,
    FuncDef,
    FuncItem,
    IfStmt,
    IndexExpr,
    IntExpr,
    ListExpr,
    MatchStmt,
    MemberExpr,
    MypyFile,
    NameExpr,
    OverloadedFuncDef,
    ReturnStmt,
    SliceExpr,
    Statement,
    TryStmt,
    TupleExpr,
    TypeInfo,
    UnaryExpr,
    Var,
    WhileStmt,
    WithStmt,
)
from mypy.plugin import AnalyzeTypeContext, FunctionContext, MethodContext
from mypy.typeanal import TypeAnalyser
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    LiteralType,
    RawExpressionType,
    TupleType,
    Type,
    TypeOfAny,
    UnboundType,
    get_proper_type,
)

from typedrnn._contracts import (
    Bound,
    ModuleConfig,
    PackedArg,
    Problem,
    Size,
    TensorArg,
    check_call,
    render_shape,
)
from typedrnn._plugin_shapes import (
    INDEX_ELLIPSIS,
    INDEX_FULL_SLICE,
    INDEX_INTEGER,
    INDEX_NEW_AXIS,
    INDEX_UNKNOWN_SLICE,
    IndexItem,
    JaxtypingShape,
    Shape,
    SliceItem,
    disagreement,
    flatten_shape,
    index_shape,
    parse_jaxtyping,
    permute_shape,
    reshape_shape,
    squeeze_shape,
    transpose_shape,
    unsqueeze_shape,
)
from typedrnn._plugin_types import (
    TENSOR,
    Unknown,
    config_of,
    declared_shape,
    describe,
    forgotten,
    is_packed_sequence,
    is_tensor,
    knowledge,
    packed_with,
    shape_of,
    with_config,
    with_declared_shape,
    with_shape,
)

SHAPE: Final = ErrorCode("shape", "Tensor shapes that break a module's shape contract", "typedrnn")

ANNOTATED: Final = frozenset({"typing.Annotated", "typing_extensions.Annotated"})

# jaxtyping's array types (Float, Shaped, Int32, ...), which type checkers see as Annotated.
_JAXTYPING_NAME: Final = re.compile(
    r"(Shaped|Float\d*|BFloat16|Float8\w*|Int\d*|UInt\d*|Bool|Complex\d*|Num|Real|Inexact|Integer|Key)"
)

# The torch classes whose contract _contracts states, by the name it knows them by.
_MODULE_CLASSES: Final = {
    "torch.nn.modules.rnn.RNN": "RNN",
    "torch.nn.modules.rnn.LSTM": "LSTM",
    "torch.nn.modules.rnn.GRU": "GRU",
    "torch.nn.modules.rnn.RNNCell": "RNNCell",
    "torch.nn.modules.rnn.LSTMCell": "LSTMCell",
    "torch.nn.modules.rnn.GRUCell": "GRUCell",
    "torch.nn.modules.linear.Linear": "Linear",
}
_MODULE_BASE: Final = "torch.nn.modules.module.Module"

# Each constructor's parameters in torch's positional order (torch/nn/modules/rnn.py, linear.py).
_SEQUENCE_TAIL: Final = ("bias", "batch_first", "dropout", "bidirectional")
_CONSTRUCTOR_PARAMETERS: Final = {
    "RNN": ("input_size", "hidden_size", "num_layers", "nonlinearity", *_SEQUENCE_TAIL),
    "LSTM": ("input_size", "hidden_size", "num_layers", *_SEQUENCE_TAIL, "proj_size"),
    "GRU": ("input_size", "hidden_size", "num_layers", *_SEQUENCE_TAIL),
    "RNNCell": ("input_size", "hidden_size", "bias", "nonlinearity"),
    "LSTMCell": ("input_size", "hidden_size", "bias"),
    "GRUCell": ("input_size", "hidden_size", "bias"),
    "Linear": ("in_features", "out_features", "bias"),
}

_Hook = TypeVar("_Hook", FunctionContext, MethodContext)


# --------------------------------------------------------------------------------------
# Reporting


def report(problem: Problem, context: Context, ctx: FunctionContext | MethodContext) -> None:
    """A broken contract as the runtime words it: the summary as the error, the rest as notes."""
    summary, *details = problem.message().splitlines()
    ctx.api.fail(summary, context, code=SHAPE)
    for line in details:
        ctx.api.msg.note(line.strip(), context, code=SHAPE)


def never_crash(hook: Callable[[_Hook], Type]) -> Callable[[_Hook], Type]:
    """A hook that answers mypy's own type whenever it fails, instead of crashing mypy."""

    @functools.wraps(hook)
    def guarded(ctx: _Hook) -> Type:
        try:
            return hook(ctx)
        except Exception:
            return ctx.default_return_type

    return guarded


# --------------------------------------------------------------------------------------
# Reading argument values


def _argument_types(ctx: FunctionContext | MethodContext) -> dict[int, Type]:
    """Each actual argument expression's type, by the expression's identity."""
    return {
        id(expression): typ
        for expressions, types in zip(ctx.args, ctx.arg_types)
        for expression, typ in zip(expressions, types)
    }


def _call_arguments(
    ctx: FunctionContext | MethodContext, parameters: tuple[str, ...]
) -> dict[str, tuple[Expression, Type]]:
    """The call's arguments by parameter name; raises Unknown on ``*args`` or ``**kwargs``."""
    call = ctx.context
    if not isinstance(call, CallExpr):
        raise Unknown
    types = _argument_types(ctx)
    arguments: dict[str, tuple[Expression, Type]] = {}
    for position, (expression, kind, keyword) in enumerate(zip(call.args, call.arg_kinds, call.arg_names)):
        if kind == ARG_POS and position < len(parameters):
            name = parameters[position]
        elif kind == ARG_NAMED and keyword is not None:
            name = keyword
        else:
            raise Unknown
        typ = types.get(id(expression))
        if typ is None:
            raise Unknown
        arguments[name] = (expression, typ)
    return arguments


def literal_value(typ: Type) -> object:
    """The value of a literal type (``Literal[3]``, or ``3`` as an expression's type), else None."""
    proper = get_proper_type(typ)
    if isinstance(proper, LiteralType):
        return proper.value
    if isinstance(proper, Instance) and proper.last_known_value is not None:
        return proper.last_known_value.value
    return None


def _literal_int(typ: Type) -> int | None:
    value = literal_value(typ)
    return value if type(value) is int else None


def _is_int(typ: Type) -> bool:
    proper = get_proper_type(typ)
    return isinstance(proper, Instance) and proper.type.fullname == "builtins.int"


def _expression_int(expression: Expression) -> int | None:
    if isinstance(expression, IntExpr):
        return expression.value
    if isinstance(expression, UnaryExpr) and expression.op == "-" and isinstance(expression.expr, IntExpr):
        return -expression.expr.value
    if isinstance(expression, NameExpr) and isinstance(expression.node, Var):
        value = expression.node.final_value
        return value if type(value) is int else None
    return None


def _sizes(arguments: list[tuple[Expression, Type]]) -> tuple[int | None, ...] | None:
    """Sizes written as ``f(3, 4)``, ``f((3, 4))`` or ``f([3, 4])``; None if they are not sizes."""
    if len(arguments) == 1:
        expression, typ = arguments[0]
        if isinstance(expression, (ListExpr, TupleExpr)):
            return tuple(_expression_int(item) for item in expression.items)
        proper = get_proper_type(typ)
        if isinstance(proper, TupleType):
            if not all(_is_int(item) for item in proper.items):
                return None
            return tuple(_literal_int(item) for item in proper.items)
    sizes: list[int | None] = []
    for _, typ in arguments:
        if not _is_int(typ):
            return None
        sizes.append(_literal_int(typ))
    return tuple(sizes)


def _positional(ctx: FunctionContext | MethodContext) -> list[tuple[Expression, Type]]:
    """The call's positional arguments with their types, in order; raises Unknown on ``*args``."""
    call = ctx.context
    if not isinstance(call, CallExpr):
        raise Unknown
    types = _argument_types(ctx)
    result = []
    for expression, kind in zip(call.args, call.arg_kinds):
        if kind != ARG_POS:
            if kind == ARG_NAMED:
                continue
            raise Unknown
        typ = types.get(id(expression))
        if typ is None:
            raise Unknown
        result.append((expression, typ))
    return result


def _str_type(ctx: FunctionContext | MethodContext) -> Callable[[], Instance]:
    return lambda: ctx.api.named_generic_type("builtins.str", [])


def _shaped(ctx: FunctionContext | MethodContext, shape: Shape | None) -> Type:
    """mypy's return type, a tensor, with ``shape`` attached when it is known."""
    default = get_proper_type(ctx.default_return_type)
    if shape is None or not is_tensor(default):
        return ctx.default_return_type
    assert isinstance(default, Instance)
    return with_shape(default, shape, _str_type(ctx))


# --------------------------------------------------------------------------------------
# Tensor factories and reveal_shape


def tensor_from_factory(ctx: FunctionContext) -> Type:
    """``torch.randn(10, 3, 50)``, ``torch.zeros((2, 3, 100))``: the sizes asked for."""
    return _shaped(ctx, _sizes(_positional(ctx)))


def tensor_from_full(ctx: FunctionContext) -> Type:
    """``torch.full((3, 4), 0.5)``: the sizes are the first argument."""
    return _shaped(ctx, _sizes(_positional(ctx)[:1]))


def tensor_like(ctx: FunctionContext) -> Type:
    """``torch.zeros_like(x)``: the shape of ``x``."""
    positional = _positional(ctx)
    return _shaped(ctx, shape_of(positional[0][1]) if positional else None)


def reveal_shape(ctx: FunctionContext) -> Type:
    """``typedrnn.reveal_shape(x)``: x unchanged, with a note giving its known shape."""
    positional = _positional(ctx)
    if positional:
        shape = shape_of(positional[0][1])
        text = render_shape(shape) if shape is not None else "unknown"
        ctx.api.msg.note(f"Revealed shape is {text}", ctx.context, code=SHAPE)
    return ctx.default_return_type


def pack_padded_sequence(ctx: FunctionContext) -> Type:
    """``pack_padded_sequence(x, lengths, batch_first=...)``: data (total, *features), batch known."""
    packed = get_proper_type(ctx.default_return_type)
    arguments = _call_arguments(ctx, ("input", "lengths", "batch_first", "enforce_sorted"))
    if not is_packed_sequence(packed) or "input" not in arguments:
        return ctx.default_return_type
    assert isinstance(packed, TupleType)
    batch_first = _flag(arguments, "batch_first", False)
    shape = shape_of(arguments["input"][1])
    if batch_first is None or shape is None or len(shape) < 2:
        return ctx.default_return_type
    batch = shape[0] if batch_first else shape[1]
    return packed_with(packed, (None, *shape[2:]), batch, _str_type(ctx))


def pad_packed_sequence(ctx: FunctionContext) -> Type:
    """``pad_packed_sequence(packed, batch_first=...)``: (seq, batch, features), seq unknown."""
    result = get_proper_type(ctx.default_return_type)
    arguments = _call_arguments(ctx, ("sequence", "batch_first", "padding_value", "total_length"))
    if not isinstance(result, TupleType) or "sequence" not in arguments:
        return ctx.default_return_type
    packed = describe(arguments["sequence"][1])
    batch_first = _flag(arguments, "batch_first", False)
    padded = get_proper_type(result.items[0])
    if batch_first is None or not isinstance(packed, PackedArg) or not isinstance(padded, Instance):
        return ctx.default_return_type
    data = packed.data.shape
    if data is None:
        return ctx.default_return_type
    steps: Shape = (packed.batch, None) if batch_first else (None, packed.batch)
    items = [with_shape(padded, (*steps, *data[1:]), _str_type(ctx)), *result.items[1:]]
    return result.copy_modified(items=items)


def _flag(arguments: dict[str, tuple[Expression, Type]], name: str, default: bool) -> bool | None:
    """A boolean argument's literal value, its default when omitted, None when not literal."""
    if name not in arguments:
        return default
    value = literal_value(arguments[name][1])
    return bool(value) if isinstance(value, (bool, int)) else None


# --------------------------------------------------------------------------------------
# Module constructors


def module_kind(info: TypeInfo, method: str) -> str | None:
    """The contract a class follows when ``method`` runs, or None.

    A class follows a contract when one of the seven torch classes is in its MRO and
    ``method`` comes from torch or typedrnn, not from a user subclass that may do
    something else.
    """
    kind = next(
        (_MODULE_CLASSES[base.fullname] for base in info.mro if base.fullname in _MODULE_CLASSES), None
    )
    if kind is None:
        return None
    if method == "__call__":
        # Module.__call__ runs forward: both must be the contract's.
        runs_forward = _owner(info, "__call__") == _MODULE_BASE or _known(info, "__call__")
        return kind if runs_forward and _known(info, "forward") else None
    return kind if _known(info, method) else None


def _owner(info: TypeInfo, method: str) -> str | None:
    """The full name of the class that defines ``method`` for instances of ``info``."""
    return next((base.fullname for base in info.mro if method in base.names), None)


def _known(info: TypeInfo, method: str) -> bool:
    owner = _owner(info, method)
    return owner is not None and (owner in _MODULE_CLASSES or owner.startswith("typedrnn."))


def attach_module_config(ctx: FunctionContext) -> Type:
    """``nn.LSTM(50, 100, num_layers=2, batch_first=True)``: the module type with its configuration."""
    instance = get_proper_type(ctx.default_return_type)
    if not isinstance(instance, Instance):
        return ctx.default_return_type
    kind = module_kind(instance.type, "__init__")
    if kind is None:
        return ctx.default_return_type
    arguments = _call_arguments(ctx, _CONSTRUCTOR_PARAMETERS[kind])
    config = _config(kind, arguments)
    if config is None or config.problems() is not None:
        return ctx.default_return_type
    return with_config(instance, config, _str_type(ctx))


def _config(kind: str, arguments: dict[str, tuple[Expression, Type]]) -> ModuleConfig | None:
    def size(name: str, default: int | None = None) -> int | None:
        if name not in arguments:
            return default
        return _literal_int(arguments[name][1])

    first, second = ("in_features", "out_features") if kind == "Linear" else ("input_size", "hidden_size")
    input_size, hidden_size = size(first), size(second)
    num_layers, proj_size = size("num_layers", 1), size("proj_size", 0)
    batch_first = _flag(arguments, "batch_first", False)
    bidirectional = _flag(arguments, "bidirectional", False)
    bias = _flag(arguments, "bias", True)
    if (
        input_size is None
        or hidden_size is None
        or num_layers is None
        or proj_size is None
        or batch_first is None
        or bidirectional is None
    ):
        return None
    return ModuleConfig(
        kind,
        input_size,
        hidden_size,
        num_layers=num_layers,
        bias=True if bias is None else bias,
        batch_first=batch_first,
        bidirectional=bidirectional,
        proj_size=proj_size,
    )


# --------------------------------------------------------------------------------------
# Module calls


def check_module_call(ctx: MethodContext) -> Type:
    """``lstm(x, (h0, c0))``: the arguments against the contract, the results with their shapes."""
    config = config_of(ctx.type)
    if config is None:
        return ctx.default_return_type
    arguments = _call_arguments(ctx, ("input", "hx"))
    if "input" not in arguments:
        return ctx.default_return_type
    input_arg = describe(arguments["input"][1])
    if isinstance(input_arg, TensorArg) and input_arg.shape is None:
        return ctx.default_return_type
    try:
        hx_arg = describe(arguments["hx"][1]) if "hx" in arguments else None
    except Unknown:
        hx_arg = None
    verdict = check_call(config, input_arg, hx_arg)
    if isinstance(verdict, Problem):
        report(verdict, ctx.context, ctx)
        return ctx.default_return_type
    return _result_type(ctx, config, verdict, arguments["input"][1])


def _result_type(ctx: MethodContext, config: ModuleConfig, bound: Bound, input_type: Type) -> Type:
    """What the call returns, built from the contract's promised result shapes."""
    str_type = _str_type(ctx)
    tensor = _tensor_type(ctx)

    def result(name: str) -> Instance:
        shape = bound.results.get(name)
        return with_shape(tensor, shape, str_type) if shape is not None else tensor

    def pair(first: Type, second: Type) -> TupleType:
        return TupleType([first, second], ctx.api.named_generic_type("builtins.tuple", [_object(ctx)]))

    if config.kind == "Linear":
        return result("output")
    if config.is_cell:
        return pair(result("h_next"), result("c_next")) if config.is_lstm else result("h_next")
    output: Type = result("output")
    packed = get_proper_type(input_type)
    if bound.layout == "packed" and isinstance(packed, TupleType):
        shape = bound.results.get("output")
        output = packed_with(packed, shape or (None, None), bound.dims.get("batch"), str_type)
    state: Type = pair(result("h_n"), result("c_n")) if config.is_lstm else result("h_n")
    return pair(output, state)


def _tensor_type(ctx: MethodContext) -> Instance:
    """``torch.Tensor``, looked up by where it is defined (``torch._tensor`` is not re-exported)."""
    if not isinstance(ctx.api, TypeChecker):
        raise Unknown
    symbol = lookup_fully_qualified(TENSOR, ctx.api.modules)
    if symbol is None or not isinstance(symbol.node, TypeInfo):
        raise Unknown
    return Instance(symbol.node, [])


def _object(ctx: MethodContext) -> Instance:
    return ctx.api.named_generic_type("builtins.object", [])


# --------------------------------------------------------------------------------------
# Tensor methods


def _self_shape(ctx: MethodContext) -> Shape | None:
    return shape_of(ctx.type)


def same_shape(ctx: MethodContext) -> Type:
    """``x.contiguous()``, ``x.float()``, ``x.to(device)``: the shape does not change."""
    return _shaped(ctx, _self_shape(ctx))


def getitem(ctx: MethodContext) -> Type:
    """``h[-1]``, ``out[:, -1, :]``, ``x[t]``: basic indexing, nothing fancier."""
    shape = _self_shape(ctx)
    call = ctx.context
    if shape is None or not isinstance(call, IndexExpr):
        return ctx.default_return_type
    index = call.index
    parts = index.items if isinstance(index, TupleExpr) else [index]
    types = _argument_types(ctx)
    items: list[IndexItem] = []
    for part in parts:
        item = _index_item(part, types.get(id(part)), ctx)
        if item is None:
            return ctx.default_return_type
        items.append(item)
    return _shaped(ctx, index_shape(shape, tuple(items)))


def _index_item(part: Expression, typ: Type | None, ctx: MethodContext) -> IndexItem | None:
    if isinstance(part, SliceExpr):
        bounds = [
            None if e is None else _expression_int(e) for e in (part.begin_index, part.end_index, part.stride)
        ]
        written = [e is not None for e in (part.begin_index, part.end_index, part.stride)]
        if any(w and b is None for w, b in zip(written, bounds)):
            return INDEX_UNKNOWN_SLICE
        if not any(written):
            return INDEX_FULL_SLICE
        return SliceItem(bounds[0], bounds[1], bounds[2])
    if isinstance(part, EllipsisExpr):
        return INDEX_ELLIPSIS
    if isinstance(part, NameExpr) and part.fullname == "builtins.None":
        return INDEX_NEW_AXIS
    value = _expression_int(part)
    if value is not None:
        return value
    if typ is None:
        typ = ctx.api.get_expression_type(part) if isinstance(part, NameExpr) else None
    if typ is not None and _is_int(typ):
        literal = _literal_int(typ)
        return literal if literal is not None else INDEX_INTEGER
    return None


def transpose(ctx: MethodContext) -> Type:
    """``x.transpose(0, 1)``."""
    shape, sizes = _self_shape(ctx), _sizes(_positional(ctx))
    if shape is None or sizes is None or len(sizes) != 2 or None in sizes:
        return ctx.default_return_type
    first, second = sizes
    assert first is not None and second is not None
    return _shaped(ctx, transpose_shape(shape, first, second))


def matrix_transpose(ctx: MethodContext) -> Type:
    """``x.t()``: a 2-D transpose."""
    shape = _self_shape(ctx)
    if shape is None or len(shape) != 2:
        return ctx.default_return_type
    return _shaped(ctx, (shape[1], shape[0]))


def permute(ctx: MethodContext) -> Type:
    """``x.permute(1, 0, 2)``."""
    shape, dims = _self_shape(ctx), _sizes(_positional(ctx))
    if shape is None or dims is None or None in dims:
        return ctx.default_return_type
    return _shaped(ctx, permute_shape(shape, tuple(d for d in dims if d is not None)))


def reshape(ctx: MethodContext) -> Type:
    """``x.view(3, -1)``, ``x.reshape((batch, -1))``: the sizes asked for."""
    sizes = _sizes(_positional(ctx))
    if sizes is None:
        return ctx.default_return_type
    return _shaped(ctx, reshape_shape(_self_shape(ctx), sizes))


def unsqueeze(ctx: MethodContext) -> Type:
    """``x.unsqueeze(0)``."""
    shape, sizes = _self_shape(ctx), _sizes(_positional(ctx))
    if shape is None or sizes is None or len(sizes) != 1 or sizes[0] is None:
        return ctx.default_return_type
    return _shaped(ctx, unsqueeze_shape(shape, sizes[0]))


def squeeze(ctx: MethodContext) -> Type:
    """``x.squeeze()`` or ``x.squeeze(0)``."""
    shape, sizes = _self_shape(ctx), _sizes(_positional(ctx))
    if shape is None or sizes is None or len(sizes) > 1 or None in sizes:
        return ctx.default_return_type
    return _shaped(ctx, squeeze_shape(shape, sizes[0] if sizes else None))


def flatten(ctx: MethodContext) -> Type:
    """``x.flatten()``, ``x.flatten(1)``, ``x.flatten(0, 1)``."""
    shape, sizes = _self_shape(ctx), _sizes(_positional(ctx))
    if shape is None or sizes is None or len(sizes) > 2 or None in sizes:
        return ctx.default_return_type
    start, end = (*sizes, 0, -1)[:2] if len(sizes) == 2 else ((sizes[0], -1) if sizes else (0, -1))
    assert start is not None and end is not None
    return _shaped(ctx, flatten_shape(shape, start, end))


FUNCTION_HOOKS: Final[dict[str, Callable[[FunctionContext], Type]]] = {
    **{
        f"torch._C._VariableFunctions.{name}": tensor_from_factory
        for name in ("randn", "rand", "zeros", "ones", "empty")
    },
    "torch._C._VariableFunctions.full": tensor_from_full,
    **{
        f"torch._C._VariableFunctions.{name}_like": tensor_like
        for name in ("randn", "rand", "zeros", "ones", "empty", "full")
    },
    "torch.nn.utils.rnn.pack_padded_sequence": pack_padded_sequence,
    "torch.nn.utils.rnn.pad_packed_sequence": pad_packed_sequence,
    "typedrnn._reveal.reveal_shape": reveal_shape,
}

_SAME_SHAPE_METHODS: Final = (
    "contiguous",
    "float",
    "double",
    "half",
    "bfloat16",
    "to",
    "cpu",
    "cuda",
    "detach",
    "clone",
    "requires_grad_",
    "tanh",
    "sigmoid",
    "relu",
)

TENSOR_METHOD_HOOKS: Final[dict[str, Callable[[MethodContext], Type]]] = {
    **{name: same_shape for name in _SAME_SHAPE_METHODS},
    "__getitem__": getitem,
    "transpose": transpose,
    "t": matrix_transpose,
    "permute": permute,
    "view": reshape,
    "reshape": reshape,
    "unsqueeze": unsqueeze,
    "squeeze": squeeze,
    "flatten": flatten,
}


# --------------------------------------------------------------------------------------
# jaxtyping annotations


def analyze_annotated(ctx: AnalyzeTypeContext) -> Type:
    """``Float[Tensor, "batch seq 50"]``: the tensor type with its declared shape.

    Type checkers see jaxtyping's array types as ``typing.Annotated``; anything that
    is not one of them, or whose shape string cannot be read, is analysed exactly as
    mypy would.
    """
    api = ctx.api
    unbound = ctx.type
    if not isinstance(api, TypeAnalyser):
        return AnyType(TypeOfAny.special_form)
    if len(unbound.args) < 2:
        api.fail(
            "Annotated[...] must have exactly one type argument and at least one annotation",
            unbound,
            code=VALID_TYPE,
        )
        return AnyType(TypeOfAny.from_error)
    base = api.anal_type(unbound.args[0], allow_typed_dict_special_forms=api.allow_typed_dict_special_forms)
    try:
        declared = _jaxtyping_shape(unbound)
        proper = get_proper_type(base)
        if declared is None or not is_tensor(proper):
            return base
        assert isinstance(proper, Instance)
        return with_declared_shape(proper, declared, lambda: api.named_type("builtins.str", []))
    except Exception:
        return base


def _jaxtyping_shape(unbound: UnboundType) -> JaxtypingShape | None:
    if _JAXTYPING_NAME.fullmatch(unbound.name.rpartition(".")[2]) is None or len(unbound.args) != 2:
        return None
    spec = unbound.args[1]
    if isinstance(spec, RawExpressionType) and isinstance(spec.literal_value, str):
        return parse_jaxtyping(spec.literal_value)
    if isinstance(spec, UnboundType) and spec.original_str_expr is not None:
        return parse_jaxtyping(spec.original_str_expr)
    return None


# --------------------------------------------------------------------------------------
# Return statements


class Session:
    """What the plugin remembers about the modules mypy is checking right now.

    Return statements: mypy has no hook for them, so the plugin looks at them once a
    module has been type checked. It remembers each module's type checker (seen by
    any call hook) and reads the type mypy inferred for each returned expression.

    Reassigned variables: mypy gives a variable the type of its first assignment and
    falls back to it where branches meet. When a later assignment carries a different
    shape or configuration, the first one would come back after an ``if`` or a loop as
    if it were still true, so the variable's own type forgets what the plugin knew.
    """

    def __init__(self) -> None:
        self.checkers: dict[str, TypeChecker] = {}
        self.targets: dict[str, tuple[MypyFile, dict[int, list[Expression]]]] = {}

    def watching(self, hook: Callable[[_Hook], Type]) -> Callable[[_Hook], Type]:
        guarded = never_crash(hook)

        def watched(ctx: _Hook) -> Type:
            checker = ctx.api
            if not isinstance(checker, TypeChecker):
                return guarded(ctx)
            module = checker.tree.fullname
            if module == "torch" or module.startswith("torch."):
                # torch's own code: nothing to report there, and time saved.
                return ctx.default_return_type
            self.checkers[module] = checker
            result = guarded(ctx)
            with contextlib.suppress(Exception):
                self._forget_changed_targets(checker, ctx.context, result)
            return result

        return watched

    def _forget_changed_targets(self, checker: TypeChecker, rvalue: Context, result: Type) -> None:
        tree = checker.tree
        cached = self.targets.get(tree.fullname)
        if cached is None or cached[0] is not tree:
            # A module edited under dmypy is parsed again: new nodes, new identities.
            cached = self.targets[tree.fullname] = (tree, _assignment_targets(tree.defs))
        for lvalue in cached[1].get(id(rvalue), ()):
            _forget_if_changed(checker, lvalue, result)

    def check_module(self, file: MypyFile) -> None:
        self.targets.pop(file.fullname, None)
        checker = self.checkers.pop(file.fullname, None)
        if checker is None:
            return
        try:
            for function, statement in _returns(file.defs, None):
                _check_return(function, statement, checker)
        except Exception:
            return


def _check_return(function: FuncItem, statement: ReturnStmt, checker: TypeChecker) -> None:
    """A returned value's known shapes against the function's jaxtyping return annotation."""
    signature = function.type
    if not isinstance(signature, CallableType) or statement.expr is None:
        return
    actual = checker.lookup_type_or_none(statement.expr)
    if actual is None:
        return
    for where, shape, declared in _shape_pairs(actual, signature.ret_type, ""):
        position = disagreement(shape, declared)
        if position is None:
            continue
        # Other modules may have reported since this one was checked.
        errors = checker.errors
        errors.set_file(checker.path, checker.tree.fullname, options=checker.options)
        name = getattr(function, "name", "function")
        message, detail = _return_problem(name, where, shape, declared, position)
        errors.report(statement.line, statement.column, message, code=SHAPE)
        errors.report(statement.line, statement.column, detail, code=SHAPE, severity="note")


def _shape_pairs(actual: Type, declared: Type, where: str) -> Iterator[tuple[str, Shape, JaxtypingShape]]:
    """(where, known shape, declared shape) for each tensor in a returned value."""
    actual_proper, declared_proper = get_proper_type(actual), get_proper_type(declared)
    if isinstance(actual_proper, TupleType) and isinstance(declared_proper, TupleType):
        if len(actual_proper.items) == len(declared_proper.items):
            for i, (a, d) in enumerate(zip(actual_proper.items, declared_proper.items)):
                yield from _shape_pairs(a, d, f"{where}[{i}]")
        return
    shape, want = shape_of(actual_proper), declared_shape(declared_proper)
    if shape is not None and want is not None:
        yield where, shape, want


def _return_problem(
    function: str, where: str, shape: Shape, declared: JaxtypingShape, position: int | str
) -> tuple[str, str]:
    parts = [str(s) if s is not None else "_" for s in declared.prefix]
    if declared.variadic:
        parts.append("...")
        parts.extend(str(s) if s is not None else "_" for s in declared.suffix)
    expected = "(" + ", ".join(parts) + ")"
    message = f"{function}: return{where} expected {expected}, got {render_shape(shape)}"
    if position == "rank":
        detail = f"the return annotation has {len(parts)} dimensions; the value has {len(shape)}."
    else:
        assert isinstance(position, int)
        detail = f"dimension {position} is {shape[position]}, where the return annotation says " + (
            str(_declared_at(declared, position, len(shape)))
        )
        detail += "."
    return message, detail


def _declared_at(declared: JaxtypingShape, position: int, rank: int) -> Size:
    if position < len(declared.prefix):
        return declared.prefix[position]
    return declared.suffix[position - (rank - len(declared.suffix))]


def _forget_if_changed(checker: TypeChecker, lvalue: Expression, typ: Type) -> None:
    proper = get_proper_type(typ)
    if isinstance(lvalue, (TupleExpr, ListExpr)):
        if isinstance(proper, TupleType) and len(proper.items) == len(lvalue.items):
            for item, item_type in zip(lvalue.items, proper.items):
                _forget_if_changed(checker, item, item_type)
        return
    var = _target_variable(checker, lvalue)
    if var is None or var.type is None:
        return
    known = knowledge(var.type)
    if any(text is not None for text in known) and known != knowledge(typ):
        var.type = forgotten(var.type)


def _target_variable(checker: TypeChecker, lvalue: Expression) -> Var | None:
    if isinstance(lvalue, NameExpr):
        return lvalue.node if isinstance(lvalue.node, Var) else None
    if isinstance(lvalue, MemberExpr):
        if isinstance(lvalue.def_var, Var):
            return lvalue.def_var
        owner = get_proper_type(checker.lookup_type_or_none(lvalue.expr))
        if isinstance(owner, Instance):
            node = owner.type.get(lvalue.name)
            return node.node if node is not None and isinstance(node.node, Var) else None
    return None


def _assignment_targets(statements: list[Statement]) -> dict[int, list[Expression]]:
    """Each assignment's targets, by the identity of the assigned expression."""
    targets: dict[int, list[Expression]] = {}
    for statement in _all_statements(statements):
        if isinstance(statement, AssignmentStmt):
            targets[id(statement.rvalue)] = statement.lvalues
    return targets


def _all_statements(statements: list[Statement]) -> Iterator[Statement]:
    for statement in statements:
        yield statement
        if isinstance(statement, FuncDef):
            yield from _all_statements(statement.body.body)
        elif isinstance(statement, Decorator):
            yield from _all_statements(statement.func.body.body)
        elif isinstance(statement, ClassDef):
            yield from _all_statements(statement.defs.body)
        else:
            for block in _blocks(statement):
                yield from _all_statements(block.body)


def _returns(statements: list[Statement], function: FuncItem | None) -> Iterator[tuple[FuncItem, ReturnStmt]]:
    """Every return statement with a value, with the function it returns from."""
    for statement in statements:
        if isinstance(statement, ReturnStmt):
            if function is not None and statement.expr is not None:
                yield function, statement
        elif isinstance(statement, FuncDef):
            yield from _returns(statement.body.body, statement)
        elif isinstance(statement, Decorator):
            yield from _returns(statement.func.body.body, statement.func)
        elif isinstance(statement, OverloadedFuncDef):
            if isinstance(statement.impl, (FuncDef, Decorator)):
                yield from _returns([statement.impl], None)
        elif isinstance(statement, ClassDef):
            yield from _returns(statement.defs.body, None)
        else:
            for block in _blocks(statement):
                yield from _returns(block.body, function)


def _blocks(statement: Statement) -> list[Block]:
    """The blocks nested in a compound statement (if, for, while, with, try, match)."""
    if isinstance(statement, Block):
        return [statement]
    if isinstance(statement, IfStmt):
        return [*statement.body, *([statement.else_body] if statement.else_body else [])]
    if isinstance(statement, (ForStmt, WhileStmt)):
        return [statement.body, *([statement.else_body] if statement.else_body else [])]
    if isinstance(statement, WithStmt):
        return [statement.body]
    if isinstance(statement, TryStmt):
        optional = [statement.else_body, statement.finally_body]
        return [statement.body, *statement.handlers, *(block for block in optional if block)]
    if isinstance(statement, MatchStmt):
        return list(statement.bodies)
    return []
