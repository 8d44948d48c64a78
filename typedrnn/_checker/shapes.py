"""Shape arithmetic for the mypy plugin, in plain Python.

The plugin follows a tensor's shape through the operations people write between
modules: jaxtyping annotations, indexing, ``transpose``, ``view`` and friends. Each
function here maps a known shape to the shape that comes out, and answers ``None``
(unknown) whenever the answer is not certain: the plugin would rather say nothing
than guess.

>>> parse_jaxtyping("batch seq 50")
JaxtypingShape(prefix=('batch', 'seq', 50), variadic=False, suffix=())
>>> index_shape((10, 3, 50), (INDEX_FULL_SLICE, -1))
(10, 50)
>>> transpose_shape((10, 3, 50), 0, 1)
(3, 10, 50)
"""

from __future__ import annotations

import keyword
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Union

from typedrnn._contracts import Size
from typedrnn._contracts.sizes import Expr, compare, divide, is_size

Shape = tuple[Size, ...]


# --------------------------------------------------------------------------------------
# jaxtyping shape strings


@dataclass(frozen=True)
class JaxtypingShape:
    """A parsed jaxtyping shape string: the dimensions before and after a variadic one.

    Without a variadic (``*batch`` or ``...``) the whole shape is ``prefix``. A
    dimension that jaxtyping does not check (``_``, ``_name``, ``#name``, an
    expression) reads ``None``.
    """

    prefix: Shape
    variadic: bool = False
    suffix: Shape = ()

    @property
    def exact(self) -> Shape | None:
        """The shape of every tensor that matches, or None when its rank varies."""
        return None if self.variadic else self.prefix


def parse_jaxtyping(text: str) -> JaxtypingShape | None:
    """Read a jaxtyping dimension string; None when it is not one we can read."""
    parts: list[Size] = []
    variadic_at: int | None = None
    for token in text.split():
        if token == "..." or token.startswith("*"):
            if variadic_at is not None:
                return None
            variadic_at = len(parts)
            continue
        parts.append(_dimension(token))
    if variadic_at is None:
        return JaxtypingShape(tuple(parts))
    return JaxtypingShape(tuple(parts[:variadic_at]), True, tuple(parts[variadic_at:]))


def _dimension(token: str) -> Size:
    if token.isdigit():
        return int(token)
    if token.startswith("_") or not token.isidentifier() or keyword.iskeyword(token):
        # `_`, `_name` (unchecked), `#name` (broadcastable), `name=...`, `dim+1`.
        return None
    return token


def disagreement(
    actual: Shape, declared: JaxtypingShape, lower: Mapping[str, int] | None = None
) -> int | str | None:
    """Where a known shape breaks a declared one: a dimension's index, ``"rank"``, or None.

    Two known sizes that differ break it, and so do two different names, since
    a name is a promise about the dimension. A name against a size does not:
    the name may well stand for that size.
    """
    fixed = len(declared.prefix) + len(declared.suffix)
    if len(actual) != fixed and not (declared.variadic and len(actual) >= fixed):
        return "rank"
    pairs = list(enumerate(zip(actual, declared.prefix)))
    offset = len(actual) - len(declared.suffix)
    pairs += [(offset + i, pair) for i, pair in enumerate(zip(actual[offset:], declared.suffix))]
    for position, (size, want) in pairs:
        if size is None or want is None:
            continue
        if isinstance(size, str) or isinstance(want, str):
            if isinstance(size, str) and isinstance(want, str) and size != want:
                return position
            continue
        if compare(size, want, lower or {}) == "differ":
            return position
    return None


# --------------------------------------------------------------------------------------
# Indexing


class _IndexItem:
    """One component of a subscript that is not a plain integer."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


INDEX_FULL_SLICE: Final = _IndexItem("INDEX_FULL_SLICE")
INDEX_NEW_AXIS: Final = _IndexItem("INDEX_NEW_AXIS")
INDEX_ELLIPSIS: Final = _IndexItem("INDEX_ELLIPSIS")
# An integer whose value is not known statically, such as ``t`` in ``x[t]``.
INDEX_INTEGER: Final = _IndexItem("INDEX_INTEGER")


@dataclass(frozen=True)
class SliceItem:
    """``start:stop:step`` with each part a literal int or None (omitted)."""

    start: int | None
    stop: int | None
    step: int | None


IndexItem = Union[int, SliceItem, _IndexItem]

# A slice with a bound whose value is not known statically, such as ``x[:n]``.
INDEX_UNKNOWN_SLICE: Final = _IndexItem("INDEX_UNKNOWN_SLICE")


def index_shape(shape: Shape, items: tuple[IndexItem, ...]) -> Shape | None:
    """The shape of ``x[items]`` for basic indexing; None when it is not certain."""
    if sum(1 for item in items if item is INDEX_ELLIPSIS) > 1:
        return None
    consumed = sum(1 for item in items if item is not INDEX_NEW_AXIS and item is not INDEX_ELLIPSIS)
    if consumed > len(shape):
        return None
    if INDEX_ELLIPSIS in items:
        at = items.index(INDEX_ELLIPSIS)
        filler = (INDEX_FULL_SLICE,) * (len(shape) - consumed)
        items = (*items[:at], *filler, *items[at + 1 :])
    result: list[Size] = []
    position = 0
    for item in items:
        if item is INDEX_NEW_AXIS:
            result.append(1)
            continue
        size = shape[position]
        position += 1
        if isinstance(item, int):
            if isinstance(size, int) and not -size <= item < size:
                return None
            continue
        if item is INDEX_INTEGER:
            continue
        if item is INDEX_FULL_SLICE:
            result.append(size)
        elif isinstance(item, SliceItem):
            result.append(_sliced_size(size, item))
        elif item is INDEX_UNKNOWN_SLICE:
            result.append(None)
    result.extend(shape[position:])
    return tuple(result)


def _sliced_size(size: Size, item: SliceItem) -> Size:
    if item.step is not None and item.step <= 0:
        return None
    if isinstance(size, int):
        return len(range(*slice(item.start, item.stop, item.step).indices(size)))
    if item.start is None and item.stop is None and item.step in (None, 1):
        return size
    return None


# --------------------------------------------------------------------------------------
# Reshaping methods


def _axis(dim: int, rank: int) -> int | None:
    """A possibly negative dimension index as a position, or None when out of range."""
    if -rank <= dim < rank:
        return dim % rank
    return None


def transpose_shape(shape: Shape, first: int, second: int) -> Shape | None:
    """``x.transpose(first, second)``."""
    a, b = _axis(first, len(shape)), _axis(second, len(shape))
    if a is None or b is None:
        return None
    swapped = list(shape)
    swapped[a], swapped[b] = shape[b], shape[a]
    return tuple(swapped)


def permute_shape(shape: Shape, dims: tuple[int, ...]) -> Shape | None:
    """``x.permute(*dims)``."""
    axes = [_axis(dim, len(shape)) for dim in dims]
    if len(axes) != len(shape) or None in axes or len(set(axes)) != len(axes):
        return None
    return tuple(shape[axis] for axis in axes if axis is not None)


def unsqueeze_shape(shape: Shape, dim: int) -> Shape | None:
    """``x.unsqueeze(dim)``."""
    at = _axis(dim, len(shape) + 1)
    if at is None:
        return None
    return (*shape[:at], 1, *shape[at:])


def squeeze_shape(shape: Shape, dim: int | None) -> Shape | None:
    """``x.squeeze()`` or ``x.squeeze(dim)``: only when every size involved is known."""
    if dim is None:
        if any(not isinstance(size, int) for size in shape):
            return None
        return tuple(size for size in shape if size != 1)
    at = _axis(dim, len(shape)) if shape else None
    if at is None:
        return None
    size = shape[at]
    if size == 1:
        return (*shape[:at], *shape[at + 1 :])
    return shape if isinstance(size, int) else None


def reshape_shape(shape: Shape | None, sizes: tuple[Size, ...]) -> Shape | None:
    """``x.view(*sizes)`` / ``x.reshape(*sizes)``: the sizes asked for, -1 solved when it can be."""
    if sizes.count(-1) > 1:
        return None
    if -1 not in sizes:
        return sizes
    known = tuple(size for size in sizes if size != -1)
    total = _product(shape) if shape is not None else None
    rest = _product(known)
    solved = divide(total, rest) if total is not None and rest is not None else None
    return tuple(solved if size == -1 else size for size in sizes)


def flatten_shape(shape: Shape, start: int, end: int) -> Shape | None:
    """``x.flatten(start, end)``."""
    if not shape:
        return (1,)
    a, b = _axis(start, len(shape)), _axis(end, len(shape))
    if a is None or b is None or a > b:
        return None
    merged = _product(shape[a : b + 1])
    return (*shape[:a], merged, *shape[b + 1 :])


def _product(shape: Shape) -> Expr | None:
    total: Expr = 1
    for size in shape:
        if not is_size(size):
            return None
        assert not isinstance(size, str) and size is not None
        total = total * size
    return total
