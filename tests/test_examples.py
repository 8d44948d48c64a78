"""The runnable examples run, and say what the walkthrough promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_seed_walkthrough_shows_named_shapes_and_the_bidirectional_pitfall() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "seed.py")], capture_output=True, text=True, check=True, timeout=120
    )
    out = result.stdout
    assert "h_n    (layers×dirs=2, batch=3, hidden=10)" in out
    assert "h_n is 2×3×10, not 2×3×5" in out
    assert "c_n    (layers×dirs=2, batch=3, hidden=100)" in out
    assert "output[-1] equals h_n[-1] (one direction: the last step of the top layer): True" in out
    assert "output[-1] equals h_n[-1]: False; the shapes differ: (32, 40) vs (32, 20)" in out
    assert "output[-1, :, :20] == h_n[-2]: True" in out
    assert "4440 parameters" in out
    assert "h0 expected (layers×dirs=4, batch=32, hidden=20), got (2, 32, 20)" in out


def test_every_classic_mistake_is_caught_with_a_named_message() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "mistakes.py")], capture_output=True, text=True, check=True, timeout=120
    )
    out = result.stdout
    assert "NOT CAUGHT" not in out
    assert "20 of 20 mistakes caught as ShapeError" in out
    assert "(plain torch: RuntimeError: got an incorrect number of RNN parameters)" in out
