"""``typedrnn demo``: the whole idea in a minute, offline.

Three parts: the seed examples run on typed modules, with every result's named
shape; three classic mistakes, each raising a real ShapeError; and the same
mistakes found by mypy with the typedrnn plugin in ``classic_mistakes.py.txt``
(bundled here as text, so that nothing type-checks or imports it by accident),
before anything runs.
"""

from __future__ import annotations

import os
import tempfile
import textwrap
from importlib import resources
from typing import Any, Final, TextIO

import torch

import typedrnn
from typedrnn import _contracts, _install, _shapes, _static

# The seed walkthrough: (kind, positional sizes, keyword arguments, input shape).
_SEED_EXAMPLES: Final[tuple[tuple[str, tuple[int, ...], dict[str, Any], tuple[int, ...]], ...]] = (
    ("Linear", (2, 4), {}, (5, 2)),
    ("RNN", (5, 10), {"num_layers": 2}, (6, 3, 5)),
    ("LSTM", (50, 100), {"num_layers": 2}, (10, 3, 50)),
    ("GRU", (10, 20), {"num_layers": 2}, (3, 32, 10)),
)

# Each is run as shown, with torch and typedrnn in scope.
_MISTAKES: Final = (
    (
        "h0 in batch_first layout",
        """\
        lstm = typedrnn.LSTM(50, 100, num_layers=2, batch_first=True)
        x = torch.randn(3, 10, 50)                      # (batch, seq, input)
        h0 = c0 = torch.zeros(3, 2, 100)                # (batch, layers, hidden): wrong
        output, (h_n, c_n) = lstm(x, (h0, c0))
        """,
    ),
    (
        "a head that forgot bidirectional",
        """\
        gru = typedrnn.GRU(10, 20, bidirectional=True)
        head = typedrnn.Linear(20, 5)                   # sized for one direction
        features, h_n = gru(torch.randn(7, 4, 10))
        scores = head(features)
        """,
    ),
    (
        "proj_size: h0 sized by hidden",
        """\
        lstm = typedrnn.LSTM(10, 20, proj_size=5)
        h0 = c0 = torch.zeros(1, 4, 20)                 # h0 must be (1, 4, proj=5)
        output, (h_n, c_n) = lstm(torch.randn(7, 4, 10), (h0, c0))
        """,
    ),
)

_STATIC_EXAMPLE: Final = "classic_mistakes.py"


def run_demo(out: TextIO) -> int:
    """Print the demo to ``out``; 0 when every mistake was caught as it should be."""
    torch.manual_seed(0)
    print("typedrnn demo: PyTorch's recurrent modules with their tensor shapes as a checked contract.", file=out)
    _heading(out, "1. The seed examples on typed modules, with every result's named shape")
    for kind, sizes, options, input_shape in _SEED_EXAMPLES:
        _walk_through(out, kind, sizes, options, input_shape)

    _heading(out, "2. Three classic mistakes, each stopped by a ShapeError before torch runs a kernel")
    caught = 0
    for title, code in _MISTAKES:
        print(f"\n  -- {title}", file=out)
        print(textwrap.indent(textwrap.dedent(code), "     "), end="", file=out)
        try:
            exec(textwrap.dedent(code), {"torch": torch, "typedrnn": typedrnn})
        except typedrnn.ShapeError as error:
            caught += 1
            print(textwrap.indent(f"ShapeError: {error}", "     ! "), file=out)
        else:
            print("     (not caught: this is a typedrnn bug)", file=out)

    _heading(out, "3. The same mistakes found by mypy with the typedrnn plugin, before anything runs")
    static_ok = _static_part(out)
    print(
        "\nNext: `typedrnn shapes LSTM 50 100 --num-layers 2 --batch 3`, `typedrnn run train.py`, "
        "`pytest --typedrnn`, `typedrnn check src/`.",
        file=out,
    )
    return 0 if caught == len(_MISTAKES) and static_ok else 1


def _heading(out: TextIO, title: str) -> None:
    print(f"\n{title}", file=out)


def _walk_through(
    out: TextIO, kind: str, sizes: tuple[int, ...], options: dict[str, Any], input_shape: tuple[int, ...]
) -> None:
    """Run one seed example on its typed module; print each result with its named shape."""
    config = _contracts.ModuleConfig(kind, sizes[0], sizes[1], **options)
    module = getattr(typedrnn, kind)(*sizes, **options)
    result = module(torch.randn(*input_shape))
    if kind == "Linear":
        tensors = {"output": result}
    elif config.is_lstm:
        output, (h_n, c_n) = result
        tensors = {"output": output, "h_n": h_n, "c_n": c_n}
    else:
        output, h_n = result
        tensors = {"output": output, "h_n": h_n}
    # Inputs are (batch, features) or (seq, batch, features).
    table = _shapes.shape_table(config, batch=input_shape[-2], seq=input_shape[0] if config.is_sequence else None)
    parameters = sum(parameter.numel() for parameter in module.parameters())
    print(f"\n  {config.describe()} on input {tuple(input_shape)}: {parameters:,} parameters", file=out)
    for name, tensor in tensors.items():
        named = ", ".join(
            f"{_contracts.display(dim)}={size}" for dim, size in zip(table.tensor_dims[name], tensor.shape)
        )
        print(f"    {name:<6}  ({named})", file=out)
    if config.is_sequence:
        same = torch.equal(tensors["output"][-1], tensors["h_n"][-1])
        print(
            f"    output[-1] equals h_n[-1]: {same} (one direction: the last step of the top layer)",
            file=out,
        )
    if kind == "RNN":
        h_n_shape = tuple(tensors["h_n"].shape)
        print(
            f"    h_n is {h_n_shape}, not {(*h_n_shape[:-1], config.input_size)}: a state is hidden "
            f"(={config.hidden_size}) wide, whatever the input size.",
            file=out,
        )


def _static_part(out: TextIO) -> bool:
    try:
        import mypy  # noqa: F401, PLC0415 - only asking whether the static checker is installed
    except ImportError:
        print(f"  (skipped: the static checker needs mypy: {_install.mypy_advice()})", file=out)
        return True
    source = resources.files(__name__).joinpath(f"{_STATIC_EXAMPLE}.txt").read_text(encoding="utf-8")
    print(f"\n  {_STATIC_EXAMPLE}:", file=out)
    for number, line in enumerate(source.splitlines(), start=1):
        print(f"  {number:>3}  {line}".rstrip(), file=out)
    print(
        f"\n  $ typedrnn check {_STATIC_EXAMPLE}"
        "      (a first run reads torch's types: ~10 s; later runs use mypy's cache)",
        file=out,
    )
    out.flush()
    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="typedrnn-demo-") as directory:
        with open(os.path.join(directory, _STATIC_EXAMPLE), "w", encoding="utf-8") as example:
            example.write(source)
        os.chdir(directory)
        try:
            report = _static.run_mypy(
                [_STATIC_EXAMPLE],
                ["--config-file", _static.bundled_config(), "--cache-dir", _cache_dir()],
            )
        finally:
            os.chdir(here)
    if report.blocking:
        print(textwrap.indent("\n".join(report.blocking), "  "), file=out)
        return False
    for diagnostic in report.shown(all_errors=False):
        print(textwrap.indent("\n".join(diagnostic.lines), "  "), file=out)
    print(f"  {_static.summary(report, all_errors=False)}", file=out)
    return len(report.shape_errors) == len(_MISTAKES)


def _cache_dir() -> str:
    """mypy's cache for the demo: MYPY_CACHE_DIR, or one kept per user so reruns are fast."""
    configured = os.environ.get("MYPY_CACHE_DIR")
    if configured:
        return configured
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "typedrnn", "mypy")

