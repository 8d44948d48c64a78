"""Findings become mypy errors with code ``shape``, on the file being checked.

The interpreter runs when mypy has finished type checking a module, through the
one plugin callback made then, which passes the module alone. mypy's error
collector is remembered from the semantic analyser when a class is analysed
(which almost every model file has), or else found once per build among the
objects that refer to the build's module table. Errors go to it as they would
from any hook: mypy applies ``# type: ignore[shape]``, caches them with the
module and shows them in order.
"""

from __future__ import annotations

import gc
from typing import Any

from mypy.errorcodes import ErrorCode
from mypy.errors import Errors
from mypy.nodes import MypyFile
from mypy.options import Options
from mypy.plugin import ClassDefContext

from typedrnn._checker.findings import Finding


class Reporter:
    """Finds the build's error collector and reports findings through it."""

    def __init__(self, code: ErrorCode) -> None:
        self.code = code
        self.errors: Errors | None = None
        self._modules_id: int | None = None

    def remember(self, ctx: ClassDefContext) -> None:
        """A class is being analysed: keep the build's error collector."""
        errors = getattr(ctx.api, "errors", None)
        if isinstance(errors, Errors):
            self.errors = errors

    def _errors(self, modules: dict[str, MypyFile]) -> Errors | None:
        if self.errors is None or self._modules_id not in (None, id(modules)):
            manager: Any = next(
                (r for r in gc.get_referrers(modules) if type(r).__name__ == "BuildManager"), None
            )
            self.errors = manager.errors if manager is not None else None
        self._modules_id = id(modules)
        return self.errors

    def report(self, file: MypyFile, modules: dict[str, MypyFile], findings: list[Finding]) -> None:
        if not findings:
            return
        errors = self._errors(modules)
        if errors is None:
            return
        # The module was type checked just now: the collector holds its options still.
        options: Options = errors.options
        errors.set_file(file.path, file.fullname, options=options)
        for finding in sorted(findings, key=lambda f: (f.line, f.column)):
            message, notes = finding.messages()
            errors.report(finding.line, finding.column, message, code=self.code, severity=finding.severity)
            for note in notes:
                errors.report(finding.line, finding.column, note, code=self.code, severity="note")
