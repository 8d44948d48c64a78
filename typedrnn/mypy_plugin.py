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
from collections.abc import Callable
from pathlib import Path
from typing import Final

from mypy.nodes import MypyFile
from mypy.options import Options
from mypy.plugin import AnalyzeTypeContext, ClassDefContext, Plugin, ReportConfigContext
from mypy.types import Type

from typedrnn._checker import hooks, progress
from typedrnn._checker.findings import Finding, keep_outermost_once
from typedrnn._checker.interpreter import Analysis
from typedrnn._checker.report import Reporter
from typedrnn._checker.sources import installed, keep

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
        self.progress = progress.RUNS.start()
        # Whether mypy frees each module's tree once it is checked and reads nothing of it
        # after this plugin's last hook: then a user module's code is kept (sources.keep).
        # The daemon keeps trees itself; reports, statistics and fine-grained deps read them.
        self._frees_trees = not (
            options.fine_grained_incremental
            or options.cache_fine_grained
            or options.preserve_asts
            or options.report_dirs
            or options.dump_inference_stats
            or options.export_ref_info
        )

    def get_type_analyze_hook(self, fullname: str) -> Callable[[AnalyzeTypeContext], Type] | None:
        if fullname in hooks.ANNOTATED:
            return hooks.analyze_annotated
        return None

    def get_customize_class_mro_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        # Not to change any MRO: the moment a class is analysed, mypy's error collector is at hand.
        return self.reporter.remember

    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        # Called for each module mypy parses: progress only.
        self.progress.parsing()
        return []

    def get_additional_indirect_deps(self, file: MypyFile) -> set[str]:
        # Called once a module is type checked, before its errors are flushed: the
        # moment to walk its code with everything mypy resolved.
        modules = self._modules
        users = modules is not None and file.fullname.split(".")[0] not in _NOT_CHECKED and not installed(file.path)
        if modules is not None and users:
            self.reporter.report(file, modules, _analyse)
            if self._frees_trees:
                keep(file)
        self.progress.type_checked(users)
        return set()

    def report_config_data(self, ctx: ReportConfigContext) -> object:
        # mypy fingerprints this file only; the errors it caches also depend on the
        # interpreter and the contracts, so a change there must invalidate the cache too.
        # What mypy returns here is also part of a module's interface: with a user
        # module's own source in it, an edit anywhere in ``model.py`` re-checks the
        # modules that import it, whose calls into its code may now read differently.
        if ctx.id.partition(".")[0] in _NOT_CHECKED or not ctx.path or installed(ctx.path):
            return self.fingerprint
        try:
            with open(ctx.path, "rb") as file:
                source = file.read()
        except OSError:
            return self.fingerprint
        return [self.fingerprint, hashlib.sha256(source).hexdigest()[:16]]


def _analyse(file: MypyFile, modules: dict[str, MypyFile]) -> tuple[list[Finding], set[str]]:
    """A module's findings, and the modules whose code they read."""
    # TYPEDRNN_CHECKER_DEBUG=1 lets the interpreter's own failures through.
    debug = os.environ.get("TYPEDRNN_CHECKER_DEBUG") == "1"
    analysis = Analysis(file, modules, debug)
    try:
        findings = analysis.run_units()
    except Exception:
        if debug:
            raise
        findings = []
    return keep_outermost_once(findings), analysis.reads - {file.fullname}


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in _FINGERPRINTED:
        for path in sorted((_PACKAGE / folder).glob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point: the plugin class for this mypy version."""
    return TypedRNNPlugin
