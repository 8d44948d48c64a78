"""The mypy hooks the checker keeps: jaxtyping annotations read as shapes.

Everything else happens in the interpreter, after mypy has analysed a module;
an annotation, though, is analysed by mypy itself, and only a type-analysis hook
can attach the shape it declares to the tensor type, where the interpreter (and
mypy's cache) find it again.
"""

from __future__ import annotations

import re
from typing import Final

from mypy.errorcodes import VALID_TYPE, ErrorCode
from mypy.plugin import AnalyzeTypeContext
from mypy.typeanal import TypeAnalyser
from mypy.types import (
    AnyType,
    Instance,
    RawExpressionType,
    Type,
    TypeOfAny,
    UnboundType,
    get_proper_type,
)

from typedrnn._checker.shapes import JaxtypingShape, parse_jaxtyping
from typedrnn._checker.types import is_tensor, with_declared_shape

SHAPE: Final = ErrorCode("shape", "Tensor shapes that break a module's shape contract", "typedrnn")

ANNOTATED: Final = frozenset({"typing.Annotated", "typing_extensions.Annotated"})

# jaxtyping's array types (Float, Shaped, Int32, ...), which type checkers see as Annotated.
_JAXTYPING_NAME: Final = re.compile(
    r"(Shaped|Float\d*|BFloat16|Float8\w*|Int\d*|UInt\d*|Bool|Complex\d*|Num|Real|Inexact|Integer|Key)"
)


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
