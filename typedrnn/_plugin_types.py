"""How the mypy plugin carries shapes and configurations on mypy's own types.

A known shape rides on the ``torch.Tensor`` instance type as an extra attribute
holding one literal string (``"10 3 batch ?"``); a module's configuration rides on
the module's instance type the same way (``"LSTM 50 100 2 1 1 0 0"``). mypy keeps
extra attributes through assignment, attributes and globals, writes them to its
cache, erases them where two branches disagree, and ignores them in subtype
checks, so a plain ``Tensor`` stays compatible everywhere and the plugin only adds
errors where it knows better.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from mypy.types import (
    ExtraAttrs,
    Instance,
    LiteralType,
    NoneType,
    ProperType,
    TupleType,
    Type,
    get_proper_type,
)

from typedrnn._contracts import (
    KINDS,
    Arg,
    ModuleConfig,
    PackedArg,
    Size,
    TensorArg,
    TupleArg,
)
from typedrnn._plugin_shapes import JaxtypingShape, Shape

TENSOR: Final = "torch._tensor.Tensor"
PACKED_SEQUENCE: Final = "torch.nn.utils.rnn.PackedSequence"

SHAPE_ATTRIBUTE: Final = "__typedrnn_shape__"
CONFIG_ATTRIBUTE: Final = "__typedrnn_config__"
PACKED_BATCH_ATTRIBUTE: Final = "__typedrnn_packed_batch__"

_OURS: Final = frozenset({SHAPE_ATTRIBUTE, CONFIG_ATTRIBUTE, PACKED_BATCH_ATTRIBUTE})

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


def is_packed_sequence(typ: ProperType) -> bool:
    return isinstance(typ, TupleType) and typ.partial_fallback.type.has_base(PACKED_SEQUENCE)


# --------------------------------------------------------------------------------------
# Shapes


def with_shape(instance: Instance, shape: Shape, str_type: StrType) -> Instance:
    """The tensor type ``instance`` with a known shape."""
    return _with_attribute(instance, SHAPE_ATTRIBUTE, " ".join(map(_encode_size, shape)), str_type)


def with_declared_shape(instance: Instance, declared: JaxtypingShape, str_type: StrType) -> Instance:
    """The tensor type of a jaxtyping annotation, variadic dimension included."""
    tokens = [_encode_size(size) for size in declared.prefix]
    if declared.variadic:
        tokens.append(_VARIADIC)
        tokens.extend(_encode_size(size) for size in declared.suffix)
    return _with_attribute(instance, SHAPE_ATTRIBUTE, " ".join(tokens), str_type)


def knowledge(typ: Type) -> tuple[str | None, ...]:
    """Everything the plugin attached to a type, item by item for tuples; for comparisons."""
    proper = get_proper_type(typ)
    if isinstance(proper, TupleType):
        return tuple(text for item in proper.items for text in knowledge(item))
    return (_attribute(proper, SHAPE_ATTRIBUTE), _attribute(proper, CONFIG_ATTRIBUTE))


def forgotten(typ: Type) -> Type:
    """The same type with everything the plugin attached to it removed."""
    proper = get_proper_type(typ)
    if isinstance(proper, TupleType):
        return proper.copy_modified(items=[forgotten(item) for item in proper.items])
    if not isinstance(proper, Instance) or not proper.extra_attrs:
        return typ
    attrs = {k: v for k, v in proper.extra_attrs.attrs.items() if k not in _OURS}
    plain = proper.copy_modified()
    plain.extra_attrs = ExtraAttrs(attrs, proper.extra_attrs.immutable & set(attrs)) if attrs else None
    return plain


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


def shape_of(typ: Type) -> Shape | None:
    """The known shape of a tensor type; None when its rank is not known."""
    declared = declared_shape(typ)
    return declared.exact if declared is not None else None


# --------------------------------------------------------------------------------------
# Module configurations


def with_config(instance: Instance, config: ModuleConfig, str_type: StrType) -> Instance:
    """The module type ``instance`` with the configuration it was built with."""
    fields = (
        config.kind,
        config.input_size,
        config.hidden_size,
        config.num_layers,
        int(config.bias),
        int(config.batch_first),
        int(config.bidirectional),
        config.proj_size,
    )
    return _with_attribute(instance, CONFIG_ATTRIBUTE, " ".join(map(str, fields)), str_type)


def config_of(typ: Type) -> ModuleConfig | None:
    """The configuration a module type carries, if its constructor call was known."""
    text = _attribute(typ, CONFIG_ATTRIBUTE)
    if text is None:
        return None
    kind, *numbers = text.split()
    if kind not in KINDS or len(numbers) != 7 or not all(n.isdigit() for n in numbers):
        return None
    input_size, hidden_size, num_layers, bias, batch_first, bidirectional, proj_size = map(int, numbers)
    return ModuleConfig(
        kind,
        input_size,
        hidden_size,
        num_layers=num_layers,
        bias=bool(bias),
        batch_first=bool(batch_first),
        bidirectional=bool(bidirectional),
        proj_size=proj_size,
    )


# --------------------------------------------------------------------------------------
# PackedSequence


def packed_with(packed: TupleType, data: Shape, batch: Size, str_type: StrType) -> TupleType:
    """The PackedSequence type whose ``data`` has ``data``'s shape and whose batch is ``batch``."""
    items = list(packed.items)
    data_type, sizes_type = get_proper_type(items[0]), get_proper_type(items[1])
    if not isinstance(data_type, Instance) or not isinstance(sizes_type, Instance):
        return packed
    items[0] = with_shape(data_type, data, str_type)
    items[1] = _with_attribute(sizes_type, PACKED_BATCH_ATTRIBUTE, _encode_size(batch), str_type)
    return packed.copy_modified(items=items)


def _packed_batch(packed: TupleType) -> Size:
    text = _attribute(packed.items[1], PACKED_BATCH_ATTRIBUTE) if len(packed.items) > 1 else None
    return None if text is None else _decode_size(text)


# --------------------------------------------------------------------------------------
# mypy types -> the contract's description of an argument


class Unknown(Exception):
    """Raised when an argument's type says too little to check anything."""


def describe(typ: Type) -> Arg:
    """What a call receives, in the contract's torch-free words; raises Unknown."""
    proper = get_proper_type(typ)
    if isinstance(proper, NoneType):
        return None
    if is_tensor(proper):
        return TensorArg(_positions_only(shape_of(proper)))
    if isinstance(proper, TupleType):
        if is_packed_sequence(proper):
            return PackedArg(TensorArg(shape_of(proper.items[0])), _packed_batch(proper))
        return TupleArg(tuple(_describe_item(item) for item in proper.items))
    raise Unknown


def _positions_only(shape: Shape | None) -> Shape | None:
    """The shape with width names (``hidden``, ``input``, ...) read as unknown sizes.

    Names of positions (``seq``, ``batch``, ``layers_dirs``) say where a dimension
    belongs, and one in the wrong place is a bug. A width name says only how big a
    dimension is: an encoder's ``hidden`` output is rightly a decoder's ``input``.
    """
    if shape is None:
        return None
    return tuple(None if size in _WIDTH_NAMES else size for size in shape)


def _describe_item(typ: Type) -> Arg:
    try:
        return describe(typ)
    except Unknown:
        return TensorArg(None)
