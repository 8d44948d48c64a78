"""The checker across files and runs: what mypy's cache and dmypy hold back must not change a report.

A project of three modules: ``model.py`` defines a model and a jaxtyping function,
``train.py`` calls both with wrong sizes, ``util.py`` has nothing to do with them.
mypy frees a module's code once it has checked it and keeps only its types in the
cache, yet the calls in ``train.py`` must be reported the same way whichever of the
modules mypy checked in this run, read from its cache, or (under dmypy) kept.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mypy import api

MODEL = '''"""A forecaster whose sizes come from its constructor."""
import torch
from jaxtyping import Float
from torch import Tensor, nn


class Forecaster(nn.Module):
    def __init__(self, n_features, hidden, layers):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden, layers, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


def pool(states: Float[Tensor, "batch seq 16"]) -> Float[Tensor, "batch 16"]:
    return states.mean(1)
'''

TRAIN = '''"""Trains the forecaster on windows of five features."""
import torch

from .model import Forecaster, pool


def main():
    model = Forecaster(n_features=5, hidden=16, layers=2)
    windows = torch.rand(8, 30, 3)
    prediction = model(windows)
    summary = pool(torch.rand(8, 30, 12))
    return prediction, summary
'''

UTIL = '''"""Helpers with no tensors in them."""


def mean(values):
    return sum(values) / len(values)
'''

EXPECTED = [
    "train.py:10: error: LSTM(5, 16, num_layers=2, batch_first=True): input expected (batch=8, seq=30, input=5), got (8, 30, 3)  [shape]",
    "train.py:10: note: in Forecaster.forward, line 14 of model.py",
    "train.py:10: note: dimension 2 (input) is 3, but input=5 from input_size=5 (line 10 of model.py).",
    "train.py:11: error: pool: states expected (batch, seq, 16), got (8, 30, 12)  [shape]",
    "train.py:11: note: dimension 2 is 12, where the annotation of states says 16.",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project, and a cache that already holds torch (as after a CI run's first)."""
    root = tmp_path_factory.mktemp("cache")
    (root / "mypy.ini").write_text(
        f"[mypy]\nplugins = typedrnn.mypy_plugin\ncache_dir = {root / 'cache'}\ncache_fine_grained = True\n"
    )
    (root / "warmup.py").write_text("import torch\nimport jaxtyping\n")
    mypy(root, "warmup.py")
    return root


def write_project(root: Path, name: str) -> Path:
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "model.py").write_text(MODEL)
    (package / "train.py").write_text(TRAIN)
    (package / "util.py").write_text(UTIL)
    return package


def mypy(root: Path, *targets: str) -> list[str]:
    # Run from the project, as users do (mypy prefers a typedrnn/ folder in the
    # current directory to the installed package's stubs).
    previous = Path.cwd()
    os.chdir(root)
    try:
        stdout, stderr, status = api.run(["--config-file", str(root / "mypy.ini"), *targets])
    finally:
        os.chdir(previous)
    assert status in (0, 1), f"mypy crashed ({status}):\n{stderr}{stdout[-3000:]}"
    return report(stdout)


def report(stdout: str) -> list[str]:
    """The diagnostics, with each path cut to its file name."""
    lines = []
    for line in stdout.splitlines():
        if ": error: " in line or ": note: " in line:
            path, _, rest = line.partition(":")
            lines.append(f"{Path(path).name}:{rest}")
    return lines


def hint_free(lines: list[str]) -> list[str]:
    return [line for line in lines if ": note: hint:" not in line]


def moved(lines: list[str], by: int) -> list[str]:
    shifted = []
    for line in lines:
        name, number, rest = line.split(":", 2)
        shifted.append(f"{name}:{int(number) + by}:{rest}")
    return shifted


def test_a_call_into_another_module_is_reported_at_the_call_with_the_line_inside(project: Path) -> None:
    write_project(project, "fresh")
    assert hint_free(mypy(project, "fresh")) == EXPECTED


def test_warm_runs_report_what_a_fresh_run_reports(project: Path) -> None:
    package = write_project(project, "warm")
    fresh = mypy(project, "warm")
    assert hint_free(fresh) == EXPECTED

    # Nothing changed: everything comes from the cache.
    assert mypy(project, "warm") == fresh

    # An unrelated module changed: it alone is checked again.
    (package / "util.py").write_text(UTIL + "\n\ndef total(values):\n    return sum(values)\n")
    assert mypy(project, "warm") == fresh

    # The caller changed and the model did not: the model's code is read back for the calls.
    (package / "train.py").write_text('"""Moved down two lines."""\n\n' + TRAIN)
    assert mypy(project, "warm") == moved(fresh, 2)


def test_editing_the_callee_re_checks_its_callers(project: Path) -> None:
    package = write_project(project, "callee")
    assert hint_free(mypy(project, "callee")) == EXPECTED

    # The model is fixed to take three features; only model.py changed.
    (package / "model.py").write_text(MODEL.replace("nn.LSTM(n_features,", "nn.LSTM(3,"))
    after = mypy(project, "callee")
    assert not any("LSTM" in line for line in after), after
    assert after == [line for line in mypy(project, "callee") if "LSTM" not in line]
    assert len(after) == 2  # the pool call alone


def test_dmypy_reports_the_same_follows_edits_and_keeps_the_others(project: Path) -> None:
    # The daemon starts from the cache that holds torch, on modules it must check itself
    # (from a fine-grained cache, dmypy reports nothing of modules it loads, plugin or not).
    package = write_project(project, "daemon")
    dmypy = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(project / "dmypy.json")]
    config = ["--config-file", str(project / "mypy.ini"), "--use-fine-grained-cache"]
    files = sorted(map(str, package.glob("*.py")))

    def daemon(*command: str) -> list[str]:
        result = subprocess.run(
            [*dmypy, *command], cwd=project, capture_output=True, text=True, timeout=300, check=False
        )
        assert result.returncode in (0, 1), result.stderr + result.stdout
        return report(result.stdout)

    try:
        fresh = daemon("run", "--timeout", "120", "--", *config, *files)
        assert hint_free(fresh) == EXPECTED

        # An unrelated edit: train.py keeps its errors.
        (package / "util.py").write_text(UTIL + "\n\nLIMIT = 3\n")
        assert daemon("check", *files) == fresh

        # The caller moves: its errors move with it.
        (package / "train.py").write_text('"""Moved down two lines."""\n\n' + TRAIN)
        assert daemon("check", *files) == moved(fresh, 2)

        # The callee is fixed: the caller's LSTM error goes, its pool error stays.
        (package / "model.py").write_text(MODEL.replace("nn.LSTM(n_features,", "nn.LSTM(3,"))
        after = daemon("check", *files)
        assert [line for line in after if "LSTM" in line] == []
        assert hint_free(after) == moved(EXPECTED[3:], 2)
    finally:
        subprocess.run([*dmypy, "stop"], cwd=project, capture_output=True, timeout=60, check=False)
        shutil.rmtree(package, ignore_errors=True)
