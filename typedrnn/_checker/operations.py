"""The operation rules: what each call, method, index and operator does to a value.

Each rule maps abstract values to the value that comes out, exactly, or to
unknown when the answer is not certain. The rules for the seven contract modules
are in :mod:`typedrnn._checker.modules`; tensor arithmetic lives in
:mod:`typedrnn._checker.shapes`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Final

from mypy.nodes import (
    CallExpr,
    EllipsisExpr,
    Expression,
    FloatExpr,
    FuncDef,
    IndexExpr,
    NameExpr,
    OpExpr,
    ReturnStmt,
    SliceExpr,
    TupleExpr,
)
from mypy.types import CallableType, LiteralType, ProperType, TupleType, Type, UnionType, get_proper_type
from mypy.types import Instance as MypyInstance

from typedrnn._checker import modules, shapes
from typedrnn._checker.findings import Finding
from typedrnn._checker.structure import structure_hint
from typedrnn._checker.types import declared_positions, declared_shape, is_tensor
from typedrnn._checker.values import (
    ANY_TENSOR,
    UNKNOWN,
    Choice,
    Flag,
    Instance,
    Int,
    Module,
    Namespace,
    Opaque,
    Packed,
    Ref,
    Tensor,
    Tup,
    Unknown,
    Value,
    exact,
)
from typedrnn._contracts import Size, render_shape
from typedrnn._contracts.sizes import Expr, Poly, compare, is_size, symbol

if TYPE_CHECKING:
    from typedrnn._checker.interpreter import Frame, Run

# Tensor methods whose result has the receiver's shape.
SAME_SHAPE: Final = frozenset(
    {
        "contiguous", "float", "double", "half", "bfloat16", "long", "int", "bool", "to", "cpu", "cuda",
        "detach", "clone", "requires_grad_", "tanh", "sigmoid", "relu", "exp", "log", "abs", "neg",
        "softmax", "log_softmax", "masked_fill", "masked_fill_", "fill_", "zero_", "type_as", "type",
        "pin_memory", "detach_", "sqrt", "pow", "clamp", "tanh_", "sigmoid_", "relu_", "mul", "add",
        "sub", "div", "mul_", "add_", "div_", "sub_", "uniform_", "normal_", "cumsum", "flip", "roll",
    }
)
# Reductions over one dimension.
REDUCTIONS: Final = frozenset({"sum", "mean", "max", "min", "amax", "amin", "argmax", "argmin", "prod", "std", "var", "logsumexp"})
# Every name a tuple lacks that code calls on a tensor: using one on an LSTM pair fails.
TENSOR_ONLY: Final = SAME_SHAPE | {
    "size", "view", "reshape", "transpose", "permute", "squeeze", "unsqueeze", "flatten", "dim",
    "expand", "repeat", "new_zeros", "new_ones", "numel", "t", "chunk", "split", "sum", "mean",
}
# torch functions that keep their first argument's shape.
SAME_SHAPE_FUNCTIONS: Final = frozenset(
    {
        "relu", "tanh", "sigmoid", "dropout", "softmax", "log_softmax", "gelu", "elu", "leaky_relu",
        "selu", "silu", "hardtanh", "relu6", "celu", "softplus", "logsigmoid", "normalize", "layer_norm",
        "dropout1d", "dropout2d", "alpha_dropout", "exp", "log", "abs", "neg", "sqrt", "clamp",
        "zeros_like", "ones_like", "randn_like", "rand_like", "empty_like", "full_like", "clone",
    }
)
FACTORIES: Final = frozenset({"zeros", "ones", "empty", "randn", "rand"})
# Module methods that return the module itself.
RETURNS_SELF: Final = frozenset(
    {"to", "cuda", "cpu", "train", "eval", "float", "double", "half", "bfloat16", "requires_grad_", "type"}
)
_MODULE_BASE: Final = "torch.nn.modules.module.Module"


# --------------------------------------------------------------------------------------
# Values from mypy's declared types


def from_declared(typ: Type | None, fallback: Opaque, run: Run) -> Value:
    """A parameter's value from its annotation: a declared shape, a tuple, or its name."""
    if typ is None:
        return fallback
    proper = get_proper_type(typ)
    if is_tensor(proper):
        declared = declared_positions(proper)
        if declared is not None:
            if declared.variadic:
                return Tensor(declared.prefix, False, declared.suffix)
            return exact(declared.prefix)
        return fallback
    if isinstance(proper, TupleType) and not proper.partial_fallback.type.fullname.endswith("PackedSequence"):
        items = tuple(
            from_declared(item, Opaque(f"{fallback.key}[{index}]", f"{fallback.text}[{index}]"), run)
            for index, item in enumerate(proper.items)
        )
        return Tup(items)
    members = _literal_strings(proper)
    if members:
        return Choice(fallback.key, fallback.text, members)
    return fallback


def _literal_strings(proper: ProperType) -> tuple[str, ...] | None:
    """``Literal["LSTM", "GRU"]``: the strings it allows; None for any other type."""
    items = [get_proper_type(item) for item in proper.items] if isinstance(proper, UnionType) else [proper]
    members: list[str] = []
    for item in items:
        if not isinstance(item, LiteralType) or item.fallback.type.fullname != "builtins.str":
            return None
        if isinstance(item.value, str) and item.value not in members:
            members.append(item.value)
    return tuple(members)


# --------------------------------------------------------------------------------------
# Sizes


def as_size(value: Value) -> Size:
    """A value used as a size: an expression, or None when unknown."""
    if isinstance(value, Int):
        return value.size
    if isinstance(value, Opaque):
        return value.as_size()
    if isinstance(value, Flag) and value.value is not None:
        return int(value.value)
    return None


def sizes_of(arguments: list[Value]) -> tuple[Size, ...] | None:
    """``f(3, n)``, ``f((3, n))``, ``f([3, n])``, ``f(x.size())``: the sizes, or None."""
    if len(arguments) == 1 and isinstance(arguments[0], Tup):
        return tuple(as_size(item) for item in arguments[0].items)
    if len(arguments) == 1 and isinstance(arguments[0], Opaque) and arguments[0].key.endswith(".shape"):
        return None
    if any(isinstance(argument, (Tensor, Tup, Module, Instance, Ref, Packed)) for argument in arguments):
        return None
    return tuple(as_size(argument) for argument in arguments)


def literal_int(value: Value) -> int | None:
    if isinstance(value, Int) and isinstance(value.size, int):
        return value.size
    return None


def binary(operator: str, left: Value, right: Value, run: Run | None = None, node: Expression | None = None) -> Value:
    """``+ - * //`` on sizes; ``@`` on tensors; anything else is unknown."""
    if operator == "@":
        return _matmul(left, right)
    if isinstance(left, Tensor) or isinstance(right, Tensor):
        if isinstance(node, OpExpr):
            # A float literal (``0.5 * logv``) is a number, though it is no size.
            left = Int(1) if isinstance(node.left, FloatExpr) else left
            right = Int(1) if isinstance(node.right, FloatExpr) else right
        return _broadcast(left, right)
    first, second = as_size(left), as_size(right)
    if not is_size(first) or not is_size(second):
        return Int(None) if isinstance(left, Int) or isinstance(right, Int) else UNKNOWN
    assert isinstance(first, (int, Poly)) and isinstance(second, (int, Poly))
    if operator == "+":
        return Int(first + second)
    if operator == "-":
        return Int(first - second)
    if operator == "*":
        return Int(first * second)
    if operator == "//":
        return Int(first // second) if second != 0 else UNKNOWN
    return Int(None)


def _broadcast(left: Value, right: Value) -> Value:
    """Element-wise arithmetic: a scalar keeps the tensor's shape; two equal shapes stay."""
    if isinstance(left, Tensor) and _scalar(right):
        return left
    if isinstance(right, Tensor) and _scalar(left):
        return right
    if isinstance(left, Tensor) and isinstance(right, Tensor):
        if left.exact and right.exact:
            return exact(_broadcast_shapes(left.head, right.head))
        if (left.head, left.tail, left.min_rank) == (right.head, right.tail, right.min_rank):
            return replace(left, role=None)
    return UNKNOWN


def _broadcast_shapes(first: tuple[Size, ...], second: tuple[Size, ...]) -> tuple[Size, ...]:
    """Dims matched from the end: equal sizes stay, a 1 takes the other's; anything else is not known."""
    rank = max(len(first), len(second))
    padded = [(1,) * (rank - len(shape)) + shape for shape in (first, second)]
    return tuple(a if b in (a, 1) else b if a == 1 else None for a, b in zip(*padded))


def _scalar(value: Value) -> bool:
    """A number for certain: arithmetic on opaque names (``a * b``) may be a tensor that broadcasts."""
    if isinstance(value, Int):
        return isinstance(value.size, int)
    return not isinstance(value, (Tensor, Opaque, Unknown))


def _matmul(left: Value, right: Value) -> Value:
    if not isinstance(left, Tensor) or not isinstance(right, Tensor) or not left.exact or not right.exact:
        return UNKNOWN
    a, b = left.head, right.head
    if len(a) == 2 and len(b) == 2:
        return exact((a[0], b[1]))
    if len(a) == 3 and len(b) == 3:
        return exact((a[0], a[1], b[2]))
    return UNKNOWN


def compare_values(operator: str, left: Value, right: Value) -> bool | None:
    first, second = as_size(left), as_size(right)
    if isinstance(first, int) and isinstance(second, int):
        table = {"==": first == second, "!=": first != second, "<": first < second, ">": first > second,
                 "<=": first <= second, ">=": first >= second}
        return table.get(operator)
    if isinstance(left, Flag) and isinstance(right, Flag) and left.value is not None and right.value is not None:
        return {"==": left.value == right.value, "!=": left.value != right.value}.get(operator)
    return None


# --------------------------------------------------------------------------------------
# Iteration and unpacking


def iterated_item(value: Value) -> Value:
    if isinstance(value, Tup):
        if value.kind == "range":
            return Int(None)
        if value.kind == "pieces":
            return value.items[0]
        if value.items and all(item == value.items[0] for item in value.items):
            return value.items[0]
        return UNKNOWN
    if isinstance(value, Tensor) and value.exact and value.head:
        return exact(value.head[1:], value.origins()[1:])
    return UNKNOWN


def unpack(run: Run, value: Value, count: int, target: Expression) -> tuple[Value, ...] | None:
    """The values a tuple target receives; a structure that cannot unpack is a finding."""
    if isinstance(value, Tup):
        if len(value.items) == count:
            return value.items
        if value.role is not None:
            run.report(
                Finding(
                    target.line,
                    target.column,
                    (
                        f"{value.role} unpacked into {count} value{'s' if count != 1 else ''}",
                        f"it holds {len(value.items)}: {structure_hint(value.role)}",
                    ),
                    "result",
                )
            )
        return None
    if isinstance(value, Tensor) and value.exact and value.head:
        rows = value.head[0]
        if isinstance(rows, int):
            if rows == count:
                return tuple(exact(value.head[1:]) for _ in range(count))
            if value.role is not None:
                run.report(
                    Finding(
                        target.line,
                        target.column,
                        (
                            f"{value.role} is one Tensor {render_shape(value.head)}, unpacked into {count} values",
                            "unpacking a tensor splits its first dimension, and it has "
                            f"{rows}; an RNN or GRU returns (output, h_n), only an LSTM returns (output, (h_n, c_n)).",
                        ),
                        "result",
                    )
                )
    return None


# --------------------------------------------------------------------------------------
# Indexing


def index(run: Run, expression: IndexExpr, base: Value, frame: Frame) -> Value:
    parts = expression.index.items if isinstance(expression.index, TupleExpr) else [expression.index]
    if isinstance(base, Tup):
        if base.kind == "pieces":
            return base.items[0] if len(parts) == 1 and not isinstance(parts[0], SliceExpr) else UNKNOWN
        if len(parts) == 1 and not isinstance(parts[0], SliceExpr):
            position = literal_int(run.evaluate(parts[0], frame))
            if position is not None and -len(base.items) <= position < len(base.items):
                return base.items[position]
        return UNKNOWN
    if isinstance(base, Module) and base.kind == "list":
        if len(parts) == 1 and not isinstance(parts[0], SliceExpr):
            position = literal_int(run.evaluate(parts[0], frame))
            # A ModuleList may grow once built (``append`` in another method): only a position
            # counted from the front still names the same module.
            if position is not None and 0 <= position < len(base.layers):
                return base.layers[position]
        return UNKNOWN
    if isinstance(base, Opaque):
        if base.key.endswith(".shape") and len(parts) == 1:
            position = literal_int(run.evaluate(parts[0], frame))
            if position is not None:
                owner_key, owner_text = base.key[: -len(".shape")], base.text[: -len(".shape")]
                run.bound(f"{owner_key}.size({position})", 0)
                return Int(symbol(f"{owner_key}.size({position})", f"{owner_text}.size({position})"))
        return UNKNOWN
    if not isinstance(base, Tensor):
        return UNKNOWN
    items: list[shapes.IndexItem] = []
    for part in parts:
        item = _index_item(run, part, frame)
        if item is None:
            return UNKNOWN
        items.append(item)
    if base.exact:
        shape = shapes.index_shape(base.head, tuple(items))
        return exact(shape) if shape is not None else UNKNOWN
    return _index_inexact(base, tuple(items))


def _index_inexact(base: Tensor, items: tuple[shapes.IndexItem, ...]) -> Value:
    """Indexing a tensor of unknown rank: leading items, never changing its known tail.

    The tensor has at least as many dims as the items index (else this line fails
    anyway); where, at that least rank, the last items would land on the known
    tail, they must be full slices, which keep it.
    """
    if any(item in (shapes.INDEX_ELLIPSIS, shapes.INDEX_NEW_AXIS) for item in items):
        return UNKNOWN
    least = max(base.min_rank, len(base.head) + len(base.tail), len(items))
    overlap = max(0, len(items) + len(base.tail) - least)
    if overlap and any(item is not shapes.INDEX_FULL_SLICE for item in items[len(items) - overlap :]):
        return UNKNOWN
    free = items[: len(items) - overlap]
    if len(free) < len(base.head) and overlap:
        return UNKNOWN
    known = free[: len(base.head)]
    head = shapes.index_shape(base.head, known) if known else base.head
    if head is None:
        return UNKNOWN
    if len(known) < len(base.head):
        return UNKNOWN if overlap else Tensor(head, False, base.tail, (), base.tail_from, min_rank=least)
    extra: list[Size] = [None for item in free[len(base.head) :] if not _drops(item)]
    dropped = sum(1 for item in items if _drops(item))
    return Tensor((*head, *extra), False, base.tail, (), base.tail_from, min_rank=least - dropped)


def _drops(item: shapes.IndexItem) -> bool:
    return isinstance(item, int) or item is shapes.INDEX_INTEGER


def _index_item(run: Run, part: Expression, frame: Frame) -> shapes.IndexItem | None:
    if isinstance(part, SliceExpr):
        bounds = [None if e is None else literal_int(run.evaluate(e, frame)) for e in (part.begin_index, part.end_index, part.stride)]
        written = [e is not None for e in (part.begin_index, part.end_index, part.stride)]
        if any(w and b is None for w, b in zip(written, bounds)):
            return shapes.INDEX_UNKNOWN_SLICE
        if not any(written):
            return shapes.INDEX_FULL_SLICE
        return shapes.SliceItem(bounds[0], bounds[1], bounds[2])
    if isinstance(part, EllipsisExpr):
        return shapes.INDEX_ELLIPSIS
    if isinstance(part, NameExpr) and part.fullname == "builtins.None":
        return shapes.INDEX_NEW_AXIS
    value = run.evaluate(part, frame)
    if isinstance(value, Int):
        return value.size if isinstance(value.size, int) else shapes.INDEX_INTEGER
    return None


# --------------------------------------------------------------------------------------
# Attributes


def attribute(run: Run, owner: Value, name: str, frame: Frame) -> Value:
    if isinstance(owner, Instance):
        value = owner.get(name)
        if value is not None:
            return value
        method = run.analysis.method_of(owner.fullname, name)
        if method is not None:
            return Ref(method.fullname, owner)
        return UNKNOWN
    if isinstance(owner, Opaque):
        return owner.attribute(name)
    if isinstance(owner, Tensor):
        if name == "shape":
            return _shape_tuple(owner)
        if name == "T" and owner.exact:
            return exact(tuple(reversed(owner.head)))
        if name == "data":
            return owner
        return UNKNOWN
    if isinstance(owner, Packed):
        return owner.data if name == "data" else UNKNOWN
    if isinstance(owner, Module):
        return modules.attribute(owner, name)
    if isinstance(owner, Ref) and owner.bound is None:
        return Ref(f"{owner.fullname}.{name}")
    return UNKNOWN


def _int_of(size: Size) -> Int:
    return Int(size) if isinstance(size, (int, Poly)) else Int(None)


def _shape_tuple(tensor: Tensor) -> Value:
    if tensor.exact:
        return Tup(tuple(_int_of(size) for size in tensor.head), "size")
    return UNKNOWN


# --------------------------------------------------------------------------------------
# Method calls


def method_call(
    run: Run,
    receiver: Value,
    name: str,
    arguments: list[Value],
    keywords: dict[str, Value],
    expression: CallExpr,
    frame: Frame,
) -> Value:
    if name in ("parse_args", "parse_known_args") and _is_parser(run, receiver):
        namespace = Namespace(run.analysis.argparse_choices())
        return namespace if name == "parse_args" else Tup((namespace, UNKNOWN))
    if isinstance(receiver, Instance):
        held = receiver.get(name)
        if held is not None:
            return call(run, held, arguments, keywords, expression, frame)
        if name in RETURNS_SELF:
            return receiver
        if name == "forward":
            return user_module_call(run, receiver, arguments, keywords, expression, direct=True)
        method = run.analysis.method_info(receiver.fullname, name)
        if method is None:
            return UNKNOWN
        owner, function = method
        return run.call_function(function, arguments, keywords, receiver, owner, (expression.line, expression.column))
    if isinstance(receiver, Module):
        if name in RETURNS_SELF:
            return receiver
        if name == "forward":
            return modules.call(run, receiver, arguments, keywords, expression)
        return UNKNOWN
    if isinstance(receiver, Tup) and receiver.role is not None and name in TENSOR_ONLY:
        run.report(
            Finding(
                expression.line,
                expression.column,
                (
                    f"{receiver.role} is a tuple, not a Tensor: .{name}() fails on it",
                    f"hint: {structure_hint(receiver.role)} Take the tensor you need from the pair first.",
                ),
                "result",
            )
        )
        return UNKNOWN
    if isinstance(receiver, Ref) and receiver.bound is None:
        return call(run, Ref(f"{receiver.fullname}.{name}"), arguments, keywords, expression, frame)
    if isinstance(receiver, (Tensor, Opaque)):
        return tensor_method(run, receiver, name, arguments, keywords)
    return UNKNOWN


def _is_parser(run: Run, receiver: Value) -> bool:
    if not isinstance(receiver, Instance):
        return False
    info = run.analysis.class_of(receiver)
    return info is not None and any(base.fullname == "argparse.ArgumentParser" for base in info.mro)


_LIST_MUTATORS: Final = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "reverse", "sort", "__setitem__", "update", "setdefault", "add_module", "register_module"})


def mutates(receiver: Value, name: str) -> bool:
    """Whether a method changes its receiver in place in a way the value does not follow."""
    if isinstance(receiver, Tensor):
        return name.endswith("_") and name not in SAME_SHAPE
    if isinstance(receiver, (Tup, Instance, Module)):
        return name in _LIST_MUTATORS
    return False


def tensor_method(run: Run, receiver: Tensor | Opaque, name: str, arguments: list[Value], keywords: dict[str, Value]) -> Value:
    """A tensor method's result; an opaque receiver is a tensor of unknown shape."""
    if name in SAME_SHAPE:
        return receiver
    if name in {"size", "shape"}:
        if arguments:
            return _size_at(run, receiver, literal_int(arguments[0]))
        if isinstance(receiver, Opaque):
            return Opaque(f"{receiver.key}.shape", f"{receiver.text}.shape")
        return _shape_tuple(receiver)
    if name in ("new_zeros", "new_ones", "new_empty", "new_full"):
        sizes = sizes_of(arguments[:1] if name == "new_full" else arguments) if arguments else _keyword_sizes(keywords)
        return _fresh(run, sizes)
    if name == "new" and (len(arguments) > 1 or (arguments and isinstance(arguments[0], Int))):
        # The legacy ``weight.new(layers, bsz, nhid)`` takes sizes; given one list (a name
        # may hold one) it copies the data, of whatever shape the list has.
        return _fresh(run, sizes_of(arguments))
    if isinstance(receiver, Opaque):
        if name in ("view", "reshape"):
            sizes = sizes_of(arguments) if arguments else _keyword_sizes(keywords)
            return _fresh(run, shapes.reshape_shape(None, sizes) if sizes is not None else None)
        return UNKNOWN
    tensor = receiver
    if name in ("view", "reshape"):
        sizes = sizes_of(arguments) if arguments else _keyword_sizes(keywords)
        if sizes is None:
            return UNKNOWN
        return _exact_or_unknown(shapes.reshape_shape(tensor.shape, sizes))
    if not tensor.exact:
        return _inexact_method(tensor, name, arguments, keywords)
    shape = tensor.head
    if name == "transpose":
        first, second = (literal_int(a) for a in (*arguments, Int(None), Int(None))[:2])
        if first is None or second is None:
            return UNKNOWN
        return _exact_or_unknown(shapes.transpose_shape(shape, first, second))
    if name == "t" and len(shape) == 2:
        return exact((shape[1], shape[0]))
    if name == "permute":
        dims = sizes_of(arguments)
        if dims is None or not all(isinstance(d, int) for d in dims):
            return UNKNOWN
        return _exact_or_unknown(shapes.permute_shape(shape, tuple(d for d in dims if isinstance(d, int))))
    if name == "unsqueeze":
        dim = literal_int(arguments[0]) if arguments else literal_int(keywords.get("dim", UNKNOWN))
        return UNKNOWN if dim is None else _exact_or_unknown(shapes.unsqueeze_shape(shape, dim))
    if name == "squeeze":
        if not arguments and "dim" not in keywords:
            return _exact_or_unknown(shapes.squeeze_shape(shape, None))
        dim = literal_int(arguments[0] if arguments else keywords["dim"])
        return UNKNOWN if dim is None else _exact_or_unknown(shapes.squeeze_shape(shape, dim))
    if name == "flatten":
        start = literal_int(arguments[0]) if arguments else literal_int(keywords.get("start_dim", Int(0)))
        end = literal_int(arguments[1]) if len(arguments) > 1 else literal_int(keywords.get("end_dim", Int(-1)))
        if start is None or end is None:
            return UNKNOWN
        return _exact_or_unknown(shapes.flatten_shape(shape, start, end))
    if name == "expand":
        sizes = sizes_of(arguments)
        if sizes is None or len(sizes) != len(shape):
            return UNKNOWN
        return exact(tuple(old if new == -1 else new for old, new in zip(shape, sizes)))
    if name == "repeat":
        return _repeat(shape, sizes_of(arguments))
    if name in ("bmm", "matmul", "mm") and arguments:
        return _matmul(tensor, arguments[0])
    if name in REDUCTIONS:
        return _reduce(shape, name, arguments, keywords)
    if name in ("split", "chunk", "unbind"):
        return _pieces(shape, name, arguments, keywords)
    return UNKNOWN


def _pieces(shape: tuple[Size, ...], name: str, arguments: list[Value], keywords: dict[str, Value]) -> Value:
    """``x.split(n, dim)``, ``x.chunk(k, dim)``, ``x.unbind(dim)``: the pieces, as far as they are alike."""
    rest = arguments if name == "unbind" else arguments[1:]
    dim_value = rest[0] if rest else keywords.get("dim", Int(0))
    dim = literal_int(dim_value)
    if dim is None or not -len(shape) <= dim < len(shape):
        return UNKNOWN
    at = dim % len(shape)
    size = shape[at]
    if name == "unbind":
        return Tup((exact((*shape[:at], *shape[at + 1 :])),), "pieces")
    if name == "split" and arguments:
        evenly = _even_split(size, as_size(arguments[0]))
        if evenly is not None:
            return Tup((exact((*shape[:at], evenly[1], *shape[at + 1 :])),) * evenly[0])
    count = literal_int(arguments[0]) if arguments else None
    if count is None or count <= 0:
        return UNKNOWN
    if name == "split":
        # Pieces of n, the last one smaller unless n divides the size.
        piece: Size = count if count == 1 or (isinstance(size, int) and size % count == 0) else None
        return Tup((exact((*shape[:at], piece, *shape[at + 1 :])),), "pieces")
    piece = _chunk_piece(size, count)
    if piece is None:
        return UNKNOWN
    return Tup((exact((*shape[:at], piece, *shape[at + 1 :])),) * count)


def _repeat(shape: tuple[Size, ...], counts: tuple[Size, ...] | None) -> Value:
    """``x.repeat(1, src_len, 1)``: each dim times its count; extra counts lead as new dims."""
    if counts is None or len(counts) < len(shape):
        return UNKNOWN
    padded = (1,) * (len(counts) - len(shape)) + shape
    return exact(tuple(_product(a, b) for a, b in zip(padded, counts)))


def _product(first: Size, second: Size) -> Size:
    if isinstance(first, (int, Poly)) and isinstance(second, (int, Poly)):
        return first * second
    return None


def _even_split(size: Size, piece: Size) -> tuple[int, Size] | None:
    """``x.split(n)`` where n divides the size exactly (``2·hidden`` in ``hidden``): how many pieces."""
    if isinstance(size, int) and isinstance(piece, int):
        return (size // piece, piece) if piece > 0 and size % piece == 0 else None
    if not isinstance(size, Poly) or not isinstance(piece, Poly) or not size.terms or not piece.terms:
        return None
    (monomial, coefficient), (piece_monomial, piece_coefficient) = size.terms[0], piece.terms[0]
    if monomial != piece_monomial or coefficient % piece_coefficient != 0:
        return None
    count = coefficient // piece_coefficient
    return (count, piece) if count > 0 and piece * count == size else None


def _chunk_piece(size: Size, count: int) -> Size:
    """The size of each of ``count`` chunks, when they are alike: ``2·nhid`` in two is ``nhid``."""
    if isinstance(size, int):
        return size // count if size % count == 0 else None
    if isinstance(size, Poly) and all(coefficient % count == 0 for _, coefficient in size.terms):
        return size // count
    return None


def _inexact_method(tensor: Tensor, name: str, arguments: list[Value], keywords: dict[str, Value]) -> Value:
    """``unsqueeze``, ``chunk`` and ``split`` on a tensor of unknown rank, where they touch only its known ends."""
    if name == "unsqueeze":
        dim = literal_int(arguments[0]) if arguments else literal_int(keywords.get("dim", UNKNOWN))
        if dim is not None and 0 <= dim <= len(tensor.head):
            return replace(tensor, head=(*tensor.head[:dim], 1, *tensor.head[dim:]), head_from=(), role=None,
                           min_rank=tensor.min_rank + 1)
        if dim is not None and -len(tensor.tail) - 1 <= dim < 0:
            at = len(tensor.tail) + 1 + dim
            return replace(tensor, tail=(*tensor.tail[:at], 1, *tensor.tail[at:]), tail_from=(), role=None,
                           min_rank=tensor.min_rank + 1)
        return UNKNOWN
    if name == "chunk" and arguments:
        count = literal_int(arguments[0])
        dim = literal_int(arguments[1] if len(arguments) > 1 else keywords.get("dim", Int(0)))
        if count is None or count <= 0 or dim is None or not -len(tensor.tail) <= dim < 0:
            return UNKNOWN
        at = len(tensor.tail) + dim
        piece = _chunk_piece(tensor.tail[at], count)
        if piece is None:
            return UNKNOWN
        item = replace(tensor, tail=(*tensor.tail[:at], piece, *tensor.tail[at + 1 :]), tail_from=(), role=None)
        return Tup((item,) * count)
    if name == "split" and arguments:
        dim = literal_int(arguments[1] if len(arguments) > 1 else keywords.get("dim", Int(0)))
        if dim is None or not -len(tensor.tail) <= dim < 0:
            return UNKNOWN
        at = len(tensor.tail) + dim
        evenly = _even_split(tensor.tail[at], as_size(arguments[0]))
        if evenly is None:
            return UNKNOWN
        item = replace(tensor, tail=(*tensor.tail[:at], evenly[1], *tensor.tail[at + 1 :]), tail_from=(), role=None)
        return Tup((item,) * evenly[0])
    return UNKNOWN


def _reduce(shape: tuple[Size, ...], name: str, arguments: list[Value], keywords: dict[str, Value]) -> Value:
    """``x.sum(dim=1)``, ``x.max(1)`` (values and indices), ``x.mean()``."""
    if not arguments and "dim" not in keywords:
        return UNKNOWN if name in ("max", "min") else exact(())
    dim = literal_int(arguments[0] if arguments else keywords["dim"])
    keep = keywords.get("keepdim", arguments[1] if len(arguments) > 1 else Flag(False))
    if dim is None or not -len(shape) <= dim < len(shape) or not isinstance(keep, Flag) or keep.value is None:
        return UNKNOWN
    at = dim % len(shape)
    reduced = exact((*shape[:at], *((1,) if keep.value else ()), *shape[at + 1 :]))
    return Tup((reduced, reduced)) if name in ("max", "min") else reduced


def _size_at(run: Run, receiver: Tensor | Opaque, position: int | None) -> Value:
    if position is None:
        return Int(None)
    if isinstance(receiver, Opaque):
        key = f"{receiver.key}.size({position})"
        run.bound(key, 0)
        return Int(symbol(key, f"{receiver.text}.size({position})"))
    if receiver.exact:
        if -len(receiver.head) <= position < len(receiver.head):
            size = receiver.head[position]
            return _int_of(size)
        return Int(None)
    if 0 <= position < len(receiver.head):
        size = receiver.head[position]
        return _int_of(size)
    if position < 0 and -position <= len(receiver.tail):
        size = receiver.tail[position]
        return _int_of(size)
    return Int(None)


def _keyword_sizes(keywords: dict[str, Value]) -> tuple[Size, ...] | None:
    for name in ("size", "shape"):
        if name in keywords:
            return sizes_of([keywords[name]])
    return None


def _fresh(run: Run, sizes: tuple[Size, ...] | None) -> Value:
    """A tensor made with these sizes: each symbolic size is at least 0."""
    if sizes is None:
        return ANY_TENSOR
    for size in sizes:
        if size is not None and not isinstance(size, (int, str)):
            for poly_symbol in size.symbols():
                if len(size.terms) == 1:
                    run.bound(poly_symbol.key, 0)
    return exact(sizes)


def _exact_or_unknown(shape: tuple[Size, ...] | None) -> Value:
    return exact(shape) if shape is not None else UNKNOWN


# --------------------------------------------------------------------------------------
# Calls


def call(
    run: Run,
    function: Value,
    arguments: list[Value],
    keywords: dict[str, Value],
    expression: CallExpr,
    frame: Frame,
) -> Value:
    if isinstance(function, Module):
        return modules.call(run, function, arguments, keywords, expression)
    if isinstance(function, Instance):
        return user_module_call(run, function, arguments, keywords, expression)
    if isinstance(function, Tup) and function.kind == "list":
        return UNKNOWN
    if not isinstance(function, Ref):
        return UNKNOWN
    if function.bound is not None:
        method = run.analysis.function(function.fullname)
        if method is None:
            return UNKNOWN
        owner = run.analysis.class_of(function.bound)
        return run.call_function(method, arguments, keywords, function.bound, owner, (expression.line, expression.column))
    fullname = function.fullname
    built = modules.construct(run, fullname, arguments, keywords, expression)
    if built is not None:
        return built
    short = fullname.rpartition(".")[2]
    if fullname in ("typedrnn.reveal_shape", "typedrnn._reveal.reveal_shape"):
        return _reveal(run, arguments, expression)
    if fullname.startswith("builtins."):
        return _builtin(run, short, arguments)
    if fullname.startswith("torch."):
        return torch_function(run, fullname, short, arguments, keywords)
    info = run.analysis.class_info(fullname)
    if info is not None:
        return run.analysis.instantiate(run, info, arguments, keywords)
    user_function = run.analysis.function(fullname)
    if user_function is not None:
        return run.call_function(user_function, arguments, keywords, None, None, (expression.line, expression.column))
    if _is_parser(run, Instance(fullname)):
        # argparse read from mypy's cache has no code to run, and needs none.
        return Instance(fullname, (), f"{fullname}()")
    return UNKNOWN


def user_module_call(
    run: Run,
    instance: Instance,
    arguments: list[Value],
    keywords: dict[str, Value],
    expression: CallExpr,
    direct: bool = False,
) -> Value:
    """``model(x)``: the user module's ``forward``, run with the caller's values."""
    info = run.analysis.class_info(instance.fullname)
    if info is None:
        return UNKNOWN
    if not direct:
        if not any(base.fullname == _MODULE_BASE for base in info.mro):
            return UNKNOWN
        owner_of_call = next((base for base in info.mro if "__call__" in base.names), None)
        if owner_of_call is None or owner_of_call.fullname != _MODULE_BASE:
            return UNKNOWN
    method = run.analysis.method_info(instance.fullname, "forward")
    if method is None:
        return UNKNOWN
    owner, forward = method
    return run.call_function(forward, arguments, keywords, instance, owner, (expression.line, expression.column))


def _builtin(run: Run, name: str, arguments: list[Value]) -> Value:
    if name == "range":
        return Tup((Int(None),), "range")
    if name == "len" and arguments:
        first = arguments[0]
        if isinstance(first, Tensor):
            return _size_at(run, first, 0)
        if isinstance(first, Opaque):
            # The same size as x.size(0) when x is a tensor, written as the user wrote it:
            # x may be a list or a dict, which have no .size().
            key = f"{first.key}.size(0)"
            run.bound(key, 0)
            return Int(symbol(key, f"len({first.text})"))
        if isinstance(first, Tup) and first.kind != "range":
            return Int(len(first.items))
        return Int(None)
    if name == "int" and arguments:
        value = arguments[0]
        if isinstance(value, Int):
            return value
        if isinstance(value, Flag):
            return Int(None if value.value is None else int(value.value))
        if isinstance(value, Opaque):
            return Int(value.as_size())
        return Int(None)
    if name == "bool" and arguments:
        value = arguments[0]
        return value if isinstance(value, (Flag, Opaque)) else Flag(None)
    if name in ("tuple", "list") and arguments and isinstance(arguments[0], Tup):
        return Tup(arguments[0].items, name)
    if name in ("min", "max", "abs", "round", "sum"):
        return Int(None)
    if name == "getattr" and len(arguments) == 2:
        return _getattr(run, arguments[0], arguments[1])
    return UNKNOWN


def _getattr(run: Run, owner: Value, name: Value) -> Value:
    """``getattr(nn, rnn_type)``: the class of the literal name in use, in this world."""
    if not isinstance(owner, Ref) or owner.bound is not None:
        return UNKNOWN
    member = run.member(name)
    if member is None:
        run.touched = True  # a class in some world, perhaps a module's (see Analysis.split)
        return UNKNOWN
    if not member.isidentifier():
        return UNKNOWN
    return Ref(f"{owner.fullname}.{member}")


def torch_function(run: Run, fullname: str, name: str, arguments: list[Value], keywords: dict[str, Value]) -> Value:
    if name in FACTORIES and (fullname.startswith("torch._C._VariableFunctions") or fullname.count(".") == 1):
        sizes = sizes_of(arguments) if arguments else _keyword_sizes(keywords)
        return _fresh(run, sizes)
    if name == "arange" and len(arguments) == 1 and not keywords.keys() - {"device", "dtype"}:
        return _fresh(run, (as_size(arguments[0]),))
    if name == "randint":
        sizes = sizes_of(arguments[-1:]) if arguments and isinstance(arguments[-1], Tup) else _keyword_sizes(keywords)
        return _fresh(run, sizes)
    if name == "full":
        sizes = sizes_of(arguments[:1]) if arguments else _keyword_sizes(keywords)
        return _fresh(run, sizes)
    if name in SAME_SHAPE_FUNCTIONS and arguments:
        first = arguments[0]
        if isinstance(first, Tensor):
            return first
        return ANY_TENSOR if isinstance(first, (Opaque, Unknown)) else UNKNOWN
    if name in ("Variable", "Parameter") and arguments:
        return arguments[0]
    if name in ("cat", "concat", "stack") and arguments:
        dim = literal_int(arguments[1]) if len(arguments) > 1 else literal_int(keywords.get("dim", Int(0)))
        return _join_tensors(arguments[0], dim, name == "stack")
    if name in ("bmm", "matmul", "mm") and len(arguments) == 2:
        return _matmul(arguments[0], arguments[1])
    if name == "transpose" and len(arguments) == 3 and isinstance(arguments[0], Tensor):
        return tensor_method(run, arguments[0], "transpose", arguments[1:], {})
    if name in ("split", "chunk", "unbind") and arguments and isinstance(arguments[0], Tensor):
        return tensor_method(run, arguments[0], name, arguments[1:], keywords)
    if name in ("squeeze", "unsqueeze", "flatten", "reshape", "permute") and arguments and isinstance(arguments[0], Tensor):
        return tensor_method(run, arguments[0], name, arguments[1:], keywords)
    if name == "pack_padded_sequence":
        return modules.pack(arguments, keywords)
    if name == "pad_packed_sequence":
        return modules.unpack_padded(arguments, keywords)
    return UNKNOWN


def _join_tensors(sequence: Value, dim: int | None, stack: bool) -> Value:
    """``torch.cat``/``torch.stack``: the joined dimension adds up; the others are the first's."""
    if dim is None or not isinstance(sequence, Tup) or not sequence.items:
        return UNKNOWN
    tensors = _same_rank(sequence.items)
    if tensors is None:
        return _join_tails(sequence.items, dim) if not stack else UNKNOWN
    first = tensors[0]
    assert isinstance(first, Tensor)
    rank = len(first.head)
    if any(isinstance(t, Tensor) and len(t.head) != rank for t in tensors):
        return UNKNOWN
    if stack:
        at = dim % (rank + 1) if -(rank + 1) <= dim <= rank else None
        if at is None:
            return UNKNOWN
        return exact((*first.head[:at], len(tensors), *first.head[at:]))
    if not -rank <= dim < rank:
        return UNKNOWN
    at = dim % rank
    total: Expr = 0
    for t in tensors:
        assert isinstance(t, Tensor)
        size = t.head[at]
        if not is_size(size):
            return exact(tuple(None if i == at else s for i, s in enumerate(first.head)))
        assert size is not None and not isinstance(size, str)
        total = total + size
    # The other dims must agree for torch to join them; where they are not known
    # alike, keep only what both say.
    shape = tuple(total if i == at else _common(tensors, i) for i in range(rank))
    return exact(shape)


def _join_tails(values: tuple[Value, ...], dim: int) -> Value:
    """``torch.cat((h_n[-2], h_n[-1]), dim=-1)`` of tensors whose rank is not known.

    torch joins only tensors of one rank, so their known last dims line up from the
    end: counted from the end, the joined one adds up and the others are kept.
    """
    if dim >= 0 or not all(isinstance(v, Tensor) and not v.exact for v in values):
        return UNKNOWN
    tensors = [v for v in values if isinstance(v, Tensor)]
    length = min(len(t.tail) for t in tensors)
    if length < -dim:
        return UNKNOWN
    tails = [t.tail[len(t.tail) - length :] for t in tensors]
    at = length + dim
    total: Expr = 0
    for tail in tails:
        size = tail[at]
        if not is_size(size):
            return UNKNOWN
        assert size is not None and not isinstance(size, str)
        total = total + size
    kept = [exact(tail) for tail in tails]
    tail = tuple(total if i == at else _common(tuple(kept), i) for i in range(length))
    return Tensor((), False, tail, min_rank=max(*(t.min_rank for t in tensors), length))


def _same_rank(values: tuple[Value, ...]) -> tuple[Tensor, ...] | None:
    """Tensors joined by ``cat`` share a rank (torch refuses otherwise): one exact one gives it to all."""
    if not all(isinstance(v, Tensor) for v in values):
        return None
    tensors = tuple(v for v in values if isinstance(v, Tensor))
    ranks = {len(t.head) for t in tensors if t.exact}
    if len(ranks) != 1:
        return None
    (rank,) = ranks
    fitted: list[Tensor] = []
    for t in tensors:
        if t.exact:
            fitted.append(t)
            continue
        middle = rank - len(t.head) - len(t.tail)
        if middle < 0 or t.min_rank > rank:
            return None
        fitted.append(exact((*t.head, *(None,) * middle, *t.tail), (*(None,) * (rank - len(t.tail)), *_tail_from(t))))
    return tuple(fitted)


def _tail_from(tensor: Tensor) -> tuple[str | None, ...]:
    return (*tensor.tail_from, *(None,) * (len(tensor.tail) - len(tensor.tail_from)))[: len(tensor.tail)]


def _common(tensors: tuple[Value, ...], position: int) -> Size:
    sizes = {t.head[position] for t in tensors if isinstance(t, Tensor)}
    known = [s for s in sizes if s is not None]
    return known[0] if len(known) == 1 else None


def _reveal(run: Run, arguments: list[Value], expression: CallExpr) -> Value:
    run.touched = True  # a note to show, in every world
    if not arguments:
        return UNKNOWN
    value = arguments[0]
    text = "unknown"
    if isinstance(value, Tensor):
        if value.exact:
            text = render_shape(value.head)
        elif value.head or value.tail:
            parts = [*map(str, value.head), "…", *map(str, value.tail)]
            text = "(" + ", ".join("?" if p == "None" else p for p in parts) + ")"
    if isinstance(value, Packed) and value.data.exact:
        text = f"a PackedSequence of data {render_shape(value.data.head)}, batch {render_shape((value.batch,))[1:-2]}"
    run.report(Finding(expression.line, expression.column, (f"Revealed shape is {text}",), "reveal", "note"))
    return value


# --------------------------------------------------------------------------------------
# Return annotations


def check_return(run: Run, function: FuncDef, statement: ReturnStmt, value: Value) -> None:
    """A returned value's known shapes against the function's jaxtyping return annotation."""
    signature = function.type
    if not isinstance(signature, CallableType):
        return
    for where, shape, declared in _shape_pairs(value, signature.ret_type, ""):
        position = shapes.disagreement(shape, declared, run.lower)
        if position is None:
            continue
        message, detail = _return_problem(function.name, where, shape, declared, position)
        run.report(Finding(statement.line, statement.column, (message, detail), f"return{where}"))


def _shape_pairs(value: Value, declared: Type, where: str) -> list[tuple[str, tuple[Size, ...], shapes.JaxtypingShape]]:
    proper = get_proper_type(declared)
    if isinstance(value, Tup) and isinstance(proper, TupleType):
        pairs = []
        if len(value.items) == len(proper.items):
            for i, (item, item_type) in enumerate(zip(value.items, proper.items)):
                pairs += _shape_pairs(item, item_type, f"{where}[{i}]")
        return pairs
    if isinstance(value, Tensor) and value.exact and isinstance(proper, MypyInstance):
        want = declared_shape(proper)
        if want is not None:
            return [(where, value.head, want)]
    return []


def _return_problem(
    function: str, where: str, shape: tuple[Size, ...], declared: shapes.JaxtypingShape, position: int | str
) -> tuple[str, str]:
    expected = _render_declared(declared)
    message = f"{function}: return{where} expected {expected}, got {render_shape(shape)}"
    if position == "rank":
        return message, f"the return annotation has {_declared_rank(declared)} dimensions; the value has {len(shape)}."
    assert isinstance(position, int)
    return message, f"dimension {position} is {shape[position]}, where the return annotation says {_declared_at(declared, shape, position)}."


# --------------------------------------------------------------------------------------
# Annotated parameters


def check_arguments(run: Run, function: FuncDef, values: dict[str, Value], site: tuple[int, int] | None) -> bool:
    """The caller's tensors against the callee's jaxtyping parameters; False when one breaks its annotation.

    A dimension name is bound per call, as jaxtyping binds it: the first tensor
    annotated with ``batch`` fixes it, and a later one whose size there provably
    differs breaks the annotation.
    """
    signature = function.type
    if site is None or not isinstance(signature, CallableType):
        return True
    bound: dict[str, tuple[Size, str]] = {}
    for argument, typ in zip(function.arguments, signature.arg_types):
        name = argument.variable.name
        value = values.get(name)
        declared = declared_shape(typ) if isinstance(value, Tensor) and value.exact else None
        if declared is None or not isinstance(value, Tensor):
            continue
        shape = value.head
        detail = _parameter_problem(run, name, shape, declared, bound)
        if detail is None:
            continue
        message = f"{function.name}: {name} expected {_render_declared(declared)}, got {render_shape(shape)}"
        run.report(Finding(site[0], site[1], (message, *detail), f"parameter {name}"))
        return False
    return True


def _parameter_problem(
    run: Run, name: str, shape: tuple[Size, ...], declared: shapes.JaxtypingShape, bound: dict[str, tuple[Size, str]]
) -> tuple[str, ...] | None:
    position = shapes.disagreement(shape, declared, run.lower)
    if position == "rank":
        return (f"the annotation of {name} has {_declared_rank(declared)} dimensions; the tensor passed has {len(shape)}.",)
    if isinstance(position, int):
        want = _declared_at(declared, shape, position)
        return (f"dimension {position} is {shape[position]}, where the annotation of {name} says {want}.",)
    offset = len(shape) - len(declared.suffix)
    named = [*zip(range(len(declared.prefix)), declared.prefix), *zip(range(offset, len(shape)), declared.suffix)]
    for index, want in named:
        size = shape[index]
        if not isinstance(want, str) or size is None or isinstance(size, str):
            continue
        if want not in bound:
            bound[want] = (size, name)
            continue
        first, source = bound[want]
        if first is not None and not isinstance(first, str) and compare(size, first, run.lower) == "differ":
            return (
                f"dimension {index} is {size}, but {want} is {first} from {source} in this call.",
                f"hint: jaxtyping binds {want} once per call; every tensor annotated with {want} must have the same "
                f"size there. Check which of {source} and {name} has the wrong {want}.",
            )
    return None


def _render_declared(declared: shapes.JaxtypingShape) -> str:
    parts = [str(s) if s is not None else "_" for s in declared.prefix]
    if declared.variadic:
        parts.append("...")
        parts.extend(str(s) if s is not None else "_" for s in declared.suffix)
    return "(" + ", ".join(parts) + ")"


def _declared_rank(declared: shapes.JaxtypingShape) -> int:
    return len(declared.prefix) + len(declared.suffix) + (1 if declared.variadic else 0)


def _declared_at(declared: shapes.JaxtypingShape, shape: tuple[Size, ...], position: int) -> Size:
    if position < len(declared.prefix):
        return declared.prefix[position]
    return declared.suffix[position - (len(shape) - len(declared.suffix))]
