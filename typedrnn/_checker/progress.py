"""Progress of a long mypy run, told from the plugin's callbacks.

A first run reads all of torch and takes tens of seconds; a silent minute in CI
looks like a hang. mypy calls the plugin for every module it parses
(``get_additional_deps``) and every module it has type checked
(``get_additional_indirect_deps``), so the plugin knows the phase and the counts.
Once a run has taken ``EVERY`` seconds, and then every ``EVERY`` seconds, one line
goes to stderr::

    typedrnn: 20 s: type checking, 1,204 of 1,310 modules parsed are checked; shapes read in 3 of yours

Short runs print nothing. ``TYPEDRNN_PROGRESS=0`` turns it off and
``TYPEDRNN_PROGRESS=5`` prints every 5 seconds; ``typedrnn check`` prints the
same line itself, on its own schedule.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Final, TextIO

EVERY: Final = 10.0


class Progress:
    """Counts what mypy has done in this run and says so on long runs."""

    def __init__(
        self,
        stream: TextIO | None = None,
        every: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        printing: bool | None = None,
    ) -> None:
        self.stream = stream
        setting = os.environ.get("TYPEDRNN_PROGRESS", "")
        self.every = every if every is not None else _seconds(setting)
        self.clock = clock
        self.printing = setting != "0" if printing is None else printing
        self.started = clock()
        self.next_line = self.started + self.every
        self.phase = "parsing"
        self.parsed = 0
        self.checked = 0
        self.read = 0

    def parsing(self) -> None:
        self.phase = "parsing"
        self.parsed += 1
        self._maybe_say()

    def type_checked(self, read_for_shapes: bool) -> None:
        self.phase = "type checking"
        self.checked += 1
        self.read += read_for_shapes
        self._maybe_say()

    def line(self) -> str:
        elapsed = self.clock() - self.started
        yours = f"shapes read in {self.read} of yours"
        if self.phase == "parsing":
            return f"typedrnn: {elapsed:.0f} s: parsing, {self.parsed:,} modules so far; {yours}"
        return (
            f"typedrnn: {elapsed:.0f} s: type checking, {self.checked:,} of {self.parsed:,} modules parsed "
            f"are checked; {yours}"
        )

    def _maybe_say(self) -> None:
        if not self.printing:
            return
        now = self.clock()
        if now < self.next_line:
            return
        self.next_line = now + self.every
        print(self.line(), file=self.stream or sys.stderr, flush=True)


def _seconds(setting: str) -> float:
    try:
        return float(setting) if float(setting) > 0 else EVERY
    except ValueError:
        return EVERY


class Runs:
    """The run in progress in this process, for ``typedrnn check`` to report; and
    whether the plugin prints its own lines (``typedrnn check`` prints them instead)."""

    def __init__(self) -> None:
        self.current: Progress | None = None
        self.plugin_prints = True

    def start(self) -> Progress:
        """A new run's progress (the plugin is made once per mypy run)."""
        self.current = Progress(printing=None if self.plugin_prints else False)
        return self.current


RUNS: Final = Runs()
