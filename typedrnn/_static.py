"""``typedrnn check``: mypy with the typedrnn plugin, for projects without a mypy setup yet.

mypy is run in this process through its own option parser, so the project's
configuration (``mypy.ini``, ``.mypy.ini``, ``pyproject.toml``, ``setup.cfg``) is
found and read exactly as ``mypy`` would; the plugin is added to whatever plugins
it lists. A project without a configuration gets the bundled one, which lists
only the plugin. mypy's own cache works as usual.

Shape errors (error code ``shape``) are the point, so by default only they, and
notes that stand alone (``typedrnn.reveal_shape``), are shown; the count of other
mypy errors follows, and ``all_errors`` shows them too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Final

PLUGIN: Final = "typedrnn.mypy_plugin"
# A diagnostic's first line: "path:line[:column]: severity: message".
_DIAGNOSTIC: Final = re.compile(r"^(?P<where>(?P<path>.+?):\d+(?::\d+)?): (?P<severity>error|note|warning): ")


class StaticCheckUnavailable(Exception):
    """mypy is not installed: the static checker is an extra."""


@dataclass
class Diagnostic:
    """One error or warning with the notes that belong to it, or a note on its own."""

    lines: list[str]
    path: str
    where: str
    severity: str

    @property
    def is_shape_error(self) -> bool:
        return self.severity == "error" and self.lines[0].endswith("[shape]")


@dataclass
class Report:
    """What one mypy run found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Messages that are not about a line: a crash, a bad configuration, a blocker.
    blocking: list[str] = field(default_factory=list)
    files_checked: int = 0

    @property
    def shape_errors(self) -> list[Diagnostic]:
        return [diagnostic for diagnostic in self.diagnostics if diagnostic.is_shape_error]

    @property
    def other_errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error" and not d.is_shape_error]

    def shown(self, all_errors: bool) -> list[Diagnostic]:
        """Shape errors and lone notes; everything with ``all_errors``."""
        return [
            diagnostic
            for diagnostic in self.diagnostics
            if all_errors or diagnostic.is_shape_error or diagnostic.severity == "note"
        ]


def bundled_config() -> str:
    """The path of the configuration used when a project has none: the plugin and nothing else."""
    return str(resources.files("typedrnn").joinpath("_demo", "mypy.ini"))


def run_mypy(targets: Sequence[str], options: Sequence[str] = ()) -> Report:
    """Type-check ``targets`` (paths) with mypy and the typedrnn plugin.

    ``options`` are mypy command-line options placed before the targets. Raises
    :class:`StaticCheckUnavailable` without mypy, and SystemExit(2) (after mypy's
    own message on stderr) on bad usage such as a missing path.
    """
    # mypy is an optional extra, and only this command needs it.
    try:
        from mypy import build  # noqa: PLC0415
        from mypy.errors import CompileError  # noqa: PLC0415
        from mypy.fscache import FileSystemCache  # noqa: PLC0415
        from mypy.main import process_options  # noqa: PLC0415
    except ImportError as missing:
        raise StaticCheckUnavailable(
            "the static checker needs mypy: pip install 'typedrnn[mypy]'"
        ) from missing

    arguments = [*options, "--show-error-codes", "--no-pretty", "--no-error-summary", *targets]
    fscache = FileSystemCache()
    sources, mypy_options = process_options(arguments, fscache=fscache)
    if mypy_options.config_file is None:
        sources, mypy_options = process_options(
            ["--config-file", bundled_config(), *arguments], fscache=fscache
        )
    if PLUGIN not in mypy_options.plugins:
        mypy_options.plugins.append(PLUGIN)

    messages: list[str] = []

    def collect(filename: str | None, new_messages: list[str], serious: bool) -> None:
        messages.extend(new_messages)

    report = Report(files_checked=len(sources))
    quiet = io.StringIO()
    try:
        result = build.build(
            sources, mypy_options, flush_errors=collect, fscache=fscache, stdout=quiet, stderr=quiet
        )
    except CompileError:
        report.blocking = [*messages, *quiet.getvalue().splitlines()]
        return report
    result.manager.metastore.close()
    report.diagnostics = _group(messages)
    return report


def _group(messages: list[str]) -> list[Diagnostic]:
    """Attach each note to the error or warning on the same line just before it."""
    diagnostics: list[Diagnostic] = []
    for message in messages:
        match = _DIAGNOSTIC.match(message)
        if match is None:
            if diagnostics:
                diagnostics[-1].lines.append(message)
            continue
        where, severity = match["where"], match["severity"]
        previous = diagnostics[-1] if diagnostics else None
        if severity == "note" and previous is not None and previous.where == where and previous.severity != "note":
            previous.lines.append(message)
        else:
            diagnostics.append(Diagnostic([message], match["path"], where, severity))
    return diagnostics


def summary(report: Report, all_errors: bool) -> str:
    """The last line of a check: how many shape errors, in how many files."""
    checked = f"checked {report.files_checked} source file{'s' if report.files_checked != 1 else ''}"
    shape_errors = report.shape_errors
    if shape_errors:
        files = {diagnostic.path for diagnostic in shape_errors}
        line = (
            f"Found {len(shape_errors)} shape error{'s' if len(shape_errors) != 1 else ''} in "
            f"{len(files)} file{'s' if len(files) != 1 else ''} ({checked})"
        )
    else:
        line = f"No shape errors found ({checked})"
    others = len(report.other_errors)
    if others and not all_errors:
        line += f"; {others} other mypy error{'s' if others != 1 else ''} not shown (--all shows them)"
    return line
