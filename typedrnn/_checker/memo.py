"""Inlined calls remembered: a call walked again with the same values replays the first walk.

Module-level code runs once per world, and a loop body runs until its names stop
changing, so the same call is inlined many times with the same values:
``get_batch(data, i, bptt)`` on every pass of a training loop, ``model(x)`` in
every world where the model is built the same way. Walking it again gives the
same result and the same findings, because a walk depends only on the call's
values, its place in the run (the calls around it, where its findings go, the
lower bounds known so far) and a few things it reads from its run as it goes:

- the world's value of each flag or choice it asks about,
- the members a choice is known to have (they grow while the first run walks),
- the module's globals (the ``__main__`` block's names, as far as it got).

A :class:`Trace` records those reads and everything the walk does to its run
(findings, flags it wants split, choices' members, lower bounds), in order. A
later call with the same values and place replays the effects when every read
sees what it saw then; otherwise it is walked. Statements walked count as if
walked again, so the budgets run out where they always did, and a walk that hit
a budget is never replayed.

    >>> trace = Trace(silent=0, findings=[])
    >>> trace.events.append(WorldRead("args.bidirectional", True))
    >>> Replay(values=(), result=None, steps=4, events=tuple(trace.events)).steps
    4
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Union

from mypy.nodes import Var

from typedrnn._checker.findings import Finding


def exactly(*values: object) -> str:
    """Values as a key that also tells apart what ``==`` leaves out on purpose: how a size was
    written (``len(x)`` and ``x.size(0)`` are one symbol) and where a module was built.
    Messages say both, so a walk is replayed only for values equal in every field.

    >>> from typedrnn._contracts.sizes import symbol
    >>> symbol("x.size(0)", "len(x)") == symbol("x.size(0)", "x.size(0)")
    True
    >>> exactly(symbol("x.size(0)", "len(x)")) == exactly(symbol("x.size(0)", "x.size(0)"))
    False
    """
    return repr(values)


class WorldRead(NamedTuple):
    """A flag or choice looked up in the world: what the world held for it (None: undecided)."""

    key: str
    value: bool | str | None


class DomainRead(NamedTuple):
    """The members a choice was known to have when the walk first met it."""

    key: str
    members: tuple[str, ...]


class GlobalRead(NamedTuple):
    """A module global read from a function, and what it held (:func:`exactly`)."""

    node: Var
    name: str
    value: str


class Wish(NamedTuple):
    """A flag or choice the walk met undecided: the run wants to split on it."""

    key: str
    text: str


class Members(NamedTuple):
    """Members a choice was seen to take (``closed``: it can take no other)."""

    key: str
    members: tuple[str, ...]
    closed: bool


class Bound(NamedTuple):
    """A lower bound the walk learned for a size (a module's width is at least 1)."""

    key: str
    least: int


class Report(NamedTuple):
    """A finding the walk reported, as it reached the run's findings."""

    finding: Finding


# Events are tuples: they are made by the thousand and never compared, and a module
# of frozen dataclasses takes milliseconds to import, on every mypy run.
Event = Union[WorldRead, DomainRead, GlobalRead, Wish, Members, Bound, Report]


@dataclass
class Trace:
    """What one walk of a call reads and does, while it runs.

    ``silent`` and ``findings`` are the run's at the start: a finding counts as the
    walk's own when it reaches that list with no more silence than there was then
    (a loop's fixpoint passes are silent, whatever called them).
    """

    silent: int
    findings: list[Finding]
    events: list[Event] = field(default_factory=list)
    # The choices whose members the walk has met (their first read is recorded).
    touched: set[str] = field(default_factory=set)


def identical(first: object, second: object) -> bool:
    """Whether two tuples or dicts hold the very same objects: then :func:`exactly` agrees
    without writing anything out. A loop's last pass runs from the entry of a pass before
    it, and a call in a world from values the first run made, so this is the usual case.

    >>> size = ["nhid"]
    >>> identical((size, {"x": size}), (size, {"x": size})), identical((size,), (["nhid"],))
    (True, False)
    """
    if first is second:
        return True
    if type(first) is tuple and type(second) is tuple:
        return len(first) == len(second) and all(identical(a, b) for a, b in zip(first, second))
    if type(first) is dict and type(second) is dict:
        return list(first) == list(second) and all(identical(first[key], second[key]) for key in first)
    return False


@dataclass
class Replay:
    """A finished walk of a call: the values it was called with, what it returned, its
    statements, and its reads and effects in order."""

    values: tuple[object, ...]
    # A call's value; for a loop's pass, the names it leaves and the values it returned.
    result: object
    steps: int
    events: tuple[Event, ...]
    # Whether the walk met a module or a module's results (see Run.touched).
    touched: bool = True
    # :func:`exactly` of ``values``, once a call with equal values asks.
    _exact: str | None = None

    def exact(self) -> str:
        if self._exact is None:
            self._exact = exactly(*self.values)
        return self._exact
