"""``reveal_shape``: a run-time no-op that the mypy plugin turns into a note.

Kept apart from the modules so that it imports nothing, torch included.
"""

from __future__ import annotations

from typing import TypeVar

_T = TypeVar("_T")


def reveal_shape(x: _T) -> _T:
    """Return ``x`` unchanged; under the mypy plugin, mypy notes x's known shape.

    >>> import typedrnn
    >>> typedrnn.reveal_shape(3)
    3

    With ``plugins = ["typedrnn.mypy_plugin"]``, ``reveal_shape(torch.zeros(2, 3))``
    makes mypy print ``note: Revealed shape is (2, 3)``.
    """
    return x
