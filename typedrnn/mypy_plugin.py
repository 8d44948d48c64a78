"""The typedrnn mypy plugin: tensor shapes checked before anything runs.

Enable it in ``pyproject.toml``::

    [tool.mypy]
    plugins = ["typedrnn.mypy_plugin"]

It follows literal sizes from tensor factories and module constructors, and
named sizes from jaxtyping annotations, through variables, attributes, indexing
and the outputs of ``RNN``, ``LSTM``, ``GRU``, their cells and ``Linear`` (typedrnn's
and plain ``torch.nn``'s alike). Each module call is checked against the contract
in :mod:`typedrnn._contracts`, the same one the run-time checks use, and a broken
contract is reported with error code ``shape`` on the line of the call::

    lstm = nn.LSTM(50, 100, num_layers=2, batch_first=True)
    x = torch.randn(3, 10, 50)
    lstm(x, (torch.zeros(3, 2, 100), torch.zeros(3, 2, 100)))
    # error: LSTM(50, 100, num_layers=2, batch_first=True): h0 expected
    #        (layers×dirs=2, batch=3, hidden=100), got (3, 2, 100)  [shape]

Where it cannot know a size (a size computed at run time, an operation it does not
model), it says nothing. It never imports torch and never runs user code. The
plugin class only routes; each construct has its own small hook in
:mod:`typedrnn._plugin_hooks`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Final

from mypy.nodes import MypyFile, TypeInfo
from mypy.options import Options
from mypy.plugin import (
    AnalyzeTypeContext,
    FunctionContext,
    MethodContext,
    Plugin,
    ReportConfigContext,
)
from mypy.types import Type

from typedrnn import _plugin_hooks as hooks
from typedrnn._plugin_types import TENSOR

__all__ = ["plugin"]

_FINGERPRINTED: Final = ("_contracts.py", "_plugin_hooks.py", "_plugin_shapes.py", "_plugin_types.py")


class TypedRNNPlugin(Plugin):
    """Routes mypy's questions to the hook for each construct."""

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.session = hooks.Session()
        self.fingerprint = _fingerprint()

    def get_type_analyze_hook(self, fullname: str) -> Callable[[AnalyzeTypeContext], Type] | None:
        if fullname in hooks.ANNOTATED:
            return hooks.analyze_annotated
        return None

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        hook = hooks.FUNCTION_HOOKS.get(fullname)
        if hook is not None:
            return self.session.watching(hook)
        info = self._type_info(fullname)
        if info is not None and hooks.module_kind(info, "__init__") is not None:
            return self.session.watching(hooks.attach_module_config)
        return None

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        class_name, _, method = fullname.rpartition(".")
        if class_name == TENSOR:
            hook = hooks.TENSOR_METHOD_HOOKS.get(method)
            return self.session.watching(hook) if hook is not None else None
        if method in ("__call__", "forward"):
            info = self._type_info(class_name)
            if info is not None and hooks.module_kind(info, method) is not None:
                return self.session.watching(hooks.check_module_call)
        return None

    def get_additional_indirect_deps(self, file: MypyFile) -> set[str]:
        # Called once a module is type checked, before its errors are flushed: the
        # moment to hold its return statements to their jaxtyping annotations.
        self.session.check_module(file)
        return set()

    def report_config_data(self, ctx: ReportConfigContext) -> object:
        # mypy fingerprints this file only; the shapes it caches also depend on the
        # hooks and the contracts, so a change there must invalidate the cache too.
        return self.fingerprint

    def _type_info(self, fullname: str) -> TypeInfo | None:
        if "." not in fullname:
            return None
        try:
            symbol = self.lookup_fully_qualified(fullname)
        except (AssertionError, KeyError):
            return None
        node = symbol.node if symbol is not None else None
        return node if isinstance(node, TypeInfo) else None


def _fingerprint() -> str:
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _FINGERPRINTED:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()[:16]


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point: the plugin class for this mypy version."""
    return TypedRNNPlugin
