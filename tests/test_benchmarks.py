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
        "RNN(5, 10, 2), seq 1..400",
        "GRU(8, 16) + h0, seq 1..400",
        "LSTM(16, 32) + (h0, c0), seq 1..400",
        "Linear(8, 8) on (1..2000, 8)",
        "GRUCell(8, 16) + h, batch 1..1500",
        "LSTMCell(8, 16) + (h, c), batch 1..1500",
        "GRU(16, 32) on random PackedSequences",
    ):
        assert configuration in out
    lines = out.splitlines()
    assert sum(line.startswith("  typedrnn") for line in lines) == 35
    on_targets = [line for line in lines if line.startswith("  typedrnn on")]
    assert sum("≤ 3 µs" in line for line in on_targets) == 2
    assert sum("≤ 5 µs" in line for line in on_targets) == 12
    first_calls = [line for line in lines if line.startswith("  typedrnn first call")]
    assert len(first_calls) == 7 and all("≤ 10 µs" in line for line in first_calls)
    assert all("≤ 0.5 µs" in line for line in lines if line.startswith("  typedrnn off"))
    assert out.count("jaxtyping+beartype") == 12
    assert sum(line.startswith("  an empty subclass") and line.endswith("the floor for off") for line in lines) == 14
