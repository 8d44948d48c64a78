"""The ``typedrnn`` command: ``shapes``, ``run``, ``check`` and ``demo``.

This module only reads the command line and routes; each command lives in its
own private module, imported when it runs, so that ``shapes`` and ``check`` never
import torch. Usage errors print to stderr and exit with status 2.

>>> main(["shapes", "GRUCell", "10", "20", "--batch", "3", "--json"])  # doctest: +ELLIPSIS
{
  "module": "GRUCell(10, 20)",
  "tensors": {
    "input": [3, 10],
...
0
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from typing import Final

from typedrnn import __version__, _check, _contracts, _shapes
from typedrnn._contracts import ModuleConfig

_SHAPES_EXAMPLES: Final = """\
examples:
  typedrnn shapes LSTM 50 100 --num-layers 2 --batch 3
  typedrnn shapes LSTM 50 100
  typedrnn shapes GRU 10 20 2 --bidirectional --batch-first --batch 32 --seq 7 --json
  typedrnn shapes LSTM 10 20 --proj-size 5 --batch 4
  typedrnn shapes Linear 40 5 --batch 8
"""

_RUN_EXAMPLES: Final = """\
everything after SCRIPT (or after -m MODULE) goes to the program, as with
`python SCRIPT ARGS` (or `python -m MODULE ARGS`); ARGS may be left out.

examples:
  typedrnn run train.py --epochs 3
  typedrnn run -m mypackage.train --epochs 3
  python -m typedrnn run examples/word_language_model.py
"""

_CHECK_EXAMPLES: Final = """\
Uses the project's mypy configuration when there is one (mypy.ini, .mypy.ini,
pyproject.toml, setup.cfg), with the typedrnn plugin added; without PATH, checks
what its `files` setting names. Progress goes to stderr. A project configuration
that reads all of torch makes a first run (no mypy cache yet) take most of a
minute: --fast-config prints the setting, used by the bundled configuration,
that skips torch's internals. Exit status: 0 without shape errors, 1 with, 2
when mypy could not check.

examples:
  typedrnn check train.py
  typedrnn check src/ tests/ --all
  typedrnn check --output-format github
  typedrnn check --fast-config        # paste its output into your mypy config
"""

_DEMO_EXAMPLES: Final = """\
example:
  typedrnn demo
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``typedrnn ARGS``; return the exit status.

    ``SystemExit`` from ``typedrnn run``'s script, and from argparse on bad usage,
    passes through.
    """
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    module_arguments: list[str] = []
    if argv[:1] == ["run"] and len(argv) > 1 and argv[1].startswith("-m"):
        # As with `python -m MODULE`, everything after the module's name is the module's.
        end = 3 if argv[1] == "-m" else 2
        argv, module_arguments = argv[:end], argv[end:]
    arguments = parser.parse_args(argv)
    if arguments.command == "shapes":
        return _shapes_command(parser, arguments)
    if arguments.command == "run":
        if arguments.script is None and arguments.module is None:
            arguments.usage_error("a SCRIPT or -m MODULE is required")
        _import_torch_quietly()
        from typedrnn import _scripts  # noqa: PLC0415 - imports torch

        if arguments.module is not None:
            return _scripts.run_module(arguments.module, module_arguments)
        return _scripts.run_script(arguments.script, arguments.arguments)
    if arguments.command == "check":
        if arguments.fast_config:
            print(_check.fast_config())
            return 0
        return _check.check_command(arguments.paths, all_errors=arguments.all, output_format=arguments.output_format)
    if arguments.command == "demo":
        _import_torch_quietly()
        from typedrnn._demo import run_demo  # noqa: PLC0415 - imports torch

        return run_demo(sys.stdout)
    parser.print_usage(sys.stderr)
    print("typedrnn: error: a command is required: shapes, run, check or demo", file=sys.stderr)
    return 2


def _import_torch_quietly() -> None:
    """Import torch without its warning that numpy is missing.

    torch warns at import when numpy is not installed, although neither torch's
    own wheel nor typedrnn needs it; that warning would be the first thing
    ``typedrnn demo`` and ``typedrnn run`` show. Every other warning stays.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Failed to initialize NumPy", category=UserWarning)
        import torch  # noqa: F401, PLC0415 - imported here for the filter above


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="typedrnn",
        description="PyTorch's RNN, LSTM, GRU, their cells and Linear with their tensor shapes\n"
        "as a checked contract.",
        epilog="examples:\n  typedrnn demo\n  typedrnn shapes LSTM 50 100 --num-layers 2 --batch 3\n"
        "  typedrnn run train.py\n  typedrnn check src/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"typedrnn {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    shapes = commands.add_parser(
        "shapes",
        help="the shape of every tensor and parameter of one configuration",
        description="Print the named shape of every argument, result and parameter of one\n"
        "module configuration, and its parameter count.",
        epilog=_SHAPES_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    shapes.add_argument("kind", metavar="KIND", type=_kind, help=f"one of {', '.join(_contracts.KINDS)}")
    shapes.add_argument(
        "sizes",
        metavar="SIZE",
        type=int,
        nargs="+",
        help="the constructor's positional sizes, as in torch: input_size hidden_size [num_layers], "
        "or in_features out_features for Linear",
    )
    shapes.add_argument("--num-layers", type=int, metavar="N", help="stacked layers (RNN, LSTM, GRU)")
    shapes.add_argument("--bidirectional", action="store_true", help="two directions (RNN, LSTM, GRU)")
    shapes.add_argument("--batch-first", action="store_true", help="input and output are (batch, seq, …)")
    shapes.add_argument("--proj-size", type=int, default=0, metavar="P", help="LSTM projection size")
    shapes.add_argument("--bias", action=argparse.BooleanOptionalAction, default=True, help="bias terms")
    shapes.add_argument("--seq", type=int, metavar="L", help="sequence length; symbolic when left out")
    shapes.add_argument("--batch", type=int, metavar="N", help="batch size; symbolic when left out")
    shapes.add_argument("--json", action="store_true", help="print one JSON object instead of a table")

    run = commands.add_parser(
        "run",
        help="run a script with torch.nn's recurrent modules and Linear typed",
        usage="typedrnn run [-h] (SCRIPT | -m MODULE) [ARGS ...]",
        description="Run SCRIPT exactly as `python SCRIPT ARGS` would (or MODULE as\n"
        "`python -m MODULE ARGS`), except that the RNN, LSTM, GRU, cell and Linear\n"
        "modules it builds are typed: a shape mistake raises typedrnn.ShapeError.",
        epilog=_RUN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.set_defaults(usage_error=run.error)
    run.add_argument("-m", dest="module", metavar="MODULE", help="run a module, as `python -m MODULE`")
    run.add_argument("script", metavar="SCRIPT", nargs="?", help="the Python file to run")
    run.add_argument(
        "arguments", metavar="ARGS", nargs=argparse.REMAINDER, help="the program's arguments (optional)"
    )

    check = commands.add_parser(
        "check",
        help="find shape errors with mypy and the typedrnn plugin, before running anything",
        description="Run mypy with the typedrnn plugin on PATHs and report shape errors\n"
        "(error code `shape`).",
        epilog=_CHECK_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        help="files or directories to check; without any, what the mypy configuration's `files` names",
    )
    check.add_argument("--all", action="store_true", help="also show mypy's errors that are not about shapes")
    check.add_argument(
        "--output-format",
        choices=_check.FORMATS,
        default="text",
        help="text (mypy's lines), json (one object), or github (GitHub Actions annotations)",
    )
    check.add_argument(
        "--fast-config",
        action="store_true",
        help="print the mypy setting that skips torch's internals (first runs take seconds, not a "
        "minute), in the style of this directory's mypy configuration, and exit",
    )

    commands.add_parser(
        "demo",
        help="the whole idea in a minute: named shapes, run-time errors, static errors",
        description="Walk through the seed examples with named shapes, trigger three real\n"
        "ShapeErrors, then run the static checker on a bundled example. Offline.",
        epilog=_DEMO_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _kind(text: str) -> str:
    """A module kind, in any letter case: ``lstm`` -> ``LSTM``."""
    for kind in _contracts.KINDS:
        if kind.lower() == text.lower():
            return kind
    raise argparse.ArgumentTypeError(f"unknown module {text!r}; choose from {', '.join(_contracts.KINDS)}")


def _shapes_command(parser: argparse.ArgumentParser, arguments: argparse.Namespace) -> int:
    config = _config(parser, arguments)
    problem = config.problems()
    if problem is not None:
        print(f"typedrnn shapes: error: {config.describe()}: {problem}", file=sys.stderr)
        return 2
    table = _shapes.shape_table(config, batch=arguments.batch, seq=arguments.seq)
    print(_shapes.render_json(table) if arguments.json else _shapes.render_text(table))
    return 0


def _config(parser: argparse.ArgumentParser, arguments: argparse.Namespace) -> ModuleConfig:
    """The configuration the command line describes; usage errors exit with status 2."""
    kind: str = arguments.kind
    sizes: list[int] = arguments.sizes
    sequence = kind in _contracts.SEQUENCE_KINDS

    def fail(message: str) -> None:
        parser.exit(2, f"typedrnn shapes: error: {message}\n")

    if sequence and len(sizes) not in (2, 3):
        fail(f"{kind} takes 2 or 3 sizes (input_size hidden_size [num_layers]), got {len(sizes)}")
    if not sequence and len(sizes) != 2:
        names = "in_features out_features" if kind == "Linear" else "input_size hidden_size"
        fail(f"{kind} takes 2 sizes ({names}), got {len(sizes)}")
    if not sequence:
        for option, given in (
            ("--num-layers", arguments.num_layers is not None),
            ("--bidirectional", arguments.bidirectional),
            ("--batch-first", arguments.batch_first),
            ("--seq", arguments.seq is not None),
        ):
            if given:
                fail(f"{option} applies to RNN, LSTM and GRU; {kind} has no {option[2:].replace('-', '_')}")
    num_layers = sizes[2] if len(sizes) == 3 else 1
    if arguments.num_layers is not None:
        if len(sizes) == 3 and sizes[2] != arguments.num_layers:
            fail(f"num_layers given twice: {sizes[2]} as a size and {arguments.num_layers} by --num-layers")
        num_layers = arguments.num_layers
    if arguments.batch is not None and arguments.batch < 0:
        fail(f"--batch must be zero or more, got {arguments.batch}")
    if arguments.seq is not None and arguments.seq < 1:
        fail(f"--seq must be at least 1, got {arguments.seq}")
    return ModuleConfig(
        kind,
        sizes[0],
        sizes[1],
        num_layers=num_layers,
        bias=arguments.bias,
        batch_first=arguments.batch_first,
        bidirectional=arguments.bidirectional,
        proj_size=arguments.proj_size,
    )
