"""The real-style corpus tells the truth about torch: each bug fails where it is marked.

``tests/mypy_corpus/bad_real_*.py`` and ``good_real_*.py`` are written like public model code
(sizes from ``__init__`` parameters, argparse and config objects, unannotated ``forward``,
``init_hidden`` helpers). The static checker is judged against their ``# E: shape "..."``
marks, so every mark must be a bug torch itself rejects at that very line, and every good
program must run. Where the checker proves a bug only at a call (a model built in
``__main__`` and called with a bad state), the ``# E:`` mark is on the call and
``# R: torch raises here`` on the line inside where torch rejects it; the checker's report
names that line. ``miss_real_*`` programs are bugs the checker is known to miss
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
BAD = sorted([*CORPUS.glob("bad_real_*.py"), *CORPUS.glob("miss_real_*.py")])
GOOD = sorted(CORPUS.glob("good_real_*.py"))

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
_MARK = re.compile(r'#\s*(?:E|MISS):\s*shape\s+"([^"]+)"\s*$')
_RAISES = re.compile(r"#\s*R:\s*torch raises here\s*$")

# What torch raises for a shape mistake; AttributeError is a tuple used as a tensor.
TORCH_FAILURES = (RuntimeError, ValueError, TypeError, IndexError, AttributeError)


def marks(path: Path) -> dict[int, str]:
    """Line number -> expected message fragment, for every marked line of a program."""
    found = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = _MARK.search(line)
        if match is not None:
            found[number] = match[1]
    return found


def raising_lines(path: Path) -> set[int]:
    """The lines marked as where torch rejects a bug reported at a call elsewhere."""
    return {
        number for number, line in enumerate(path.read_text().splitlines(), start=1) if _RAISES.search(line)
    }


def innermost_line_in(error: BaseException, path: Path) -> int:
    """The line of the program itself where the error left it (torch's frames are deeper)."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve() == path.resolve()
    ]
    assert frames, f"{path.name}: the error never passed through the program"
    line = frames[-1].lineno
    assert line is not None
    return line


def run_program(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", [str(path)])
    runpy.run_path(str(path), run_name="__main__")


def test_the_corpus_is_large_enough_to_judge_a_checker() -> None:
    assert len(BAD) >= 48
    assert len(GOOD) >= 30


@pytest.mark.parametrize("path", BAD, ids=lambda path: path.name)
def test_bad_program_marks_its_bug_with_a_known_fragment(path: Path) -> None:
    found = marks(path)
    assert 1 <= len(found) <= 2, f"{path.name}: one planted bug (two at most), got {found}"
    assert set(found.values()) <= FRAGMENTS


@pytest.mark.parametrize("path", GOOD, ids=lambda path: path.name)
def test_good_program_marks_nothing(path: Path) -> None:
    assert "# E:" not in path.read_text()


@pytest.mark.parametrize("path", BAD, ids=lambda path: path.name)
def test_bad_program_fails_under_torch_at_its_marked_line(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(TORCH_FAILURES) as failure:
        run_program(path, monkeypatch)
    where = raising_lines(path) or set(marks(path))
    assert innermost_line_in(failure.value, path) in where, (
        f"{path.name}: torch failed at line {innermost_line_in(failure.value, path)}, "
        f"the marks are on {sorted(where)}: {failure.value}"
    )


@pytest.mark.parametrize("path", GOOD, ids=lambda path: path.name)
def test_good_program_runs_under_torch(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_program(path, monkeypatch)
