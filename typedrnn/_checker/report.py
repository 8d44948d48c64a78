"""Findings become mypy errors with code ``shape``, on the file being checked.

The interpreter runs when mypy has finished type checking a module, through the
one plugin callback made then, which passes the module alone. mypy's error
collector is found once per build among the objects that refer to the build's
module table, and errors go to it as they would from any hook: mypy applies
``# type: ignore[shape]``, caches them with the module and shows them in order.
"""

from __future__ import annotations

import gc
from typing import Any

from mypy.errorcodes import ErrorCode
from mypy.errors import Errors
from mypy.nodes import MypyFile
from mypy.options import Options

from typedrnn._checker.findings import Finding


class Reporter:
    """Finds the build's error collector and reports findings through it."""

    def __init__(self, code: ErrorCode) -> None:
        self.code = code
        self._modules_id: int | None = None
        self._manager: Any = None

    def _build_manager(self, modules: dict[str, MypyFile]) -> Any:
        if self._modules_id != id(modules) or self._manager is None:
            self._manager = next(
                (r for r in gc.get_referrers(modules) if type(r).__name__ == "BuildManager"), None
            )
            self._modules_id = id(modules)
        return self._manager

    def report(self, file: MypyFile, modules: dict[str, MypyFile], findings: list[Finding]) -> None:
        if not findings:
            return
        manager = self._build_manager(modules)
        if manager is None:
            return
        errors: Errors = manager.errors
        options: Options = manager.options.clone_for_module(file.fullname)
        errors.set_file(file.path, file.fullname, options=options)
        for finding in sorted(findings, key=lambda f: (f.line, f.column)):
            message, notes = finding.messages()
            errors.report(finding.line, finding.column, message, code=self.code, severity=finding.severity)
            for note in notes:
                errors.report(finding.line, finding.column, note, code=self.code, severity="note")
