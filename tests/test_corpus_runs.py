"""The real-style corpus tells the truth about torch: each bug fails where it is marked.

``tests/mypy_corpus/bad_real_*`` and ``good_real_*`` programs are written like public model code
(sizes from ``__init__`` parameters, argparse and config objects, unannotated ``forward``,
``init_hidden`` helpers): single files, run as scripts, and packages of several modules,
run through their ``__main__`` as ``python -m`` would, their marks in any of their files. The static checker is judged against their ``# E: shape "..."``
marks, so every mark must be a bug torch itself rejects at that very line, and every good
program must run. Where the checker proves a bug only at a call (a model built in
``__main__`` and called with a bad state), the ``# E:`` mark is on the call and
``# R: torch raises here`` on the line inside where torch rejects it, in the same file or
another module of the package; the checker's report names that line. ``miss_real_*`` programs are bugs the checker is known to miss
(``# MISS:``): they fail under torch too. Running them here keeps the corpus honest: a mark on a line torch accepts
would teach the checker a false positive.
"""

from __future__ import annotations

import re
import runpy
import sys
import traceback
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "mypy_corpus"


def programs(kind: str) -> list[Path]:
    """The real-style programs of one kind: single files, and packages of several."""
    return sorted(
        path for path in CORPUS.glob(f"{kind}_*") if path.suffix == ".py" or (path / "__init__.py").is_file()
    )


BAD = sorted([*programs("bad_real"), *programs("miss_real")])
GOOD = programs("good_real")

# The fragments the checker's first error line carries, one per kind of mistake.
FRAGMENTS = {
    "input expected",
    "h0 expected",
    "c0 expected",
    "hx expected",
    "h expected",
    "c expected",
    "unpacked into",
    "is a tuple",
    "input.data expected",
}
# A mark may be followed by the note the report must carry (``# N: when ...:``).
_MARK = re.compile(r'#\s*(?:E|MISS):\s*shape\s+"([^"]+)"(?:\s*#\s*N:.*)?\s*$')
_RAISES = re.compile(r"#\s*R:\s*torch raises here\s*$")

# What torch raises for a shape mistake; AttributeError is a tuple used as a tensor.
TORCH_FAILURES = (RuntimeError, ValueError, TypeError, IndexError, AttributeError)


def sources(program: Path) -> list[Path]:
    """The files of a program: itself, or every module of its package."""
    return sorted(program.glob("*.py")) if program.is_dir() else [program]


def where(path: Path, number: int) -> str:
    """A line of a program, named by its file in the corpus."""
    return f"{path.relative_to(CORPUS).as_posix()}:{number}"


def marks(program: Path) -> dict[str, str]:
    """Line (``file:number``) -> expected message fragment, for every marked line of a program."""
    found = {}
    for path in sources(program):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = _MARK.search(line)
            if match is not None:
                found[where(path, number)] = match[1]
    return found


def raising_lines(program: Path) -> set[str]:
    """The lines marked as where torch rejects a bug reported at a call elsewhere."""
    return {
        where(path, number)
        for path in sources(program)
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if _RAISES.search(line)
    }


def innermost_line_in(error: BaseException, program: Path) -> str:
    """The line of the program itself where the error left it (torch's frames are deeper)."""
    files = {path.resolve(): path for path in sources(program)}
    frames = [
        (files[Path(frame.filename).resolve()], frame.lineno)
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve() in files
    ]
    assert frames, f"{program.name}: the error never passed through the program"
    path, line = frames[-1]
    assert line is not None
    return where(path, line)


def run_program(program: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not program.is_dir():
        monkeypatch.setattr(sys, "argv", [str(program)])
        runpy.run_path(str(program), run_name="__main__")
        return
    # ``python -m package``: the package imported from the corpus folder, its ``__main__`` run;
    # afterwards its modules are forgotten, so that each run imports them afresh.
    monkeypatch.setattr(sys, "argv", [str(program / "__main__.py")])
    monkeypatch.syspath_prepend(str(CORPUS))
    try:
        runpy.run_module(program.name, run_name="__main__", alter_sys=True)
    finally:
        for name in [name for name in sys.modules if name == program.name or name.startswith(f"{program.name}.")]:
            del sys.modules[name]


def test_the_corpus_is_large_enough_to_judge_a_checker() -> None:
    assert len(BAD) >= 48
    assert len(GOOD) >= 30
    assert len([program for program in BAD if program.is_dir()]) >= 5
    assert len([program for program in GOOD if program.is_dir()]) >= 3


@pytest.mark.parametrize("program", BAD, ids=lambda program: program.name)
def test_bad_program_marks_its_bug_with_a_known_fragment(program: Path) -> None:
    found = marks(program)
    assert 1 <= len(found) <= 2, f"{program.name}: one planted bug (two at most), got {found}"
    assert set(found.values()) <= FRAGMENTS


@pytest.mark.parametrize("program", GOOD, ids=lambda program: program.name)
def test_good_program_marks_nothing(program: Path) -> None:
    for path in sources(program):
        assert "# E:" not in path.read_text(), path.name


@pytest.mark.parametrize("program", BAD, ids=lambda program: program.name)
def test_bad_program_fails_under_torch_at_its_marked_line(
    program: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(TORCH_FAILURES) as failure:
        run_program(program, monkeypatch)
    marked = raising_lines(program) or set(marks(program))
    assert innermost_line_in(failure.value, program) in marked, (
        f"{program.name}: torch failed at {innermost_line_in(failure.value, program)}, "
        f"the marks are on {sorted(marked)}: {failure.value}"
    )


@pytest.mark.parametrize("program", GOOD, ids=lambda program: program.name)
def test_good_program_runs_under_torch(program: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_program(program, monkeypatch)
