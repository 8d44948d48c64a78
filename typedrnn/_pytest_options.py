"""The command-line options of ``pytest --typedrnn``, registered apart from the plugin itself.

A project that puts ``addopts = "--typedrnn"`` in its configuration must still be
able to run ``pytest -p no:typedrnn``: pytest then never loads the plugin, and an
option that only the plugin registers would be "unrecognized". So the options
come from their own entry point (``typedrnn_options``), which does nothing else,
and from the plugin as well, for sessions that load the plugin alone
(``PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 pytest -p typedrnn``); whichever comes first
registers them.
"""

from __future__ import annotations

import pytest

OPTION = "--typedrnn"


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def add_options(parser: pytest.Parser) -> None:
    """Register ``--typedrnn`` and ``--no-typedrnn``, once per parser."""
    group = parser.getgroup("typedrnn")
    if any(OPTION in option.names() for option in group.options):
        return
    group.addoption(
        OPTION,
        action="store_true",
        default=False,
        dest="typedrnn",
        help="replace torch.nn's RNN, LSTM, GRU, their cells and Linear with typedrnn's checked "
        "modules for the whole session",
    )
    group.addoption(
        "--no-typedrnn",
        action="store_false",
        dest="typedrnn",
        help="switch --typedrnn off again (e.g. when addopts has it); -p no:typedrnn does too",
    )
