"""The typedrnn mypy plugin: tensor shapes checked before anything runs.

Enable it in ``pyproject.toml``::

    [tool.mypy]
    plugins = ["typedrnn.mypy_plugin"]

It reads each module mypy checks, unannotated functions included, once mypy has
analysed it: sizes are literal ints or the names the code wrote (``nhid``,
``args.nhid``, ``2·nhid``), and values flow through assignments, branches, loops,
helper methods, user modules and the operations real RNN code uses. Each module
call is checked against the contract in :mod:`typedrnn._contracts`, the same one
the run-time checks use, and a broken contract is reported with error code
``shape`` on the line of the call::

    lstm = nn.LSTM(50, 100, num_layers=2, batch_first=True)
    x = torch.randn(3, 10, 50)
    lstm(x, (torch.zeros(3, 2, 100), torch.zeros(3, 2, 100)))
    # error: LSTM(50, 100, num_layers=2, batch_first=True): h0 expected
    #        (layers×dirs=2, batch=3, hidden=100), got (3, 2, 100)  [shape]

A mismatch is reported only when it holds for every value the names can take;
where it cannot know, it says nothing. It never imports torch and never runs user
code. The plugin class only routes: the interpreter, its operation rules and its
reporting live in :mod:`typedrnn._checker`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

from mypy.nodes import (
    Block,
    ClassDef,
    Decorator,
    ForStmt,
    FuncDef,
    IfStmt,
    MatchStmt,
    MypyFile,
    OverloadedFuncDef,
    Statement,
    TryStmt,
    WhileStmt,
    WithStmt,
)
from mypy.options import Options
from mypy.plugin import AnalyzeTypeContext, ClassDefContext, Plugin, ReportConfigContext
from mypy.types import Type

from typedrnn._checker import hooks
from typedrnn._checker.findings import keep_outermost_once
from typedrnn._checker.interpreter import Analysis
from typedrnn._checker.report import Reporter

__all__ = ["plugin"]

_PACKAGE: Final = Path(__file__).parent
_FINGERPRINTED: Final = ("_contracts", "_checker")
# Code the checker has nothing to say about: torch's own, and this package's.
_NOT_CHECKED: Final = ("torch", "typedrnn", "builtins", "typing", "typing_extensions")


class TypedRNNPlugin(Plugin):
    """Routes mypy's questions: jaxtyping annotations to their hook, checked modules to the interpreter."""

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.reporter = Reporter(hooks.SHAPE)
        self.fingerprint = _fingerprint()
        # The code of the user module checked last, which mypy empties once the hook returns.
        self.emptied_next: list[tuple[Block, list[Statement]]] = []

    def get_type_analyze_hook(self, fullname: str) -> Callable[[AnalyzeTypeContext], Type] | None:
        if fullname in hooks.ANNOTATED:
            return hooks.analyze_annotated
        return None

    def get_customize_class_mro_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        # Not to change any MRO: the moment a class is analysed, mypy's error collector is at hand.
        return self.reporter.remember

    def get_additional_indirect_deps(self, file: MypyFile) -> set[str]:
        # Called once a module is type checked, before its errors are flushed: the
        # moment to walk its code with everything mypy resolved.
        modules = self._modules
        # A module checked later inlines this one's functions: its code must outlive mypy's cleanup.
        for block, statements in self.emptied_next:
            if not block.body:
                block.body.extend(statements)
        self.emptied_next = []
        if modules is not None and file.fullname.split(".")[0] not in _NOT_CHECKED and not _installed(file.path):
            if not (self.options.fine_grained_incremental or self.options.preserve_asts):
                self.emptied_next = [(block, list(block.body)) for block in _blocks(file.defs)]
            # TYPEDRNN_CHECKER_DEBUG=1 lets the interpreter's own failures through.
            debug = os.environ.get("TYPEDRNN_CHECKER_DEBUG") == "1"
            try:
                findings = Analysis(file, modules, debug).run_units()
            except Exception:
                if debug:
                    raise
                findings = []
            self.reporter.report(file, modules, keep_outermost_once(findings))
        return set()

    def report_config_data(self, ctx: ReportConfigContext) -> object:
        # mypy fingerprints this file only; the errors it caches also depend on the
        # interpreter and the contracts, so a change there must invalidate the cache too.
        return self.fingerprint


def _blocks(statements: list[Statement]) -> Iterator[Block]:
    """Every block under these statements, nested ones included."""
    for statement in statements:
        for block in _blocks_of(statement):
            yield block
            yield from _blocks(block.body)


def _blocks_of(statement: Statement) -> list[Block]:
    if isinstance(statement, Block):
        return [statement]
    if isinstance(statement, FuncDef):
        return [statement.body]
    if isinstance(statement, Decorator):
        return [statement.func.body]
    if isinstance(statement, OverloadedFuncDef):
        items = [*statement.items, *([statement.impl] if statement.impl is not None else [])]
        return [block for item in items for block in _blocks_of(item)]
    if isinstance(statement, ClassDef):
        return [statement.defs]
    if isinstance(statement, IfStmt):
        return [*statement.body, *([statement.else_body] if statement.else_body is not None else [])]
    if isinstance(statement, (ForStmt, WhileStmt)):
        return [statement.body, *([statement.else_body] if statement.else_body is not None else [])]
    if isinstance(statement, WithStmt):
        return [statement.body]
    if isinstance(statement, TryStmt):
        optional = (statement.else_body, statement.finally_body)
        return [statement.body, *statement.handlers, *(block for block in optional if block is not None)]
    if isinstance(statement, MatchStmt):
        return list(statement.bodies)
    return []


def _installed(path: str) -> bool:
    """Code installed with the environment is the libraries', not the user's."""
    parts = Path(path).parts
    return "site-packages" in parts or "dist-packages" in parts


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in _FINGERPRINTED:
        for path in sorted((_PACKAGE / folder).glob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point: the plugin class for this mypy version."""
    return TypedRNNPlugin
