"""User classes built on user classes: which base a call reaches, and who else assigns.

``super().__init__(hidden_size)`` (or ``super(Decoder, self).__init__(...)``, or
``Base.__init__(self, ...)``) runs a base class's ``__init__`` on the instance being
built, and what it assigns to ``self`` is the instance's as much as what the class's
own ``__init__`` assigns. Every class whose code runs on an instance can also
reassign what ``__init__`` gave it: its bases' methods, and the methods of its
subclasses (whose instances the class's own methods run on too).
"""

from __future__ import annotations

from collections.abc import Iterator

from mypy.nodes import (
    CallExpr,
    Expression,
    FuncDef,
    MemberExpr,
    MypyFile,
    NameExpr,
    RefExpr,
    SuperExpr,
    SymbolTable,
    TypeInfo,
)


def after_super(callee: SuperExpr, instance_class: TypeInfo, owner: TypeInfo) -> list[TypeInfo]:
    """The classes ``super()`` looks in, in order: those after the class it names (the
    class whose method it is written in, by default) in the instance's method order."""
    named = _named_class(callee.call)
    start = named if named is not None else owner
    names = [info.fullname for info in instance_class.mro]
    if start.fullname not in names:
        return start.mro[1:]
    return instance_class.mro[names.index(start.fullname) + 1 :]


def _named_class(call: CallExpr) -> TypeInfo | None:
    """``X`` of ``super(X, self)``."""
    first = call.args[0] if call.args else None
    return first.node if isinstance(first, RefExpr) and isinstance(first.node, TypeInfo) else None


def explicit_base(
    callee: MemberExpr, arguments: list[Expression], function: FuncDef | None, owner: TypeInfo | None
) -> TypeInfo | None:
    """``Base`` of ``Base.__init__(self, ...)``, in a method of a class built on ``Base`` whose
    first parameter is that ``self``."""
    if function is None or owner is None or not function.arguments or not arguments:
        return None
    first = arguments[0]
    if not isinstance(first, NameExpr) or first.name != function.arguments[0].variable.name:
        return None
    base = callee.expr.node if isinstance(callee.expr, RefExpr) else None
    if not isinstance(base, TypeInfo) or all(info.fullname != base.fullname for info in owner.mro):
        return None
    return base


def self_parameter(function: FuncDef | None) -> str | None:
    """The name a method's instance goes by (``self``); None outside a method."""
    return function.arguments[0].variable.name if function is not None and function.arguments else None


def runs_on_instance(method: FuncDef) -> bool:
    """Whether a method is given the instance as its first parameter."""
    return bool(method.arguments) and not method.is_static and not method.is_class


def defining_class(classes: list[TypeInfo], name: str) -> TypeInfo | None:
    """The first of ``classes`` that defines ``name`` itself."""
    return next((info for info in classes if name in info.names), None)


def subclasses(info: TypeInfo, modules: list[MypyFile]) -> Iterator[TypeInfo]:
    """The classes defined in ``modules`` (nested ones too) that are built on ``info``.

    Subclasses elsewhere are out of reach: a module that imports the class is checked
    after it, and what is reported of the class cannot wait for it.
    """
    for module in modules:
        for candidate in _classes_in(module.fullname, module.names):
            if any(base.fullname == info.fullname for base in candidate.mro[1:]):
                yield candidate


def _classes_in(scope: str, names: SymbolTable) -> Iterator[TypeInfo]:
    """The classes defined in a module or class (not those it imports or aliases)."""
    for symbol in names.values():
        node = symbol.node
        if isinstance(node, TypeInfo) and node.fullname == f"{scope}.{node.name}":
            yield node
            yield from _classes_in(node.fullname, node.names)
