"""``pytest --typedrnn``: run a test session with torch.nn's recurrent modules and Linear typed.

Installing typedrnn registers this plugin (the ``pytest11`` entry point
``typedrnn``); without the option it does nothing and imports nothing heavy.
With it, :func:`typedrnn.patch` is applied before the first conftest is
imported, so every module the tests build is typed, and a test that breaks a
shape contract fails with the ShapeError's message in its report.

    pytest --typedrnn
    pytest --typedrnn --no-typedrnn    # the last one counts: off
    pytest -p no:typedrnn              # switch the plugin off entirely

Its options are registered by :mod:`typedrnn._pytest_options` as well, so that
``-p no:typedrnn`` works in a project whose ``addopts`` says ``--typedrnn``.
"""

from __future__ import annotations

import pytest

from typedrnn._pytest_options import add_options


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


# The key under which a session remembers that it switched the patch on, so that it
# switches it off at the end only then (a session inside a patched process, e.g.
# pytester's, leaves the patch as it found it).
_PATCHED_HERE = pytest.StashKey[bool]()


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    _patch_for(early_config)


def pytest_configure(config: pytest.Config) -> None:
    # Plugins loaded too late for the hook above (`-p` in a conftest) patch here.
    _patch_for(config)


def _wanted(config: pytest.Config) -> bool:
    # Before the command line is fully parsed (initial conftests) only the early
    # parse of known arguments has the answer.
    return bool(
        config.getoption("typedrnn", default=False)
        or getattr(config.known_args_namespace, "typedrnn", False)
    )


def _patch_for(config: pytest.Config) -> None:
    if not _wanted(config) or _PATCHED_HERE in config.stash:
        return
    from typedrnn._patch import is_patched, patch  # noqa: PLC0415 - torch only when asked for

    config.stash[_PATCHED_HERE] = not is_patched()
    patch()


def pytest_report_header(config: pytest.Config) -> str | None:
    if _wanted(config):
        return "typedrnn: torch.nn RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell and Linear are typed"
    return None


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.stash.get(_PATCHED_HERE, False):
        from typedrnn._patch import unpatch  # noqa: PLC0415 - torch only when asked for

        unpatch()
