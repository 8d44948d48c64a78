"""The code of user modules that mypy read from its cache.

mypy's cache keeps a module's symbol tables and types, not its code: a module
loaded from the cache is a *skeleton*, whose functions have no bodies. A call
into one (``model(x)`` in ``train.py`` after only ``train.py`` changed) would
then be unknown, and a warm run would say less than a fresh one.

mypy loads a module from the cache only when its source is unchanged (the plugin
also makes the source part of the module's interface, see
``mypy_plugin.report_config_data``), so the file on disk is the code behind the
cached types. Such a module is parsed again and its names are bound as mypy's
semantic analysis binds them, to the cached symbol tables: locals by scope,
globals and imports through the module's table, module attributes
(``nn.LSTM``) through the imported module's. Each function keeps the signature
mypy analysed (jaxtyping shapes included), so the interpreter walks the same
code with the same names as in the run that wrote the cache, and reports the
same findings.

Names the binder cannot resolve stay unresolved, which the interpreter reads as
unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mypy.errors import Errors
from mypy.fastparse import parse
from mypy.nodes import (
    GDEF,
    LDEF,
    AssignmentExpr,
    AssignmentStmt,
    ClassDef,
    Decorator,
    DictionaryComprehension,
    Expression,
    ForStmt,
    FuncDef,
    FuncItem,
    GeneratorExpr,
    GlobalDecl,
    Import,
    ImportFrom,
    LambdaExpr,
    ListExpr,
    MemberExpr,
    MypyFile,
    NameExpr,
    Node,
    OperatorAssignmentStmt,
    OverloadedFuncDef,
    RefExpr,
    StarExpr,
    Statement,
    SymbolTable,
    TryStmt,
    TupleExpr,
    TypeInfo,
    Var,
    WithStmt,
)
from mypy.options import Options
from mypy.types import Instance, get_proper_type


@dataclass
class Code:
    """A skeleton module's code: its functions and classes, by full name."""

    functions: dict[str, FuncDef] = field(default_factory=dict)
    classes: dict[str, ClassDef] = field(default_factory=dict)


class Sources:
    """Rebuilds skeleton modules' code on demand, once per skeleton."""

    def __init__(self, modules: dict[str, MypyFile]) -> None:
        self.modules = modules

    def code(self, module: MypyFile) -> Code | None:
        known = _REBUILT.get(module.fullname)
        if known is not None and known[0] is module:
            return known[1]
        code = _rebuild(module, self.modules)
        _REBUILT[module.fullname] = (module, code)
        return code

    def function(self, skeleton: FuncDef) -> FuncDef | None:
        """The function with its body, for a function of a skeleton module."""
        module = self.modules.get(module_of(skeleton.fullname, self.modules))
        code = self.code(module) if module is not None else None
        return code.functions.get(skeleton.fullname) if code is not None else None

    def class_body(self, info: TypeInfo) -> list[Statement]:
        module = self.modules.get(info.module_name)
        code = self.code(module) if module is not None else None
        defn = code.classes.get(info.fullname) if code is not None else None
        return defn.defs.body if defn is not None else []


# Rebuilt (or kept) code by module, with the module it is the code of: a daemon replaces
# a module's skeleton when the module changes, and the code is rebuilt then.
_REBUILT: dict[str, tuple[MypyFile, Code | None]] = {}


def keep(module: MypyFile) -> None:
    """Keep a checked user module's code past mypy freeing it.

    Once a module is checked, mypy empties every block of its tree (``free_tree``),
    and a module checked later that calls into it would need its source parsed and
    bound again (:func:`_rebuild`), which costs more than the walk. mypy frees what
    it reaches from ``module.defs``: handing it an empty list instead leaves the
    analysed tree whole, and this index of it is what later modules read. Only for
    runs that read nothing of the tree after this point (see ``mypy_plugin``)."""
    code = Code()
    _index(module.defs, code)
    if not all(function.body.body for function in code.functions.values()):
        # mypy parsed it without the bodies it needs no errors of: the source has them.
        return
    _REBUILT[module.fullname] = (module, code)
    module.defs = []


def _index(statements: list[Statement], code: Code) -> None:
    """An analysed tree's functions and classes, by full name."""
    for statement in statements:
        if isinstance(statement, ClassDef):
            code.classes[statement.fullname] = statement
            _index(statement.defs.body, code)
            continue
        function = statement.func if isinstance(statement, Decorator) else statement
        if isinstance(function, FuncDef):
            code.functions[function.fullname] = function


def is_user_code(module: MypyFile) -> bool:
    """The project's own code: not a stub, not installed with the environment (the standard
    library's stubs, torch, other packages), whose code the checker never reads."""
    return not installed(module.path)


def installed(path: str) -> bool:
    """Code installed with the environment is the libraries', not the user's (typeshed's too)."""
    if path.endswith(".pyi"):
        return True
    # Asked of every module mypy checks: most paths name none of these at all.
    if "site-packages" not in path and "dist-packages" not in path and "typeshed" not in path:
        return False
    parts = path.replace("\\", "/").split("/")
    return "site-packages" in parts or "dist-packages" in parts or "typeshed" in parts


def in_memory(module: MypyFile) -> bool:
    """Whether a module's code is still there: mypy frees it once the module is checked."""
    return not module.is_cache_skeleton and bool(module.defs)


def module_of(fullname: str, modules: dict[str, MypyFile]) -> str:
    """``pkg.model.SeqModel.forward`` -> ``pkg.model``: the longest prefix that is a module."""
    parts = fullname.split(".")
    for end in range(len(parts) - 1, 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return ""


def _rebuild(module: MypyFile, modules: dict[str, MypyFile]) -> Code | None:
    try:
        source = Path(module.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    options = Options()
    errors = Errors(options)
    tree = parse(source, fnam=module.path, module=module.fullname, errors=errors, options=options)
    if errors.is_errors():
        return None
    builtins = modules.get("builtins")
    binder = _Binder(module.names, builtins.names if builtins is not None else SymbolTable())
    binder.bind(tree)
    code = Code()
    _collect(tree.defs, module.fullname, module.names, code)
    return code


def _collect(statements: list[Statement], prefix: str, names: SymbolTable, code: Code) -> None:
    """Give each function and class its full name and what mypy knows of it."""
    for statement in statements:
        if isinstance(statement, ClassDef):
            symbol = names.get(statement.name)
            info = symbol.node if symbol is not None else None
            if not isinstance(info, TypeInfo):
                continue
            statement.info = info
            statement.fullname = info.fullname
            code.classes[info.fullname] = statement
            _collect(statement.defs.body, info.fullname, info.names, code)
            continue
        function = statement.func if isinstance(statement, Decorator) else statement
        if isinstance(function, OverloadedFuncDef) or not isinstance(function, FuncDef):
            continue
        symbol = names.get(function.name)
        cached = symbol.node if symbol is not None else None
        cached = cached.func if isinstance(cached, Decorator) else cached
        if not isinstance(cached, FuncDef) or cached.arg_names != function.arg_names:
            continue
        function._fullname = cached.fullname
        function.type = cached.type
        function.info = cached.info
        function.is_static = cached.is_static
        function.is_class = cached.is_class
        function.is_property = cached.is_property
        code.functions[cached.fullname] = function


class _Binder:
    """Binds names in parsed code as semantic analysis would, to cached symbol tables."""

    def __init__(self, globals_: SymbolTable, builtins: SymbolTable) -> None:
        self.globals = globals_
        self.builtins = builtins
        self.scopes: list[frozenset[str]] = []

    def bind(self, node: Node) -> None:
        if isinstance(node, FuncItem):
            for argument in node.arguments:
                if argument.initializer is not None:
                    self.bind(argument.initializer)
            self.scopes.append(_locals(node))
            try:
                self.bind(node.body)
            finally:
                self.scopes.pop()
        elif isinstance(node, NameExpr):
            self.name(node)
        elif isinstance(node, MemberExpr):
            self.bind(node.expr)
            self.member(node)
        else:
            # A class body's own names are not visible in its methods; they are rare in
            # what the interpreter reads (dataclass defaults), so they resolve as globals.
            for child in _children(node):
                self.bind(child)

    def name(self, o: NameExpr) -> None:
        name = o.name
        if name in ("True", "False", "None"):
            o.kind, o.fullname = GDEF, f"builtins.{name}"
            return
        if any(name in scope for scope in self.scopes):
            o.kind, o.fullname = LDEF, name
            return
        symbol = self.globals.get(name) or self.builtins.get(name)
        if symbol is None:
            return
        o.kind, o.node = GDEF, symbol.node
        o.fullname = symbol.node.fullname if symbol.node is not None else name

    def member(self, o: MemberExpr) -> None:
        base = o.expr
        if not isinstance(base, RefExpr) or base.kind != GDEF or not isinstance(base.node, MypyFile):
            return
        symbol = base.node.names.get(o.name)
        if symbol is None or symbol.node is None:
            return
        o.kind, o.node, o.fullname = GDEF, symbol.node, symbol.node.fullname


def _locals(function: FuncItem) -> frozenset[str]:
    """A function's local names: its parameters and what its body binds, less its globals."""
    names = {argument.variable.name for argument in function.arguments}
    declared: set[str] = set()
    _bound(function.body, names, declared)
    return frozenset(names - declared)


def _bound(node: Node, names: set[str], declared: set[str]) -> None:
    """Collect the names code binds (not those bound inside functions it defines)."""
    targets: list[Expression | None] = []
    if isinstance(node, AssignmentStmt):
        targets += node.lvalues
    elif isinstance(node, (OperatorAssignmentStmt, AssignmentExpr)):
        targets.append(node.lvalue if isinstance(node, OperatorAssignmentStmt) else node.target)
    elif isinstance(node, ForStmt):
        targets.append(node.index)
    elif isinstance(node, WithStmt):
        targets += node.target
    elif isinstance(node, TryStmt):
        targets += node.vars
    elif isinstance(node, (GeneratorExpr, DictionaryComprehension)):
        targets += node.indices
    elif isinstance(node, Import):
        names.update(alias or name.split(".")[0] for name, alias in node.ids)
    elif isinstance(node, ImportFrom):
        names.update(alias or name for name, alias in node.names)
    elif isinstance(node, GlobalDecl):
        declared.update(node.names)
    elif isinstance(node, (FuncDef, ClassDef)):
        names.add(node.name)
        return
    elif isinstance(node, Decorator):
        names.add(node.func.name)
        return
    elif isinstance(node, LambdaExpr):
        return
    for target in targets:
        if target is not None:
            _bind_target(target, names)
    for child in _children(node):
        _bound(child, names, declared)


def _bind_target(target: Expression, names: set[str]) -> None:
    if isinstance(target, NameExpr):
        names.add(target.name)
    elif isinstance(target, (TupleExpr, ListExpr)):
        for item in target.items:
            _bind_target(item, names)
    elif isinstance(target, StarExpr):
        _bind_target(target.expr, names)


# The attributes that hold a node's children, by node class (functions are handled
# where they are met: their parameters' defaults belong to the enclosing scope).
_CHILDREN: dict[str, tuple[str, ...]] = {
    "MypyFile": ("defs",),
    "Block": ("body",),
    "ExpressionStmt": ("expr",),
    "AssignmentStmt": ("lvalues", "rvalue"),
    "OperatorAssignmentStmt": ("lvalue", "rvalue"),
    "ReturnStmt": ("expr",),
    "AssertStmt": ("expr", "msg"),
    "DelStmt": ("expr",),
    "RaiseStmt": ("expr", "from_expr"),
    "IfStmt": ("expr", "body", "else_body"),
    "WhileStmt": ("expr", "body", "else_body"),
    "ForStmt": ("index", "expr", "body", "else_body"),
    "WithStmt": ("expr", "target", "body"),
    "TryStmt": ("body", "types", "vars", "handlers", "else_body", "finally_body"),
    "MatchStmt": ("subject", "guards", "bodies"),
    "Decorator": ("decorators", "func"),
    "ClassDef": ("decorators", "base_type_exprs", "defs"),
    "CallExpr": ("callee", "args"),
    "MemberExpr": ("expr",),
    "IndexExpr": ("base", "index"),
    "OpExpr": ("left", "right"),
    "ComparisonExpr": ("operands",),
    "UnaryExpr": ("expr",),
    "TupleExpr": ("items",),
    "ListExpr": ("items",),
    "SetExpr": ("items",),
    "DictExpr": ("items",),
    "StarExpr": ("expr",),
    "SliceExpr": ("begin_index", "end_index", "stride"),
    "ConditionalExpr": ("cond", "if_expr", "else_expr"),
    "GeneratorExpr": ("left_expr", "indices", "sequences", "condlists"),
    "ListComprehension": ("generator",),
    "SetComprehension": ("generator",),
    "DictionaryComprehension": ("key", "value", "indices", "sequences", "condlists"),
    "AssignmentExpr": ("target", "value"),
    "AwaitExpr": ("expr",),
    "YieldExpr": ("expr",),
    "YieldFromExpr": ("expr",),
    "FuncDef": ("body",),
    "LambdaExpr": ("body",),
}


def mentions_tensors(node: Node) -> bool:
    """Whether code names anything of torch, typedrnn or jaxtyping, a class built on
    torch's (a user ``nn.Module``), or a global holding one of theirs.

    Code that names none of them (a dataset's download and parsing, a config class)
    has no module call or tensor of its own to check; it is still read where code
    that does calls into it.
    """
    # Asked of every top-level statement of every module checked: a loop over a stack,
    # not a generator per node. Children are pushed last first, so that nodes are met
    # in the order of the code (a class's bases before its body).
    pending: list[object] = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, (list, tuple)):
            pending.extend(reversed(current))
        elif isinstance(current, Node):
            if isinstance(current, RefExpr) and _names_tensors(current):
                return True
            for attribute in reversed(_CHILDREN.get(type(current).__name__, ())):
                pending.append(getattr(current, attribute, None))
    return False


def _names_tensors(expression: RefExpr) -> bool:
    if expression.fullname.partition(".")[0] in _TENSOR_LIBRARIES:
        return True
    target = expression.node
    if isinstance(target, TypeInfo):
        return is_model_class(target)
    if isinstance(target, Var) and target.type is not None:
        proper = get_proper_type(target.type)
        return isinstance(proper, Instance) and (is_model_class(proper.type) or proper.type.has_base(_TENSOR))
    return False


def is_model_class(info: TypeInfo) -> bool:
    """A class built on ``nn.Module`` (datasets built on torch's ``Dataset`` are not models)."""
    return info.has_base(_MODULE)


_TENSOR_LIBRARIES = frozenset({"torch", "typedrnn", "jaxtyping"})
_MODULE = "torch.nn.modules.module.Module"
_TENSOR = "torch._tensor.Tensor"


def _children(node: Node) -> Iterator[Node]:
    for attribute in _CHILDREN.get(type(node).__name__, ()):
        yield from _nodes(getattr(node, attribute, None))


def _nodes(value: object) -> Iterator[Node]:
    if isinstance(value, Node):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _nodes(item)
