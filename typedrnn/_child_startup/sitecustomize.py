"""Typed modules in the Python processes a ``typedrnn run`` program starts.

DDP training scripts start their workers as new interpreters:
``torch.multiprocessing.spawn`` (multiprocessing's "spawn" start method) and
``torchrun`` (a new ``python`` per worker). Such a process inherits the environment
and nothing else, so ``typedrnn run`` puts this directory first on ``PYTHONPATH``
and sets ``TYPEDRNN_RUN=1``: Python imports this ``sitecustomize`` at start-up, in
every child and grandchild. It costs a child that never imports torch nothing:
:func:`typedrnn.patch` runs right after ``import torch`` completes, before any
module is built. Then it leaves no trace: this directory leaves ``sys.path``, and
the ``sitecustomize`` that Python would otherwise have imported (a distribution's,
a virtual environment's) is imported in its place.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

_HERE = os.path.dirname(os.path.abspath(__file__))


class _PatchAfterTorch(importlib.abc.MetaPathFinder):
    """Finds ``torch`` as Python would, and patches once its ``__init__`` has run."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "torch":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        loader: Any = spec.loader
        exec_torch = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            exec_torch(module)
            from typedrnn._patch import patch  # noqa: PLC0415 - only once torch is there

            patch()

        loader.exec_module = exec_module
        return spec


def _install() -> None:
    if os.environ.get("TYPEDRNN_RUN") == "1" and "torch" not in sys.modules:
        sys.meta_path.insert(0, _PatchAfterTorch())


def _hand_over() -> None:
    """Leave sys.path as Python set it up, and import the sitecustomize we shadow."""
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != _HERE]
    ours = sys.modules.pop("sitecustomize", None)
    try:
        importlib.import_module("sitecustomize")
    except ImportError:
        if ours is not None:
            sys.modules["sitecustomize"] = ours


_install()
_hand_over()
