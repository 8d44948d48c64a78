"""What to install for the static checker, worded for the way typedrnn itself was installed.

``pip install "typedrnn[mypy]"`` asks the package index for typedrnn again, which
fails (or installs another copy) where typedrnn came from a checkout. The
advice therefore depends on pip's record of the installation (PEP 610's
``direct_url.json``): from an index, the extra; from a directory, that
directory with the extra; and in every case mypy itself, pinned as the extra
pins it, which works however typedrnn got onto the path.

>>> "mypy>=2.4,<2.5" in mypy_advice()
True
"""

from __future__ import annotations

import json
from importlib import metadata
from typing import Final
from urllib.parse import unquote, urlparse

# The `mypy` extra's pin, as pyproject.toml states it (tests/test_packaging.py holds
# the two together); needed here for a typedrnn run from a source tree, which has no
# installed metadata to read it from.
MYPY_REQUIREMENT: Final = "mypy>=2.4,<2.5"


def mypy_advice() -> str:
    """The command (or commands) that install the static checker for this typedrnn."""
    plain = f'pip install "{MYPY_REQUIREMENT}"'
    directory = _installed_from_directory()
    if directory is None:
        if _installed_from_an_index():
            return f'pip install "typedrnn[mypy]" (or {plain})'
        return plain
    return f'{plain} (or pip install -e "{directory}[mypy]" for this checkout)'


def _direct_url() -> dict[str, object] | None:
    try:
        text = metadata.distribution("typedrnn").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if text is None:
        return None
    record: dict[str, object] = json.loads(text)
    return record


def _installed_from_an_index() -> bool:
    try:
        metadata.distribution("typedrnn")
    except metadata.PackageNotFoundError:
        return False
    return _direct_url() is None


def _installed_from_directory() -> str | None:
    """The local directory pip installed typedrnn from (a checkout), if it did."""
    record = _direct_url()
    if record is None or "dir_info" not in record:
        return None
    url = urlparse(str(record.get("url", "")))
    return unquote(url.path) if url.scheme == "file" else None
