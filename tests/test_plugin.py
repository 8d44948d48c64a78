"""The mypy plugin, specified by a corpus of user programs and their expected diagnostics.

Every program in ``tests/mypy_corpus`` is small and real: a file, or a package (a folder
with ``__init__.py``, its modules importing each other relatively, and ``__main__.py``
to run it) whose marks may sit in any of its files. A ``bad_*`` program marks each
line mypy must report with ``# E: <code>`` (optionally followed by a quoted fragment of
the message); a ``good_*`` program must type check without a single error.
``# N: <text>`` marks a note that must appear on its line (``reveal_shape``).

The whole corpus goes through one mypy run (mypy's own API), whose output is split
per file, by its path in the corpus; the cache and dmypy tests reuse that run's cache.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from mypy import api

from typedrnn._checker.shapes import (
    INDEX_ELLIPSIS,
    INDEX_FULL_SLICE,
    INDEX_INTEGER,
    INDEX_NEW_AXIS,
    JaxtypingShape,
    SliceItem,
    disagreement,
    flatten_shape,
    index_shape,
    parse_jaxtyping,
    permute_shape,
    reshape_shape,
    squeeze_shape,
    transpose_shape,
    unsqueeze_shape,
)
from typedrnn._contracts import ModuleConfig, Problem, TensorArg, TupleArg, check_call

CORPUS = Path(__file__).parent / "mypy_corpus"


def programs(kind: str) -> list[Path]:
    """The corpus programs of one kind: single files, and packages of several."""
    return sorted(
        path for path in CORPUS.glob(f"{kind}_*") if path.suffix == ".py" or (path / "__init__.py").is_file()
    )


def sources(program: Path) -> list[Path]:
    """The files of a program: itself, or every module of its package."""
    return sorted(program.glob("*.py")) if program.is_dir() else [program]


def files_of(programs: list[Path]) -> list[Path]:
    return [path for program in programs for path in sources(program)]


def key(path: Path) -> str:
    """A file's name in the corpus: two packages may both hold a ``model.py``."""
    return path.relative_to(CORPUS).as_posix()


BAD = programs("bad")
GOOD = programs("good")
# Bugs the checker is known to miss: torch rejects them (tests/test_corpus_runs.py), and
# the checker says nothing of them, as it should say nothing of what it cannot prove.
MISSED = programs("miss")

_EXPECTED_ERROR = re.compile(r'#\s*E:\s*([\w-]+)(?:\s+"([^"]*)")?')
_EXPECTED_NOTE = re.compile(r"#\s*N:\s*(.+?)\s*$")
# Where torch rejects a bug that the checker reports at a call elsewhere in the file.
_RAISES_HERE = re.compile(r"#\s*R:\s*torch raises here")
_REPORTED = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+): (?P<severity>error|note): (?P<message>.*?)(?:  \[(?P<code>[\w-]+)\])?$"
)


@dataclass
class Diagnostics:
    """What mypy said about one file, by line."""

    errors: dict[int, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))


def parse_report(stdout: str, root: Path = CORPUS) -> dict[str, Diagnostics]:
    """What mypy said, by each file's path under ``root`` (mypy prints paths from the current directory)."""
    by_file: dict[str, Diagnostics] = defaultdict(Diagnostics)
    for line in stdout.splitlines():
        match = _REPORTED.match(line)
        if match is None:
            continue
        path = (Path.cwd() / match["path"]).resolve()
        found = by_file[path.relative_to(root.resolve()).as_posix() if path.is_relative_to(root.resolve()) else str(path)]
        number = int(match["line"])
        if match["severity"] == "error":
            found.errors[number].append((match["code"] or "", match["message"]))
        else:
            found.notes[number].append(match["message"])
    return by_file


def expectations(path: Path) -> tuple[dict[int, tuple[str, str | None]], dict[int, str]]:
    """One file's expected errors and notes, by line."""
    errors: dict[int, tuple[str, str | None]] = {}
    notes: dict[int, str] = {}
    for number, text in enumerate(path.read_text().splitlines(), start=1):
        if (error := _EXPECTED_ERROR.search(text)) is not None:
            errors[number] = (error[1], error[2])
        if (note := _EXPECTED_NOTE.search(text)) is not None:
            notes[number] = note[1]
    return errors, notes


def mypy_config(directory: Path) -> Path:
    """The two-line setup users write, with a cache of the test's own.

    torch is analysed whole, as in a user's project: configurations that skip parts
    of torch (``follow_imports = skip``) make dmypy's updates crawl, plugin or not.
    """
    config = directory / "mypy.ini"
    config.write_text(
        f"[mypy]\nplugins = typedrnn.mypy_plugin\ncache_dir = {directory / 'cache'}\ncache_fine_grained = True\n"
    )
    return config


def run_mypy(config: Path, files: list[Path]) -> tuple[str, int]:
    stdout, stderr, status = api.run(["--config-file", str(config), *map(str, files)])
    assert status in (0, 1), f"mypy crashed (status {status}):\n{stderr}\n{stdout[-3000:]}"
    return stdout, status


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy")


@pytest.fixture(scope="module")
def corpus_run(workspace: Path) -> str:
    stdout, _ = run_mypy(mypy_config(workspace), files_of(BAD + GOOD + MISSED))
    return stdout


@pytest.fixture(scope="module", autouse=True)
def outside_the_checkout(workspace: Path) -> Iterator[None]:
    # mypy prefers a typedrnn/ folder in the current directory to installed stubs;
    # users run it from their own project, and so do these tests.
    previous = Path.cwd()
    os.chdir(workspace)
    try:
        yield
    finally:
        os.chdir(previous)


@pytest.fixture(scope="module")
def reported(corpus_run: str) -> dict[str, Diagnostics]:
    return parse_report(corpus_run)


def _by_line(found: Diagnostics) -> dict[int, list[tuple[str, str]]]:
    """Errors by line, in an order of their own (mypy keeps no order within a line)."""
    return {line: sorted(errors) for line, errors in found.errors.items()}


def _unnamed_raising_lines(program: Path, reported: dict[str, Diagnostics]) -> list[str]:
    """A bug reported at a call must name the line inside where torch rejects it, and its file
    when that is another module of the program."""
    notes_at_marks = [
        (marked, note)
        for marked in sources(program)
        for line in expectations(marked)[0]
        for note in reported[key(marked)].notes.get(line, [])
    ]

    def names(note: str, marked: Path, path: Path, number: int) -> bool:
        return note.endswith(f"line {number}" if marked == path else f"line {number} of {path.name}")

    return [
        f"{key(path)}:{number}: no report at a marked line names line {number} (notes: {notes_at_marks})"
        for path in sources(program)
        for number, text in enumerate(path.read_text().splitlines(), start=1)
        if _RAISES_HERE.search(text) and not any(names(note, marked, path, number) for marked, note in notes_at_marks)
    ]


def _missing_notes(path: Path, found: Diagnostics) -> list[str]:
    _, notes = expectations(path)
    return [
        f"{key(path)}:{number}: note {text!r} missing; got {found.notes.get(number)}"
        for number, text in notes.items()
        if not any(text in note for note in found.notes.get(number, []))
    ]


# --------------------------------------------------------------------------------------
# The corpus


def test_corpus_has_forty_bad_and_twenty_five_good_programs_in_the_style_of_real_code() -> None:
    assert len(BAD) >= 40 and len(GOOD) >= 20
    real_bad = [path for path in BAD if path.name.startswith("bad_real_")]
    real_good = [path for path in GOOD if path.name.startswith("good_real_")]
    assert len(real_bad) >= 40 and len(real_good) >= 25
    for program in BAD:
        assert any(expectations(path)[0] for path in sources(program)), f"{program.name} marks no expected error"
    for program in GOOD:
        for path in sources(program):
            assert not expectations(path)[0], f"{key(path)} is good but expects an error"


def test_corpus_holds_programs_that_span_files() -> None:
    # Packages run as ``python -m``; their modules import each other relatively, so copies
    # under another package name (the daemon's, the benchmark's) still resolve.
    packages = [program for program in BAD + GOOD if program.is_dir()]
    assert len([p for p in packages if p.name.startswith("bad_")]) >= 5
    assert len([p for p in packages if p.name.startswith("good_")]) >= 3
    for package in packages:
        modules = [path.name for path in sources(package)]
        assert "__main__.py" in modules and len(modules) >= 3, f"{package.name}: {modules}"


@pytest.mark.parametrize("program", BAD, ids=lambda p: p.stem)
def test_bad_program_is_reported_on_its_line(program: Path, reported: dict[str, Diagnostics]) -> None:
    problems = []
    for path in sources(program):
        expected, _ = expectations(path)
        found = reported[key(path)]
        for number, (code, fragment) in expected.items():
            here = found.errors.get(number, [])
            if not any(c == code and (fragment is None or fragment in m) for c, m in here):
                problems.append(f"{key(path)}:{number}: expected [{code}] {fragment or ''!r}, got {here}")
        for number, here in found.errors.items():
            if number not in expected:
                problems.append(f"{key(path)}:{number}: unexpected {here}")
        problems += _missing_notes(path, found)
    problems += _unnamed_raising_lines(program, reported)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("program", MISSED, ids=lambda p: p.stem)
def test_a_known_miss_is_silent_not_wrong(program: Path, reported: dict[str, Diagnostics]) -> None:
    errors = {key(path): dict(reported[key(path)].errors) for path in sources(program) if reported[key(path)].errors}
    assert not errors, f"caught now: rename it bad_ and mark the line # E: {errors}"


@pytest.mark.parametrize("program", GOOD, ids=lambda p: p.stem)
def test_good_program_has_no_errors(program: Path, reported: dict[str, Diagnostics]) -> None:
    for path in sources(program):
        found = reported[key(path)]
        assert not found.errors, (key(path), dict(found.errors))
        assert not _missing_notes(path, found)


def test_shape_errors_word_the_problem_as_the_runtime_does(reported: dict[str, Diagnostics]) -> None:
    # bad_states_batch_first_layout_lstm.py: LSTM(50, 100, num_layers=2, batch_first=True)
    # called with input (3, 10, 50) and both states (3, 2, 100).
    config = ModuleConfig("LSTM", 50, 100, num_layers=2, batch_first=True, origin="line 9")
    state = TensorArg((3, 2, 100))
    problem = check_call(config, TensorArg((3, 10, 50)), TupleArg((state, state)))
    assert isinstance(problem, Problem)
    summary, *details = problem.message().splitlines()

    found = reported["bad_states_batch_first_layout_lstm.py"]
    assert found.errors[15] == [("shape", summary)]
    assert found.notes[15] == [line.strip() for line in details]
    assert any("batch_first" in line for line in details)


# --------------------------------------------------------------------------------------
# Cache and daemon


def test_second_run_on_the_cache_reports_the_same_errors(workspace: Path, corpus_run: str) -> None:
    again, _ = run_mypy(workspace / "mypy.ini", files_of(BAD + GOOD + MISSED))
    assert again == corpus_run


def test_dmypy_reports_the_same_errors_follows_an_edit_and_keeps_the_others(workspace: Path, corpus_run: str) -> None:
    # The daemon starts from the corpus run's cache (torch is in it) on copies of the
    # corpus in a package of their own, new modules it must check itself; then one
    # program is edited.
    copies = workspace / "daemon"
    copies.mkdir()
    (copies / "__init__.py").write_text("")
    for program in BAD + GOOD:
        if program.is_dir():
            shutil.copytree(program, copies / program.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(program, copies / program.name)
    files = sorted(map(str, copies.rglob("*.py")))
    dmypy = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(workspace / "dmypy.json")]
    config = ["--config-file", str(workspace / "mypy.ini"), "--use-fine-grained-cache"]
    try:
        started = subprocess.run(
            [*dmypy, "run", "--timeout", "120", "--", *config, *files],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        fresh, daemon = parse_report(corpus_run), parse_report(started.stdout, copies)
        for path in files_of(BAD + GOOD):
            assert dict(daemon[key(path)].errors) == dict(fresh[key(path)].errors), key(path)

        program = copies / "bad_cell_input_size.py"
        program.write_text('"""Moved down two lines."""\n\n' + program.read_text())
        checked = subprocess.run(
            [*dmypy, "check", *files], capture_output=True, text=True, timeout=300, check=False
        )
        after = parse_report(checked.stdout, copies)
        moved = after["bad_cell_input_size.py"]
        assert [(line, code) for line, errors in moved.errors.items() for code, _ in errors] == [
            (13, "shape")
        ]
        # Files that did not change keep their errors, those found after type checking too.
        for path in files_of(BAD + GOOD):
            if key(path) != "bad_cell_input_size.py":
                assert _by_line(after[key(path)]) == _by_line(fresh[key(path)]), key(path)
    finally:
        subprocess.run([*dmypy, "stop"], capture_output=True, timeout=60, check=False)


# --------------------------------------------------------------------------------------
# The plugin stays out of torch's way


def test_importing_the_plugin_never_imports_torch() -> None:
    code = "import sys, typedrnn.mypy_plugin; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# --------------------------------------------------------------------------------------
# Shape arithmetic


def test_jaxtyping_strings_read_names_sizes_and_variadics() -> None:
    assert parse_jaxtyping("batch seq 50") == JaxtypingShape(("batch", "seq", 50))
    assert parse_jaxtyping(" input") == JaxtypingShape(("input",))
    assert parse_jaxtyping("*batch in_features") == JaxtypingShape((), True, ("in_features",))
    assert parse_jaxtyping("b ... 3") == JaxtypingShape(("b",), True, (3,))
    assert parse_jaxtyping("_ #b seq+1 _name") == JaxtypingShape((None, None, None, None))
    assert parse_jaxtyping("*a *b") is None


def test_a_name_never_disagrees_with_a_size_but_two_sizes_or_two_names_do() -> None:
    declared = JaxtypingShape(("batch", 20))
    assert disagreement((3, 20), declared) is None
    assert disagreement((3, 40), declared) == 1
    assert disagreement(("seq", 20), declared) == 0
    assert disagreement((3, 20, 1), declared) == "rank"
    assert disagreement((4, 5, 20), JaxtypingShape((), True, (20,))) is None


def test_indexing_drops_integer_dimensions_and_slices_known_sizes() -> None:
    assert index_shape((2, 3, 100), (-1,)) == (3, 100)
    assert index_shape((10, 3, 50), (INDEX_FULL_SLICE, -1, INDEX_FULL_SLICE)) == (10, 50)
    assert index_shape(("seq", 3, 50), (INDEX_INTEGER,)) == (3, 50)
    assert index_shape((10, 3), (SliceItem(2, None, None),)) == (8, 3)
    assert index_shape((10, 3), (INDEX_ELLIPSIS, INDEX_NEW_AXIS)) == (10, 3, 1)
    assert index_shape((10, 3), (5, 1, 0)) is None
    assert index_shape((2, 3), (7,)) is None


def test_reshaping_methods_map_shapes_exactly_or_not_at_all() -> None:
    assert transpose_shape((4, 25, 50), 0, 1) == (25, 4, 50)
    assert transpose_shape((4, 25), 0, 2) is None
    assert permute_shape((6, 12, 30), (1, 0, 2)) == (12, 6, 30)
    assert permute_shape((6, 12, 30), (1, 1, 2)) is None
    assert reshape_shape((100, 8, 4, 32), (100, 8, -1)) == (100, 8, 128)
    assert reshape_shape(("seq", 8, 4), (-1, 4)) == (None, 4)
    assert unsqueeze_shape((20, 6), 1) == (20, 1, 6)
    assert unsqueeze_shape((20, 6), -1) == (20, 6, 1)
    assert squeeze_shape((1, 3, 1), None) == (3,)
    assert squeeze_shape(("batch", 1), None) is None
    assert squeeze_shape((4, 1), -1) == (4,)
    assert flatten_shape((2, 3, 4), 1, -1) == (2, 12)
