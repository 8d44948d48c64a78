"""Every code block of README.md runs as written, and shows what the README says it shows.

- ``python`` blocks run as scripts, each in a fresh process. A block followed by a
  ``text`` block that starts with ``typedrnn.ShapeError:`` must end with exactly that
  error; one followed by mypy's output (``model.py:7: error: ...``) is saved as
  ``model.py`` and checked with ``typedrnn check``, which must print that output.
- ``console`` blocks: each ``$ command`` runs in the repository, and prints the lines
  below it (a line ``  ...`` stands for any lines, as in a traceback).
- ``ipython`` blocks run in an IPython shell (where IPython is installed); ``toml``
  blocks parse.
- ``bash`` blocks install things (the quick start); CI runs them as they are.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
TIMEOUT = 300


@dataclass(frozen=True)
class Block:
    language: str
    code: str
    line: int
    following: str | None  # the text block right after this one, if there is one


def _blocks() -> list[Block]:
    fences = list(re.finditer(r"^```(\w*)\n(.*?)^```\n", README, flags=re.DOTALL | re.MULTILINE))
    blocks = []
    for index, fence in enumerate(fences):
        after = fences[index + 1] if index + 1 < len(fences) else None
        adjacent = after is not None and README[fence.end() : after.start()].strip() == "" and after[1] == "text"
        blocks.append(
            Block(
                language=fence[1],
                code=fence[2],
                line=README.count("\n", 0, fence.start()) + 1,
                following=after[2] if adjacent and after is not None else None,
            )
        )
    return blocks


BLOCKS = _blocks()


def _of(language: str) -> list[pytest.param]:  # type: ignore[valid-type]
    return [pytest.param(block, id=f"line {block.line}") for block in BLOCKS if block.language == language]


def _run(command: list[str] | str, cwd: Path, mypy_cache: Path, shell: bool = False) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "MYPY_CACHE_DIR": str(mypy_cache)}
    return subprocess.run(
        command, cwd=cwd, shell=shell, capture_output=True, text=True, timeout=TIMEOUT, env=environment, check=False
    )


@pytest.fixture
def mypy_cache(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = getattr(pytestconfig, "cache", None)
    return cache.mkdir("typedrnn-mypy") if cache is not None else tmp_path_factory.mktemp("mypy-cache")


def test_the_readme_has_the_blocks_this_test_knows_how_to_run() -> None:
    languages = {block.language for block in BLOCKS}
    assert languages <= {"python", "text", "console", "bash", "toml", "yaml", "ipython"}, languages
    assert len(_of("python")) >= 5
    assert len(_of("console")) >= 4


@pytest.mark.parametrize("block", _of("python"))
def test_python_block_runs_as_written(block: Block, tmp_path: Path, mypy_cache: Path) -> None:
    expected = block.following
    if expected is not None and re.match(r"^model\.py:\d+: error: ", expected):
        (tmp_path / "model.py").write_text(block.code)
        checked = _run(["typedrnn", "check", "model.py"], tmp_path, mypy_cache)
        assert checked.returncode == 1, checked.stderr
        # The README shows mypy's own summary line; typedrnn check's is its own.
        shown = [line for line in expected.splitlines() if not line.startswith("Found ")]
        assert checked.stdout.splitlines()[: len(shown)] == shown
        return
    (tmp_path / "block.py").write_text(block.code)
    ran = _run([sys.executable, "block.py"], tmp_path, mypy_cache)
    if expected is not None and expected.startswith("typedrnn.ShapeError: "):
        assert ran.returncode == 1
        assert ran.stderr.endswith(expected), ran.stderr
    else:
        assert ran.returncode == 0, ran.stderr


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is ``expected``, where a line ``  ...`` stands for any lines."""
    if not expected:
        return not actual
    if expected[0].strip() == "...":
        return any(_matches(expected[1:], actual[start:]) for start in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and _matches(expected[1:], actual[1:])


@pytest.mark.parametrize("block", _of("console"))
def test_console_block_prints_what_it_shows(block: Block, mypy_cache: Path) -> None:
    sessions = re.split(r"^\$ ", block.code, flags=re.MULTILINE)[1:]
    assert sessions, "a console block shows at least one command"
    for session in sessions:
        command, _, output = session.partition("\n")
        ran = _run(command, REPO, mypy_cache, shell=True)
        printed = (ran.stdout + ran.stderr).splitlines()
        assert _matches(output.splitlines(), printed), f"$ {command}\n" + "\n".join(printed)


@pytest.mark.parametrize("block", _of("toml"))
def test_toml_block_parses(block: Block) -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")
    assert tomllib.loads(block.code)


@pytest.mark.parametrize("block", _of("ipython"))
def test_ipython_block_runs_in_an_ipython_shell(block: Block, tmp_path: Path, mypy_cache: Path) -> None:
    pytest.importorskip("IPython", reason="IPython blocks run where IPython is installed")
    script = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance(history_length=0)\n"
        f"result = shell.run_cell({block.code!r}, silent=True)\n"
        "raise SystemExit(0 if result.success else 1)\n"
    )
    ran = _run([sys.executable, "-c", script], tmp_path, mypy_cache)
    assert ran.returncode == 0, ran.stdout + ran.stderr
