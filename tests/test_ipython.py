"""``%load_ext typedrnn`` in an IPython session, and the ``%typedrnn on|off`` magic.

Each test drives a real IPython shell in a subprocess, cell by cell, so that the
shell's hold on the process (display hooks, history) stays out of this one.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("IPython", reason="the IPython extension is tested where IPython is installed")

SESSION = """\
import json
from IPython.core.interactiveshell import InteractiveShell

shell = InteractiveShell.instance(history_length=0)
seen = []


def cell(source):
    result = shell.run_cell(source, silent=True)
    seen.append(None if result.error_in_exec is None else type(result.error_in_exec).__name__)


{cells}
print("RESULT", json.dumps(seen))
"""


def run_session(cells: str) -> tuple[list[str | None], str]:
    script = SESSION.format(cells=textwrap.dedent(cells))
    process = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False
    )
    assert process.returncode == 0, process.stderr
    printed, _, result = process.stdout.rpartition("RESULT ")
    return json.loads(result), printed


BAD_CALL = "lstm(torch.randn(3, 10, 50), (torch.zeros(3, 2, 100), torch.zeros(3, 2, 100)))"


def test_load_ext_makes_the_sessions_modules_typed_so_a_shape_mistake_raises_shape_error() -> None:
    outcomes, _ = run_session(
        f"""
        cell("import torch")
        cell("get_ipython().run_line_magic('load_ext', 'typedrnn')")
        cell("lstm = torch.nn.LSTM(50, 100, num_layers=2, batch_first=True)")
        cell("import typedrnn; assert isinstance(lstm, typedrnn.LSTM)")
        cell({BAD_CALL!r})
        """
    )
    assert outcomes == [None, None, None, None, "ShapeError"]


def test_typedrnn_off_and_on_switch_the_session_between_torch_and_typed_modules() -> None:
    outcomes, printed = run_session(
        f"""
        cell("import torch, typedrnn")
        cell("get_ipython().run_line_magic('load_ext', 'typedrnn')")
        cell("lstm = torch.nn.LSTM(50, 100, num_layers=2, batch_first=True)")
        cell("get_ipython().run_line_magic('typedrnn', 'off')")
        cell("assert not isinstance(torch.nn.LSTM(2, 3), typedrnn.LSTM)")
        cell({BAD_CALL!r})
        cell("get_ipython().run_line_magic('typedrnn', 'on')")
        cell("assert isinstance(torch.nn.LSTM(2, 3), typedrnn.LSTM)")
        cell({BAD_CALL!r})
        cell("get_ipython().run_line_magic('typedrnn', '')")
        """
    )
    # Off, the typed module built earlier no longer checks: torch itself refuses the call.
    assert outcomes == [None, None, None, None, None, "RuntimeError", None, None, "ShapeError", None]
    # (The shell prints the tracebacks of failing cells too.)
    assert [line for line in printed.splitlines() if line.startswith("typedrnn: ")] == [
        "typedrnn: off (torch.nn's own classes; typed modules do not check)",
        "typedrnn: on (torch.nn's RNN, LSTM, GRU, cells and Linear are typed and checked)",
        "typedrnn: on (torch.nn's RNN, LSTM, GRU, cells and Linear are typed and checked)",
    ]


def test_unload_ext_puts_torchs_classes_back() -> None:
    outcomes, _ = run_session(
        """
        cell("import torch, typedrnn")
        cell("get_ipython().run_line_magic('load_ext', 'typedrnn')")
        cell("get_ipython().run_line_magic('unload_ext', 'typedrnn')")
        cell("assert torch.nn.LSTM is torch.nn.modules.rnn.LSTM")
        """
    )
    assert outcomes == [None, None, None, None]
