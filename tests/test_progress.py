"""A long mypy run says, every few seconds, which phase it is in and how many modules it has done."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from typedrnn._checker.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_short_run_prints_nothing() -> None:
    stream, clock = io.StringIO(), Clock()
    run = Progress(stream, every=10, clock=clock, printing=True)
    for _ in range(500):
        run.parsing()
    clock.now += 9
    run.type_checked(read_for_shapes=True)
    assert stream.getvalue() == ""


def test_a_long_run_names_the_phase_and_the_counts_every_few_seconds() -> None:
    stream, clock = io.StringIO(), Clock()
    run = Progress(stream, every=10, clock=clock, printing=True)
    for _ in range(1310):
        run.parsing()
    clock.now += 11
    run.parsing()
    for index in range(1204):
        run.type_checked(read_for_shapes=index < 3)
    clock.now += 12
    run.type_checked(read_for_shapes=False)
    run.type_checked(read_for_shapes=False)
    assert stream.getvalue().splitlines() == [
        "typedrnn: 11 s: parsing, 1,311 modules so far; shapes read in 0 of yours",
        "typedrnn: 23 s: type checking, 1,205 of 1,311 modules parsed are checked; shapes read in 3 of yours",
    ]


def test_progress_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TYPEDRNN_PROGRESS", "0")
    stream, clock = io.StringIO(), Clock()
    run = Progress(stream, every=10, clock=clock)
    clock.now += 60
    run.parsing()
    assert stream.getvalue() == ""


def test_a_first_mypy_run_prints_progress_on_stderr_and_nothing_on_stdout(tmp_path: Path) -> None:
    (tmp_path / "mypy.ini").write_text(f"[mypy]\nplugins = typedrnn.mypy_plugin\ncache_dir = {tmp_path / 'cache'}\n")
    (tmp_path / "model.py").write_text("import torch\n\nlstm = torch.nn.LSTM(4, 8)\n")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "model.py"],
        cwd=tmp_path,
        env={**os.environ, "TYPEDRNN_PROGRESS": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success")
    lines = result.stderr.splitlines()
    # A first run reads torch whole: many seconds on any machine.
    assert lines and all(line.startswith("typedrnn: ") for line in lines), result.stderr
    assert any("type checking" in line for line in lines)
