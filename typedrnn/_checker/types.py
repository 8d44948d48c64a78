"""How a jaxtyping annotation's shape rides on mypy's own tensor type.

The declared shape rides on the ``torch.Tensor`` instance type as an extra
attribute holding one literal string (``"batch seq 50"``, ``"* in_features"``).
mypy keeps extra attributes in signatures and writes them to its cache, and
ignores them in subtype checks, so a plain ``Tensor`` stays compatible everywhere;
the interpreter reads them back as the shapes of parameters and return values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from mypy.types import (
    Instance,
    LiteralType,
    ProperType,
    Type,
    get_proper_type,
)

from typedrnn._checker.shapes import JaxtypingShape, Shape
from typedrnn._contracts import Size

TENSOR: Final = "torch._tensor.Tensor"

SHAPE_ATTRIBUTE: Final = "__typedrnn_shape__"

_WIDTH_NAMES: Final = frozenset({"input", "hidden", "proj", "dirs_out", "in_features", "out_features"})

_UNKNOWN: Final = "?"
_VARIADIC: Final = "*"

# Makes the ``builtins.str`` instance that literal strings fall back to.
StrType = Callable[[], Instance]


# --------------------------------------------------------------------------------------
# Reading and writing extra attributes


def _attribute(typ: Type, name: str) -> str | None:
    proper = get_proper_type(typ)
    if not isinstance(proper, Instance) or proper.extra_attrs is None:
        return None
    value = proper.extra_attrs.attrs.get(name)
    if isinstance(value, LiteralType) and isinstance(value.value, str):
        return value.value
    return None


def _with_attribute(instance: Instance, name: str, text: str, str_type: StrType) -> Instance:
    return instance.copy_with_extra_attr(name, LiteralType(text, str_type()))


def _encode_size(size: Size) -> str:
    return _UNKNOWN if size is None else str(size)


def _decode_size(token: str) -> Size:
    if token == _UNKNOWN:
        return None
    return int(token) if token.lstrip("-").isdigit() else token


def is_tensor(typ: ProperType) -> bool:
    return isinstance(typ, Instance) and typ.type.has_base(TENSOR)


def with_declared_shape(instance: Instance, declared: JaxtypingShape, str_type: StrType) -> Instance:
    """The tensor type of a jaxtyping annotation, variadic dimension included."""
    tokens = [_encode_size(size) for size in declared.prefix]
    if declared.variadic:
        tokens.append(_VARIADIC)
        tokens.extend(_encode_size(size) for size in declared.suffix)
    return _with_attribute(instance, SHAPE_ATTRIBUTE, " ".join(tokens), str_type)


def declared_shape(typ: Type) -> JaxtypingShape | None:
    """The shape a tensor type carries, as its annotation wrote it."""
    text = _attribute(typ, SHAPE_ATTRIBUTE)
    if text is None:
        return None
    tokens = text.split()
    if _VARIADIC in tokens:
        at = tokens.index(_VARIADIC)
        return JaxtypingShape(
            tuple(map(_decode_size, tokens[:at])), True, tuple(map(_decode_size, tokens[at + 1 :]))
        )
    return JaxtypingShape(tuple(map(_decode_size, tokens)))


def declared_positions(typ: Type) -> JaxtypingShape | None:
    """A declared shape with width names (``hidden``, ``input``, ...) read as unknown sizes.

    Names of positions (``seq``, ``batch``, ``layers_dirs``) say where a dimension
    belongs, and one in the wrong place is a bug. A width name says only how big a
    dimension is: an encoder's ``hidden`` output is rightly a decoder's ``input``.
    """
    declared = declared_shape(typ)
    if declared is None:
        return None

    def positions(sizes: Shape) -> Shape:
        return tuple(None if size in _WIDTH_NAMES else size for size in sizes)

    return JaxtypingShape(positions(declared.prefix), declared.variadic, positions(declared.suffix))
