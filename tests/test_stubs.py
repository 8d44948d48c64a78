"""The PEP 561 stubs in ``stubs/typedrnn-stubs``: torch's constructors, precise calls.

The stubs give mypy and pyright what run-time annotations cannot: that ``lstm(x)``
returns ``tuple[Tensor, tuple[Tensor, Tensor]]``, that LSTM's hx is a pair and GRU's
a tensor, that a PackedSequence comes back as one, and what each cell returns.
mypy's side is specified by the ``bad_stubs_*`` programs of the plugin corpus; this
file holds the constructors to torch's and runs basedpyright.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
STUBS = ROOT / "stubs" / "typedrnn-stubs"
CORPUS = Path(__file__).parent / "mypy_corpus"
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))

_TORCH_HOMES = {
    "RNN": "nn/modules/rnn.py",
    "LSTM": "nn/modules/rnn.py",
    "GRU": "nn/modules/rnn.py",
    "RNNCell": "nn/modules/rnn.py",
    "LSTMCell": "nn/modules/rnn.py",
    "GRUCell": "nn/modules/rnn.py",
    "Linear": "nn/modules/linear.py",
}


def _first_init(path: Path, class_name: str) -> ast.FunctionDef:
    """A class's first ``__init__`` (for torch's overloaded ones, the explicit signature)."""
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    return item
    raise LookupError(f"{class_name}.__init__ not found in {path}")


def _parameters(function: ast.FunctionDef) -> list[tuple[str, object]]:
    positional = function.args.args
    defaults = [None] * (len(positional) - len(function.args.defaults)) + function.args.defaults
    return [
        (argument.arg, "required" if default is None else ast.literal_eval(default))
        for argument, default in zip(positional, defaults)
    ]


@pytest.mark.parametrize("class_name", list(_TORCH_HOMES))
def test_stub_constructor_is_torchs_parameter_for_parameter(class_name: str) -> None:
    spec = importlib.util.find_spec("torch")
    assert spec is not None and spec.origin is not None
    torch_init = _first_init(Path(spec.origin).parent / _TORCH_HOMES[class_name], class_name)
    stub_init = _first_init(STUBS / "_modules.pyi", class_name)
    assert _parameters(stub_init) == _parameters(torch_init)


def test_stubs_are_partial_so_the_rest_of_typedrnn_stays_visible() -> None:
    assert (STUBS / "py.typed").read_text().strip() == "partial"


@pytest.fixture(scope="module")
def pyright_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[int, str, str]]]:
    executable = shutil.which("basedpyright")
    assert executable is not None, "basedpyright is a test dependency"
    project = tmp_path_factory.mktemp("pyright")
    for path in [*EXAMPLES, *sorted(CORPUS.glob("bad_stubs_*.py"))]:
        shutil.copy(path, project / path.name)
    (project / "stub_overloads.py").write_text(
        textwrap.dedent(
            """\
            from typing import assert_type

            import torch
            import typedrnn
            from torch import Tensor
            from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence

            x = torch.randn(5, 3, 10)
            packed = pack_padded_sequence(x, [5, 4, 3])
            assert_type(typedrnn.LSTM(10, 20)(x), tuple[Tensor, tuple[Tensor, Tensor]])
            assert_type(typedrnn.LSTM(10, 20)(packed), tuple[PackedSequence, tuple[Tensor, Tensor]])
            assert_type(typedrnn.GRU(10, 20)(x, torch.zeros(1, 3, 20)), tuple[Tensor, Tensor])
            assert_type(typedrnn.RNN(10, 20)(packed), tuple[PackedSequence, Tensor])
            assert_type(typedrnn.LSTMCell(10, 20)(x[0]), tuple[Tensor, Tensor])
            assert_type(typedrnn.GRUCell(10, 20)(x[0]), Tensor)
            assert_type(typedrnn.RNNCell(10, 20).forward(x[0]), Tensor)
            assert_type(typedrnn.Linear(10, 2)(x), Tensor)
            """
        )
    )
    (project / "pyrightconfig.json").write_text(json.dumps({"typeCheckingMode": "standard"}))
    result = subprocess.run(
        [executable, "--outputjson", "--pythonpath", sys.executable, "."],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout)
    found: dict[str, list[tuple[int, str, str]]] = {}
    for diagnostic in report["generalDiagnostics"]:
        if diagnostic["severity"] == "error":
            found.setdefault(Path(diagnostic["file"]).name, []).append(
                (diagnostic["range"]["start"]["line"] + 1, diagnostic.get("rule", ""), diagnostic["message"])
            )
    return found


def test_pyright_reads_the_stubs_overloads(pyright_report: dict[str, list[tuple[int, str, str]]]) -> None:
    assert pyright_report.get("stub_overloads.py") is None


def test_pyright_accepts_the_stubs_on_the_examples(
    pyright_report: dict[str, list[tuple[int, str, str]]],
) -> None:
    about_typedrnn = [
        (name, line, message)
        for name in (path.name for path in EXAMPLES)
        for line, _, message in pyright_report.get(name, [])
        if any(
            word in message for word in ("typedrnn", "__call__", "forward", "LSTM", "GRU", "RNN", "Linear")
        )
    ]
    assert not about_typedrnn


@pytest.mark.parametrize("path", sorted(CORPUS.glob("bad_stubs_*.py")), ids=lambda p: p.stem)
def test_pyright_reports_each_stub_mistake_on_its_line(
    path: Path, pyright_report: dict[str, list[tuple[int, str, str]]]
) -> None:
    marked = [number for number, text in enumerate(path.read_text().splitlines(), 1) if "# E:" in text]
    assert sorted({line for line, _, _ in pyright_report.get(path.name, [])}) == marked
