"""Every example in typedrnn's docstrings runs and shows what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import typedrnn

MODULES = sorted(
    ["typedrnn", *(f"typedrnn.{info.name}" for info in pkgutil.iter_modules(typedrnn.__path__))]
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    results = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert results.failed == 0


def test_every_public_name_has_a_docstring_with_an_example() -> None:
    missing = [name for name in typedrnn.__all__ if ">>>" not in (getattr(typedrnn, name).__doc__ or "")]
    assert missing == []
