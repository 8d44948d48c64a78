"""The typedrnn command: shapes, run, check and demo.

``shapes`` and the usage errors run in this process through ``cli.main``; the
installed command, ``python -m typedrnn``, ``run`` and ``demo`` run as real
subprocesses, the way a user meets them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from typedrnn import _static
from typedrnn.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
TYPEDRNN = str(Path(sys.executable).with_name("typedrnn"))
SUBPROCESS_TIMEOUT = 300


def run_process(command: list[str], cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        env={**os.environ, **env},
    )


def exit_status(arguments: list[str]) -> int:
    """What ``typedrnn ARGUMENTS`` exits with, argparse's SystemExit included."""
    try:
        return main(arguments)
    except SystemExit as exit:
        return int(exit.code or 0)


# --------------------------------------------------------------------------------------
# shapes


def test_shapes_prints_each_tensor_with_named_sizes_and_the_parameter_count(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["shapes", "LSTM", "50", "100", "--num-layers", "2", "--batch", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "LSTM(50, 100, num_layers=2), batch=3"
    assert "  input   (seq, batch=3, input=50)" in lines
    assert "  h0      (layers×dirs=2, batch=3, hidden=100)" in lines
    assert "  c_n     (layers×dirs=2, batch=3, hidden=100)" in lines
    assert "  output  (seq, batch=3, dirs×out=100)" in lines
    assert "  weight_ih_l1  (400, 100)" in lines
    assert lines[-1] == "  total         141,600"


def test_shapes_table_shows_proj_only_where_an_lstm_projects(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shapes", "lstm", "10", "20", "--proj-size", "5", "--bidirectional", "--batch", "4"]) == 0
    out = capsys.readouterr().out
    assert "  h0      (layers×dirs=2, batch=4, proj=5)" in out
    assert "  c0      (layers×dirs=2, batch=4, hidden=20)" in out
    assert "  output  (seq, batch=4, dirs×out=10)" in out
    assert "weight_hr_l0_reverse  (5, 20)" in out


def test_shapes_json_leaves_seq_symbolic_without_seq(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shapes", "GRU", "10", "20", "2", "--batch-first", "--batch", "32", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["tensors"]["input"] == [32, "seq", 10]
    assert document["tensors"]["h0"] == [2, 32, 20]
    assert document["dims"]["seq"] is None
    assert document["dims"]["layers_dirs"] == 2
    assert document["total_parameters"] == 3 * (20 * 10 + 20 * 20 + 2 * 20) + 3 * (20 * 20 + 20 * 20 + 2 * 20)


def test_shapes_without_batch_leaves_batch_symbolic_as_it_leaves_seq(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shapes", "LSTM", "50", "100"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "LSTM(50, 100)"
    assert "  input   (seq, batch, input=50)" in lines
    assert "  h0      (layers×dirs=1, batch, hidden=100)" in lines
    assert "  batch          ?  not fixed: any size ≥ 0 (--batch N fixes it)" in lines
    assert main(["shapes", "Linear", "3", "4", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["tensors"] == {"input": ["batch", 3], "output": ["batch", 4]}
    assert document["dims"]["batch"] is None


@st.composite
def configurations(draw: st.DrawFn) -> tuple[str, list[str], dict[str, Any], int | None, int]:
    """A random valid configuration as command-line arguments, and as torch keyword arguments."""
    kind = draw(st.sampled_from(["RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell", "Linear"]))
    input_size = draw(st.integers(1, 6))
    hidden_size = draw(st.integers(1, 6))
    batch = draw(st.integers(1, 4))
    bias = draw(st.booleans())
    arguments = [kind, str(input_size), str(hidden_size), "--batch", str(batch)]
    arguments.append("--bias" if bias else "--no-bias")
    options: dict[str, Any] = {"bias": bias}
    seq = None
    if kind in ("RNN", "LSTM", "GRU"):
        options["num_layers"] = draw(st.integers(1, 3))
        options["bidirectional"] = draw(st.booleans())
        options["batch_first"] = draw(st.booleans())
        arguments += ["--num-layers", str(options["num_layers"])]
        arguments += ["--bidirectional"] * options["bidirectional"] + ["--batch-first"] * options["batch_first"]
        if kind == "LSTM" and hidden_size > 1 and draw(st.booleans()):
            options["proj_size"] = draw(st.integers(1, hidden_size - 1))
            arguments += ["--proj-size", str(options["proj_size"])]
        seq = draw(st.none() | st.integers(1, 4))
        if seq is not None:
            arguments += ["--seq", str(seq)]
    return kind, arguments, {"sizes": (input_size, hidden_size), **options}, seq, batch


@settings(max_examples=150)
@given(configurations())
def test_shapes_json_agrees_with_torch_for_random_configurations(
    configuration: tuple[str, list[str], dict[str, Any], int | None, int],
) -> None:
    kind, arguments, options, seq, _ = configuration
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["shapes", *arguments, "--json"]) == 0
    document = json.loads(printed.getvalue())
    sizes = options.pop("sizes")
    module = getattr(torch.nn, kind)(*sizes, **options)

    parameters = {name: list(parameter.shape) for name, parameter in module.named_parameters()}
    assert list(document["parameters"].items()) == list(parameters.items())
    assert document["total_parameters"] == sum(parameter.numel() for parameter in module.parameters())

    steps = 3 if seq is None else seq
    tensors = {
        name: [steps if size == "seq" else size for size in shape] for name, shape in document["tensors"].items()
    }
    assert all(isinstance(size, int) for shape in tensors.values() for size in shape)
    with torch.no_grad():
        x = torch.zeros(tensors["input"])
        if kind == "Linear":
            results = {"output": module(x)}
        elif kind in ("LSTM", "LSTMCell"):
            h, c = ("h0", "c0") if kind == "LSTM" else ("h", "c")
            result = module(x, (torch.zeros(tensors[h]), torch.zeros(tensors[c])))
            if kind == "LSTM":
                output, (h_n, c_n) = result
                results = {"output": output, "h_n": h_n, "c_n": c_n}
            else:
                results = {"h_next": result[0], "c_next": result[1]}
        elif kind in ("RNN", "GRU"):
            output, h_n = module(x, torch.zeros(tensors["h0"]))
            results = {"output": output, "h_n": h_n}
        else:
            results = {"h_next": module(x, torch.zeros(tensors["h"]))}
    for name, tensor in results.items():
        assert list(tensor.shape) == tensors[name], name


@pytest.mark.parametrize(
    ("arguments", "rule", "torch_options"),
    [
        (["LSTM", "10", "20", "--proj-size", "20"], "proj_size has to be smaller than hidden_size", {"proj_size": 20}),
        (["GRU", "10", "20", "--proj-size", "5"], "proj_size is only supported by LSTM", {"proj_size": 5}),
        (["RNN", "10", "0"], "hidden_size must be greater than zero", {"hidden_size": 0}),
    ],
)
def test_a_configuration_torch_rejects_gets_torchs_rule_in_one_line_and_exit_2(
    arguments: list[str], rule: str, torch_options: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    kind = arguments[0]
    with pytest.raises(ValueError):
        getattr(torch.nn, kind)(**{"input_size": 10, "hidden_size": 20, **torch_options})
    assert main(["shapes", *arguments, "--batch", "3"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert captured.err.startswith("typedrnn shapes: error: ")
    assert rule in captured.err


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        (["shapes", "Transformer", "10", "20", "--batch", "3"], "unknown module 'Transformer'"),
        (["shapes", "LSTM", "10", "--batch", "3"], "LSTM takes 2 or 3 sizes"),
        (["shapes", "Linear", "10", "20", "30", "--batch", "3"], "Linear takes 2 sizes"),
        (["shapes", "GRUCell", "10", "20", "--seq", "4", "--batch", "3"], "--seq applies to RNN, LSTM and GRU"),
        (["shapes", "LSTM", "10", "20", "2", "--num-layers", "3", "--batch", "3"], "num_layers given twice"),
        (["shapes", "LSTM", "10", "20", "--batch", "three"], "invalid int value"),
        (["shapes", "LSTM", "10", "20", "--batch", "3", "--seq", "0"], "--seq must be at least 1"),
        (["frobnicate"], "invalid choice"),
        ([], "a command is required"),
    ],
)
def test_usage_errors_exit_2_with_the_reason_on_stderr(
    arguments: list[str], complaint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert exit_status(arguments) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert complaint in captured.err


@pytest.mark.parametrize("command", ["shapes", "run", "check", "demo"])
def test_every_subcommand_help_shows_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert exit_status([command, "--help"]) == 0
    help_text = capsys.readouterr().out
    assert "example" in help_text
    assert f"\n  typedrnn {command}" in help_text


def test_the_installed_command_and_python_m_typedrnn_agree() -> None:
    arguments = ["shapes", "GRU", "10", "20", "2", "--bidirectional", "--batch", "4", "--seq", "5", "--json"]
    installed = run_process([TYPEDRNN, *arguments])
    module = run_process([sys.executable, "-m", "typedrnn", *arguments])
    assert installed.returncode == module.returncode == 0, installed.stderr + module.stderr
    assert installed.stdout == module.stdout
    assert json.loads(installed.stdout)["tensors"]["output"] == [5, 4, 40]
    bad = run_process([TYPEDRNN, "shapes", "LSTM", "10", "20", "--proj-size", "20", "--batch", "1"])
    assert (bad.returncode, bad.stdout) == (2, "")
    assert "proj_size has to be smaller than hidden_size" in bad.stderr


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        (["run"], "a SCRIPT or -m MODULE is required"),
        (["shapes", "LSTM", "10", "20", "--batch", "three"], "invalid int value: 'three'"),
        (["demo", "--fast"], "unrecognized arguments: --fast"),
    ],
)
def test_bad_usage_of_the_installed_command_exits_2_with_usage_on_stderr(
    arguments: list[str], complaint: str
) -> None:
    process = run_process([TYPEDRNN, *arguments])
    assert (process.returncode, process.stdout) == (2, "")
    assert process.stderr.startswith("usage: typedrnn")
    assert complaint in process.stderr
    assert "ARGS" not in process.stderr.splitlines()[-1]


def test_shapes_and_the_pytest_plugin_answer_without_importing_torch() -> None:
    probe = (
        "import sys, typedrnn._pytest_plugin\n"
        "from typedrnn.cli import main\n"
        "main(['shapes', 'LSTM', '50', '100', '--batch', '3'])\n"
        "print('torch imported:', 'torch' in sys.modules)\n"
    )
    process = run_process([sys.executable, "-c", probe])
    assert process.returncode == 0, process.stderr
    assert process.stdout.endswith("torch imported: False\n")


# --------------------------------------------------------------------------------------
# run

PROBE = '''\
import json
import sys


def annotated(x: int) -> None: ...


print(json.dumps({
    "argv": sys.argv,
    "path0": sys.path[0],
    "name": __name__,
    "file": __file__,
    "loader": type(__loader__).__name__,
    "spec": repr(__spec__),
    "main_module_runs_here": sys.modules["__main__"].__dict__ is globals(),
    "annotation": repr(annotated.__annotations__["x"]),
}))
if sys.argv[1:2] == ["exit"]:
    sys.exit(int(sys.argv[2]))
if sys.argv[1:2] == ["raise"]:
    def fail():
        raise ValueError("the probe fails on purpose")
    fail()
'''


@pytest.fixture
def probe(tmp_path: Path) -> str:
    script = tmp_path / "scripts" / "probe.py"
    script.parent.mkdir()
    script.write_text(PROBE)
    return "scripts/probe.py"


def test_run_gives_a_script_what_python_gives_it_and_passes_its_exit_status_on(
    probe: str, tmp_path: Path
) -> None:
    python = run_process([sys.executable, probe, "exit", "3", "--flag"], cwd=tmp_path)
    typed = run_process([sys.executable, "-m", "typedrnn", "run", probe, "exit", "3", "--flag"], cwd=tmp_path)
    assert python.returncode == typed.returncode == 3, typed.stderr
    assert typed.stdout == python.stdout
    assert typed.stderr == python.stderr == ""
    seen = json.loads(python.stdout)
    assert seen["argv"] == [probe, "exit", "3", "--flag"]
    assert seen["path0"] == str((tmp_path / "scripts").resolve())
    assert seen["name"] == "__main__"
    assert seen["main_module_runs_here"] is True
    assert seen["annotation"] == "<class 'int'>"


def test_run_reports_an_uncaught_exception_as_python_does(probe: str, tmp_path: Path) -> None:
    python = run_process([sys.executable, probe, "raise"], cwd=tmp_path)
    typed = run_process([TYPEDRNN, "run", probe, "raise"], cwd=tmp_path)
    assert python.returncode == typed.returncode == 1
    assert typed.stdout == python.stdout
    assert typed.stderr == python.stderr
    assert typed.stderr.startswith("Traceback (most recent call last):\n  File ")
    assert "ValueError: the probe fails on purpose" in typed.stderr


def test_run_of_a_missing_script_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "no/such/script.py"]) == 2
    assert "can't open file" in capsys.readouterr().err


def test_run_trains_the_language_model_with_pythons_losses_and_saves_a_checkpoint_torch_alone_loads(
    tmp_path: Path,
) -> None:
    script = str(EXAMPLES / "word_language_model.py")
    python = run_process([sys.executable, script, "--model", "GRU"])
    checkpoint = tmp_path / "model.pt"
    typed = run_process([TYPEDRNN, "run", script, "--model", "GRU", "--save", str(checkpoint)])
    assert python.returncode == typed.returncode == 0, typed.stderr
    assert "| end of epoch 2 | valid loss" in python.stdout
    assert typed.stdout == python.stdout + f"saved the model to {checkpoint}\n"

    loader = textwrap.dedent(
        f"""\
        import sys
        sys.path.insert(0, {str(EXAMPLES)!r})
        import __main__, torch, word_language_model
        __main__.RNNModel = word_language_model.RNNModel
        model = torch.load({str(checkpoint)!r}, weights_only=False)
        output, hidden = model(torch.zeros(4, 2, dtype=torch.long), model.init_hidden(2))
        print(type(model.rnn).__module__, type(model.decoder).__module__, tuple(output.shape))
        print("typedrnn" in sys.modules)
        """
    )
    loaded = run_process([sys.executable, "-c", loader])
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.split("\n")[1] == "False"
    assert loaded.stdout.startswith("torch.nn.modules.rnn torch.nn.modules.linear (8, ")


def test_run_stops_a_broken_init_hidden_with_a_shape_error_naming_batch() -> None:
    script = EXAMPLES / "word_language_model_broken_init_hidden.py"
    typed = run_process([TYPEDRNN, "run", str(script)])
    assert typed.returncode == 1
    assert "| epoch 1 | batch   5 |" in typed.stdout  # training ran; evaluation broke
    # The traceback starts in the user's script, as under python.
    assert typed.stderr.startswith(f'Traceback (most recent call last):\n  File "{script}"')
    assert "ShapeError: LSTM(16, 32, num_layers=2): h0 expected (layers×dirs=2, batch=10, " in typed.stderr
    assert "got (2, 20, 32)" in typed.stderr
    assert "dimension 1 (batch) is 20, but batch=10 from input" in typed.stderr


# --------------------------------------------------------------------------------------
# check

BAD = """\
import torch
from torch import nn

lstm = nn.LSTM(50, 100, num_layers=2, batch_first=True)
x = torch.randn(3, 10, 50)
h0 = torch.zeros(3, 2, 100)
output, (h_n, c_n) = lstm(x, (h0, h0))
"""

GOOD = """\
import torch
from torch import nn

lstm = nn.LSTM(50, 100, num_layers=2, batch_first=True)
x = torch.randn(3, 10, 50)
h0 = torch.zeros(2, 3, 100)
output, (h_n, c_n) = lstm(x, (h0, h0))
"""

UNTYPED = """\
import torch
from torch import nn


def identity(x):
    return x


gru = nn.GRU(10, 20, bidirectional=True)
head = nn.Linear(20, 5)
features, _ = gru(torch.randn(7, 4, 10))
scores = head(features)
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pytestconfig: pytest.Config) -> Path:
    """A project directory as cwd, with mypy's cache shared across tests and runs."""
    cache = pytestconfig.cache.mkdir("typedrnn-mypy") if getattr(pytestconfig, "cache", None) else tmp_path / "mypy-cache"
    monkeypatch.setenv("MYPY_CACHE_DIR", str(cache))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "good.py").write_text(GOOD)
    return tmp_path


def test_check_reports_shape_errors_on_their_lines_and_exits_1(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "bad.py", "good.py"]) == 1
    out = capsys.readouterr().out
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert len(errors) == 1
    assert errors[0].startswith("bad.py:7: error: ")
    assert errors[0].endswith("[shape]")
    assert "h0" in errors[0]
    assert out.splitlines()[-1] == "Found 1 shape error in 1 file (checked 2 source files)"


def test_check_passes_correct_code_with_exit_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "good.py"]) == 0
    assert capsys.readouterr().out == "No shape errors found (checked 1 source file)\n"


def test_check_reads_the_projects_mypy_config_and_adds_the_plugin_to_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "untyped.py").write_text(UNTYPED)
    # A project config of its own, which does not list the plugin. (It keeps the
    # bundled config's torch settings so that mypy's cache of torch stays valid.)
    bundled = Path(_static.bundled_config()).read_text()
    (project / "mypy.ini").write_text(
        bundled.replace("plugins = typedrnn.mypy_plugin", "")
        + "\n[mypy-untyped]\ndisallow_untyped_defs = True\n"
    )
    assert main(["check", "untyped.py"]) == 1
    out = capsys.readouterr().out
    assert "untyped.py:12: error: " in out
    assert "no-untyped-def" not in out
    assert out.splitlines()[-1] == (
        "Found 1 shape error in 1 file (checked 1 source file); 1 other mypy error not shown (--all shows them)"
    )
    assert main(["check", "untyped.py", "--all"]) == 1
    out = capsys.readouterr().out
    assert "untyped.py:5: error: Function is missing a type annotation" in out
    assert "untyped.py:12: error: " in out


def test_the_installed_check_command_exits_1_on_shape_errors(project: Path) -> None:
    process = run_process([TYPEDRNN, "check", "bad.py"], cwd=project)
    assert process.returncode == 1, process.stderr
    assert process.stdout.startswith("bad.py:7: error: ")
    assert process.stdout.endswith("Found 1 shape error in 1 file (checked 1 source file)\n")
    # Progress goes to stderr, so that stdout stays mypy's lines.
    assert process.stderr.startswith("typedrnn check: mypy with the typedrnn plugin on bad.py…\n")
    assert "typedrnn check: mypy finished in " in process.stderr


def test_check_on_a_file_that_does_not_exist_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert exit_status(["check", "missing.py"]) == 2
    assert "missing.py" in capsys.readouterr().err


# --------------------------------------------------------------------------------------
# demo


def test_demo_shows_named_shapes_three_runtime_errors_and_the_static_diagnostics(
    pytestconfig: pytest.Config, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # mypy's cache lives outside the demo's working directory, which must stay empty.
    cache = pytestconfig.cache.mkdir("typedrnn-mypy") if getattr(pytestconfig, "cache", None) else tmp_path_factory.mktemp("mypy-cache")
    demo = run_process([TYPEDRNN, "demo"], cwd=tmp_path, MYPY_CACHE_DIR=str(cache))
    assert demo.returncode == 0, demo.stdout + demo.stderr
    out = demo.stdout
    # The seed walkthrough, with names and the sizes torch really returned.
    assert "RNN(5, 10, num_layers=2) on input (6, 3, 5)" in out
    assert "    h_n     (layers×dirs=2, batch=3, hidden=10)" in out
    assert "    output  (seq=3, batch=32, dirs×out=20)" in out
    assert "output[-1] equals h_n[-1]: True" in out
    # Three real ShapeErrors, one per trap.
    assert out.count("! ShapeError: ") == 3
    assert "batch_first=True changes input and output only" in out
    assert "bidirectional" in out.split("! ShapeError: ")[2]
    assert "proj=5" in out.split("! ShapeError: ")[3]
    # The static checker on the bundled file: one diagnostic per mistake, on its line.
    static = out.split("3. The same mistakes")[1]
    for line in (11, 17, 22):
        assert f"classic_mistakes.py:{line}: error: " in static
    assert "Found 3 shape errors in 1 file (checked 1 source file)" in static
    assert list(tmp_path.iterdir()) == []


def test_without_mypy_or_numpy_demo_still_exits_0_warning_nothing_and_check_says_what_to_install(
    tmp_path: Path,
) -> None:
    # numpy is not one of typedrnn's dependencies: torch warns at import without it,
    # and a new user's first screen must not be that warning.
    without = (
        "import sys; sys.modules['mypy'] = sys.modules['numpy'] = None; "
        "from typedrnn.cli import main; sys.exit(main({}))"
    )
    demo = run_process([sys.executable, "-W", "default", "-c", without.format(["demo"])], cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert demo.stderr == ""
    assert demo.stdout.count("! ShapeError: ") == 3
    # This checkout is installed editable: the extra of a package index would not be found.
    advice = f'pip install "mypy>=2.4,<2.5" (or pip install -e "{REPO}[mypy]" for this checkout)'
    assert f"(skipped: the static checker needs mypy: {advice})" in demo.stdout
    (tmp_path / "bad.py").write_text(BAD)
    check = run_process([sys.executable, "-c", without.format(["check", "bad.py"])], cwd=tmp_path)
    assert (check.returncode, check.stdout) == (2, "")
    assert f"typedrnn check: error: the static checker needs mypy: {advice}" in check.stderr


# --------------------------------------------------------------------------------------
# run -m, check without PATH, output formats, the fast setting, pre-commit

MODULE_PROBE = '''\
import json
import sys

import torch

print(json.dumps({
    "argv": sys.argv,
    "path0": sys.path[0],
    "name": __name__,
    "typed": hasattr(type(torch.nn.GRU(2, 3)), "_typedrnn_kind"),
}))
'''


@pytest.fixture
def module_project(tmp_path: Path) -> Path:
    package = tmp_path / "training"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "probe.py").write_text(MODULE_PROBE)
    (package / "__main__.py").write_text("print('the package ran as', __name__)\n")
    return tmp_path


def test_run_dash_m_runs_a_module_as_python_dash_m_does_with_typed_modules(module_project: Path) -> None:
    python = run_process([sys.executable, "-m", "training.probe", "--epochs", "3", "-m", "x"], cwd=module_project)
    typed = run_process([TYPEDRNN, "run", "-m", "training.probe", "--epochs", "3", "-m", "x"], cwd=module_project)
    assert python.returncode == typed.returncode == 0, typed.stderr
    seen, typed_seen = json.loads(python.stdout), json.loads(typed.stdout)
    assert typed_seen["argv"] == seen["argv"] == [str(module_project / "training" / "probe.py"), "--epochs", "3", "-m", "x"]
    assert typed_seen["path0"] == seen["path0"] == str(module_project)
    assert typed_seen["name"] == "__main__"
    assert (seen["typed"], typed_seen["typed"]) == (False, True)
    package = run_process([TYPEDRNN, "run", "-mtraining"], cwd=module_project)
    assert (package.returncode, package.stdout) == (0, "the package ran as __main__\n")


def test_run_dash_m_of_a_missing_module_fails_as_python_does(module_project: Path) -> None:
    typed = run_process([TYPEDRNN, "run", "-m", "training.nothing"], cwd=module_project)
    assert (typed.returncode, typed.stdout) == (1, "")
    assert typed.stderr == "typedrnn run: No module named training.nothing\n"


def test_run_without_arguments_for_the_script_runs_it(probe: str, tmp_path: Path) -> None:
    typed = run_process([TYPEDRNN, "run", probe], cwd=tmp_path)
    assert typed.returncode == 0, typed.stderr
    assert json.loads(typed.stdout)["argv"] == [probe]


def test_check_without_path_checks_the_files_the_projects_mypy_config_names(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled = Path(_static.bundled_config()).read_text()
    (project / "mypy.ini").write_text(bundled.replace("[mypy]", "[mypy]\nfiles = bad.py, good.py"))
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "bad.py:7: error: " in out
    assert out.splitlines()[-1] == "Found 1 shape error in 1 file (checked 2 source files)"


def test_check_without_path_or_files_in_a_config_says_what_to_pass(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no PATH given, and no mypy configuration names `files`" in captured.err
    assert "usage: mypy" not in captured.err


def test_check_output_format_github_writes_one_annotation_per_shape_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "bad.py", "good.py", "--output-format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::error file=bad.py,line=7,title=typedrnn (shape)::LSTM(50, 100, num_layers=2, ")
    assert "%0Adimension 0 (layers×dirs) is 3" in lines[0]
    assert "%0Ahint: h0 looks like it is in batch_first layout" in lines[0]
    assert lines[1] == "Found 1 shape error in 1 file (checked 2 source files)"


def test_check_output_format_json_is_one_object_with_counts_and_diagnostics(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "bad.py", "good.py", "--output-format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert (document["files_checked"], document["shape_errors"], document["other_errors"]) == (2, 1, 0)
    [diagnostic] = document["diagnostics"]
    assert (diagnostic["file"], diagnostic["line"], diagnostic["severity"], diagnostic["code"]) == (
        "bad.py",
        7,
        "error",
        "shape",
    )
    assert diagnostic["message"].endswith("h0 expected (layers×dirs=2, batch=3, hidden=100), got (3, 2, 100)")
    assert diagnostic["notes"][1].startswith("hint: h0 looks like it is in batch_first layout")


def test_check_fast_config_prints_the_bundled_torch_setting_in_the_projects_style(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.mypy]\nfiles = ["src"]\n')
    toml = run_process([TYPEDRNN, "check", "--fast-config"], cwd=tmp_path)
    assert toml.returncode == 0, toml.stderr
    assert toml.stdout.startswith('[[tool.mypy.overrides]]\nmodule = [\n    "torch._dynamo.*",\n')
    assert toml.stdout.endswith(']\nfollow_imports = "skip"\n')
    (tmp_path / "mypy.ini").write_text("[mypy]\n")
    ini = run_process([TYPEDRNN, "check", "--fast-config"], cwd=tmp_path)
    bundled = Path(_static.bundled_config()).read_text()
    section = ini.stdout.splitlines()[0]
    assert section.startswith("[mypy-torch._dynamo.*,") and f"{section}\nfollow_imports = skip" in bundled


def test_the_pre_commit_hook_runs_typedrnn_check_on_python_files() -> None:
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text()
    assert "- id: typedrnn-check\n" in hooks
    assert "  entry: typedrnn check\n" in hooks
    assert "  language: python\n" in hooks
    assert "  types: [python]\n" in hooks
