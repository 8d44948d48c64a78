"""``%load_ext typedrnn``: typed modules for an IPython or Jupyter session.

Loading the extension applies :func:`typedrnn.patch`, so every ``nn.LSTM``,
``nn.GRU``, … a later cell builds is typed, and adds the line magic
``%typedrnn``:

- ``%typedrnn off``: modules built from then on are torch's own, and the checks
  of the typed modules built earlier are switched off (``typedrnn.set_checks``);
- ``%typedrnn on``: both back on;
- ``%typedrnn``: says which it is.

``%unload_ext typedrnn`` puts torch's classes back and the checks on. IPython is
not a dependency: nothing here imports it.
"""

from __future__ import annotations

from typing import Any

from typedrnn._patch import is_patched, patch, unpatch
from typedrnn._runtime import checks_enabled, set_checks

_USAGE = "usage: %typedrnn [on|off]"


def load(ipython: Any) -> None:
    """What ``%load_ext typedrnn`` runs: patch, and register the ``%typedrnn`` magic."""
    patch()
    set_checks(True)
    ipython.register_magic_function(typedrnn_magic, magic_kind="line", magic_name="typedrnn")


def unload(ipython: Any) -> None:
    """What ``%unload_ext typedrnn`` runs: torch's classes back, checks on (the default)."""
    if is_patched():
        unpatch()
    set_checks(True)


def typedrnn_magic(line: str) -> None:
    """``%typedrnn on``, ``%typedrnn off``, or ``%typedrnn`` for the state."""
    word = line.strip().lower()
    if word == "on":
        if not is_patched():
            patch()
        set_checks(True)
    elif word == "off":
        if is_patched():
            unpatch()
        set_checks(False)
    elif word:
        print(_USAGE)
        return
    print(state())


def state() -> str:
    """The session's state in one line."""
    if is_patched() and checks_enabled():
        return "typedrnn: on (torch.nn's RNN, LSTM, GRU, cells and Linear are typed and checked)"
    return "typedrnn: off (torch.nn's own classes; typed modules do not check)"
