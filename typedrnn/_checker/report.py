"""Findings become mypy errors with code ``shape``, on the file being checked.

The interpreter runs when mypy has finished type checking a module, through the
one plugin callback made then, which passes the module alone. mypy's error
collector is remembered from the semantic analyser when a class is analysed
(which almost every model file has), or else found once per build among the
objects that refer to the build's module table. Errors go to it as they would
from any hook: mypy applies ``# type: ignore[shape]``, caches them with the
module and shows them in order.

Under dmypy an edit re-runs this pass for the edited modules only, after mypy has
dropped every error to regenerate them target by target; the pass is not among
those targets. So each module's findings are kept here, under a target of their
own that mypy never re-checks, and put back for every module that was not
re-analysed, whenever any module is. A module whose findings read another
module's code (a call into ``model.py`` from ``train.py``) is read again when
that module is, since the daemon re-checks only what changed.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from mypy.errorcodes import ErrorCode
from mypy.errors import Errors
from mypy.nodes import MypyFile
from mypy.options import Options
from mypy.plugin import ClassDefContext

from typedrnn._checker.findings import Finding
from typedrnn._checker.sources import in_memory

# Analyses a module: its findings, and the other modules whose code they read.
Analyse = Callable[[MypyFile, dict[str, MypyFile]], tuple[list[Finding], set[str]]]


class Reporter:
    """Finds the build's error collector and reports findings through it."""

    def __init__(self, code: ErrorCode) -> None:
        self.code = code
        self.errors: Errors | None = None
        self._modules_id: int | None = None
        # Each analysed module's findings, by module name: (path, findings).
        self.kept: dict[str, tuple[str, list[Finding]]] = {}
        # The analysed modules that have findings: the only ones there can be anything to put back for.
        self.found: dict[str, None] = {}
        # Those of them whose file mypy has not been seen to flush, in the set of flushed files
        # seen last: mypy only adds to that set, and starts a new one for a daemon's next run.
        self.unflushed: dict[str, None] = {}
        self.flushed: set[str] | None = None
        # The other modules whose code each analysed module's findings read, and the other way round.
        self.reads: dict[str, set[str]] = {}
        self.readers: dict[str, set[str]] = {}

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

    def report(self, file: MypyFile, modules: dict[str, MypyFile], analyse: Analyse) -> None:
        """Analyse a module just checked, and put back what other modules found before."""
        findings, reads = analyse(file, modules)
        self._keep(file.fullname, file.path, findings, reads)
        # Under dmypy a module whose calls read this one's code is not checked again
        # when only this one's code changed; its tree is at hand, so it is read again.
        stale = {
            module
            for module in self.readers.get(file.fullname, ())
            if module in modules and in_memory(modules[module])
        }
        for module in stale:
            again, read_again = analyse(modules[module], modules)
            self._keep(module, modules[module].path, again, read_again)
        if not (findings or stale or self.found):
            # Nothing to report or put back: the collector is not needed (finding it
            # may take a search of the heap, before any class was analysed).
            return
        errors = self._errors(modules)
        if errors is None:
            return
        # The module was type checked just now: the collector holds its options still.
        options: Options = errors.options
        self._add(errors, file.path, file.fullname, options, findings)
        if errors.flushed_files is not self.flushed:
            self.flushed, self.unflushed = errors.flushed_files, dict(self.found)
        for module in [*self.unflushed, *(module for module in stale if module not in self.unflushed)]:
            path, kept = self.kept[module]
            if path in errors.flushed_files:
                self.unflushed.pop(module, None)
                continue
            if module == file.fullname or module not in modules:
                continue
            if module in stale:
                errors.clear_errors_in_targets(path, {_target(module)})
            elif not kept or self._present(errors, path, module):
                continue
            self._add(errors, path, module, options.clone_for_module(module), kept)
        errors.set_file(file.path, file.fullname, options=options)

    def _keep(self, module: str, path: str, findings: list[Finding], reads: set[str]) -> None:
        for read in self.reads.get(module, ()):
            self.readers[read].discard(module)
        self.reads[module] = reads
        for read in reads:
            self.readers.setdefault(read, set()).add(module)
        self.kept[module] = (path, findings)
        if findings:
            self.found[module] = self.unflushed[module] = None
        else:
            self.found.pop(module, None)
            self.unflushed.pop(module, None)

    def _add(self, errors: Errors, path: str, module: str, options: Options, findings: list[Finding]) -> None:
        errors.set_file(path, module, options=options)
        target = _target(module)
        for finding in sorted(findings, key=lambda f: (f.line, f.column)):
            message, notes = finding.messages()
            infos = [errors.report(finding.line, finding.column, message, code=self.code, severity=finding.severity)]
            for note in notes:
                infos.append(errors.report(finding.line, finding.column, note, code=self.code, severity="note"))
            for info in infos:
                info.target = target

    @staticmethod
    def _present(errors: Errors, path: str, module: str) -> bool:
        target = _target(module)
        return any(info.target == target for info in errors.error_info_map.get(path, ()))


def _target(module: str) -> str:
    """A fine-grained target no module defines: mypy never clears it to re-check it."""
    return f"{module}.<typedrnn shapes>"
