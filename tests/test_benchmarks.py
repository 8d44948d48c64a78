"""The benchmarks stay runnable: a short run prints every configuration and verdict.

These are not timing tests (the machines are shared and noisy); they only hold the
programs to their promised output.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_overhead_benchmark_prints_every_configuration_with_its_verdicts() -> None:
    process = subprocess.run(
        [sys.executable, str(BENCHMARKS / "overhead.py"), "--seconds", "0.2"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert process.returncode == 0, process.stderr
    out = process.stdout
    assert "torch 2." in out.splitlines()[1]
    for configuration in (
        "Linear(2, 4)",
        "RNN(5, 10, 2)",
        "LSTM(50, 100, 2)",
        "GRU(10, 20, 2)",
        "LSTM(16, 32, 2, bidirectional, batch_first) + (h0, c0)",
        "GRU(16, 32) on a PackedSequence",
        "LSTMCell(10, 20), a 100-step loop",
    ):
        assert configuration in out
    assert sum(line.startswith("  typedrnn") for line in out.splitlines()) == 14
    on_targets = [line for line in out.splitlines() if line.startswith("  typedrnn on")]
    assert sum("≤ 3 µs" in line for line in on_targets) == 2
    assert sum("≤ 5 µs" in line for line in on_targets) == 5
    assert all("≤ 0.5 µs" in line for line in out.splitlines() if line.startswith("  typedrnn off"))
    assert out.count("jaxtyping+beartype") == 6
    assert sum(line.startswith("  an empty subclass") and line.endswith("the floor for off") for line in out.splitlines()) == 7
