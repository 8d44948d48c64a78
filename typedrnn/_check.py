"""``typedrnn check``: the command around :mod:`typedrnn._static`'s mypy run.

It says what it is doing while mypy works (a first run on a project whose own
configuration reads all of torch is silent for most of a minute otherwise),
checks what the project's mypy configuration names in ``files`` when no PATH is
given, prints the setting that skips torch's internals (``--fast-config``), and
writes the result in one of three formats.

``text`` is mypy's own lines. ``json`` is one object, for scripts and CI tools:
the counts and every shown diagnostic with its file, line, column, severity,
error code, message and notes. ``github`` is GitHub Actions' workflow commands
(``::error file=…,line=…::message``), which put each shape error on its line in
a pull request's diff.

>>> diagnostic = parse(["a.py:7: error: h0 expected (2, 3)  [shape]", "a.py:7: note: hint: transpose"])
>>> print(github([diagnostic]))
::error file=a.py,line=7,title=typedrnn (shape)::h0 expected (2, 3)%0Ahint: transpose
"""

from __future__ import annotations

import configparser
import contextlib
import io
import json
import os
import re
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Final, TextIO

from typedrnn import _install, _static
from typedrnn._checker import progress

FORMATS: Final = ("text", "json", "github")
# How often a running check says that it still runs.
_HEARTBEAT_SECONDS: Final = 10.0

# "path:line[:column]: severity: message[  [code]]", as mypy prints each line.
_LINE: Final = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+)(?::(?P<column>\d+))?: (?P<severity>error|note|warning): (?P<message>.*?)"
    r"(?:  \[(?P<code>[a-z0-9-]+)\])?$"
)


@dataclass(frozen=True)
class Located:
    """One diagnostic, taken apart: where it is, what it says, and the notes attached to it."""

    file: str
    line: int
    column: int | None
    severity: str
    code: str | None
    message: str
    notes: tuple[str, ...]


def parse(lines: Sequence[str]) -> Located:
    """A diagnostic's lines (its first line, then its notes) as one :class:`Located`."""
    first = _LINE.match(lines[0])
    if first is None:
        raise ValueError(f"not a mypy diagnostic: {lines[0]!r}")
    notes = []
    for line in lines[1:]:
        note = _LINE.match(line)
        notes.append(note["message"] if note is not None else line)
    return Located(
        file=first["path"],
        line=int(first["line"]),
        column=int(first["column"]) if first["column"] else None,
        severity=first["severity"],
        code=first["code"],
        message=first["message"],
        notes=tuple(notes),
    )


def as_json(diagnostics: Sequence[Located], *, files_checked: int, shape_errors: int, other_errors: int) -> str:
    """One JSON object: the counts, and the diagnostics shown."""
    document = {
        "files_checked": files_checked,
        "shape_errors": shape_errors,
        "other_errors": other_errors,
        "diagnostics": [{**asdict(diagnostic), "notes": list(diagnostic.notes)} for diagnostic in diagnostics],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def github(diagnostics: Sequence[Located]) -> str:
    """GitHub Actions annotations, one per diagnostic; its notes are the annotation's later lines."""
    commands = []
    for diagnostic in diagnostics:
        command = {"error": "error", "warning": "warning"}.get(diagnostic.severity, "notice")
        properties = [f"file={_escape_property(diagnostic.file)}", f"line={diagnostic.line}"]
        if diagnostic.column is not None:
            properties.append(f"col={diagnostic.column}")
        if diagnostic.code is not None:
            properties.append(f"title={_escape_property(f'typedrnn ({diagnostic.code})')}")
        text = "\n".join([diagnostic.message, *diagnostic.notes])
        commands.append(f"::{command} {','.join(properties)}::{_escape_data(text)}")
    return "\n".join(commands)


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escapes: a message may span lines only as %0A.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def check_command(paths: Sequence[str], *, all_errors: bool, output_format: str) -> int:
    """Run the check and print its result; the exit status: 0 clean, 1 shape errors, 2 not checked."""
    try:
        with _progress(sys.stderr, paths):
            report = _run(paths)
    except _static.StaticCheckUnavailable:
        print(f"typedrnn check: error: the static checker needs mypy: {_install.mypy_advice()}", file=sys.stderr)
        return 2
    if report is None:
        print(
            "typedrnn check: error: no PATH given, and no mypy configuration names `files` to check. "
            "Pass the files or directories (typedrnn check src/), or set `files` in the [mypy] "
            "section (or [tool.mypy] in pyproject.toml).",
            file=sys.stderr,
        )
        return 2
    if report.blocking:
        print("\n".join(report.blocking), file=sys.stderr)
        print("typedrnn check: error: mypy could not check these files", file=sys.stderr)
        return 2
    shown = report.shown(all_errors)
    if output_format == "json":
        located = [parse(diagnostic.lines) for diagnostic in shown]
        print(
            as_json(
                located,
                files_checked=report.files_checked,
                shape_errors=len(report.shape_errors),
                other_errors=len(report.other_errors),
            )
        )
    else:
        if output_format == "github":
            if shown:
                print(github([parse(diagnostic.lines) for diagnostic in shown]))
        else:
            for diagnostic in shown:
                print("\n".join(diagnostic.lines))
        print(_static.summary(report, all_errors))
    return 1 if report.shape_errors else 0


def _run(paths: Sequence[str]) -> _static.Report | None:
    """mypy's report; None when no PATH was given and no configuration names ``files``."""
    if paths:
        return _static.run_mypy(paths)
    # mypy refuses to run without targets by printing its usage and exiting: the
    # command's own message (above) says what to do instead.
    refusal = io.StringIO()
    try:
        with contextlib.redirect_stderr(refusal):
            return _static.run_mypy([])
    except SystemExit:
        if "Missing target" in refusal.getvalue():
            return None
        sys.stderr.write(refusal.getvalue())
        raise


@contextlib.contextmanager
def _progress(out: TextIO, paths: Sequence[str]) -> Iterator[None]:
    """Say what runs, then every few seconds that it still runs, and how long it took."""
    targets = " ".join(paths) if paths else "the files named by the mypy configuration"
    print(f"typedrnn check: mypy with the typedrnn plugin on {targets}…", file=out, flush=True)
    started = time.monotonic()
    done = threading.Event()

    def heartbeat() -> None:
        first = True
        while not done.wait(_HEARTBEAT_SECONDS):
            run = progress.RUNS.current
            counts = f" {run.line().removeprefix('typedrnn: ')}." if run is not None else ""
            advice = (
                " A first run reads torch's types; later runs use mypy's cache. `typedrnn check "
                "--fast-config` prints the setting that skips torch's internals."
                if first
                else ""
            )
            print(f"typedrnn check: still checking ({time.monotonic() - started:.0f} s).{counts}{advice}", file=out, flush=True)
            first = False

    thread = threading.Thread(target=heartbeat, name="typedrnn-check-progress", daemon=True)
    thread.start()
    progress.RUNS.plugin_prints = False
    try:
        yield
    finally:
        progress.RUNS.plugin_prints = True
        done.set()
        thread.join()
    print(f"typedrnn check: mypy finished in {time.monotonic() - started:.1f} s", file=out, flush=True)


def fast_config(style: str | None = None) -> str:
    """The bundled configuration's setting that skips torch's internals, to paste into a project's.

    ``style`` is ``"ini"`` (mypy.ini, .mypy.ini, setup.cfg) or ``"toml"``
    (pyproject.toml); None picks the style of the configuration in the current
    directory.

    >>> print(fast_config("toml").splitlines()[0])
    [[tool.mypy.overrides]]
    """
    parser = configparser.ConfigParser()
    parser.read(_static.bundled_config(), encoding="utf-8")
    section = next(name for name in parser.sections() if name.startswith("mypy-torch."))
    modules = section.removeprefix("mypy-").split(",")
    if style is None:
        style = "toml" if _uses_pyproject() else "ini"
    if style == "toml":
        listed = "".join(f'    "{module}",\n' for module in modules)
        return f'[[tool.mypy.overrides]]\nmodule = [\n{listed}]\nfollow_imports = "skip"'
    return f"[{section}]\nfollow_imports = skip"


def _uses_pyproject() -> bool:
    """Whether mypy would read its configuration from ./pyproject.toml (mypy.ini comes first)."""
    if os.path.exists("mypy.ini") or os.path.exists(".mypy.ini"):
        return False
    if not os.path.exists("pyproject.toml"):
        return False
    with open("pyproject.toml", encoding="utf-8") as pyproject:
        return "[tool.mypy" in pyproject.read()
