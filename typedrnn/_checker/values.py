"""The abstract values the shape interpreter gives names and expressions.

Every value is immutable and compares by content, so environments can be joined
where branches meet and compared to find a loop's fixpoint. A value the
interpreter knows nothing about is :data:`UNKNOWN`; a value it knows only by the
name it came from (a parameter, ``args``, a variable assigned once from something
opaque) is an :class:`Opaque`, which becomes a symbol when used as a size, a flag
when used as a condition, and a namespace when its attributes are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final, Union

from typedrnn._contracts import ModuleConfig, Size
from typedrnn._contracts.sizes import Expr, symbol


@dataclass(frozen=True)
class Unknown:
    """Nothing known."""


UNKNOWN: Final = Unknown()


@dataclass(frozen=True)
class Opaque:
    """A value named by where it came from: ``nhid``, ``args.nhid``, ``x.size(0)``.

    ``key`` is its identity across the analysis (the scope is part of it); ``text``
    is how the user wrote it.
    """

    key: str
    text: str
    # Attributes known to hold one of a few literal strings (argparse's ``choices=``).
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def attribute(self, name: str) -> Opaque | Choice:
        key, text = f"{self.key}.{name}", f"{self.text}.{name}"
        for attribute, members in self.choices:
            if attribute == name:
                return Choice(key, text, members)
        return Opaque(key, text)

    def as_size(self) -> Expr:
        return symbol(self.key, self.text)


@dataclass(frozen=True)
class Str:
    """A literal string: ``"LSTM"``."""

    text: str


@dataclass(frozen=True)
class Choice:
    """A string known to be one of ``members`` (``choices=["LSTM", "GRU"]``), named by ``key``.

    Which member is in use is decided once per world, so every use of the same key
    (the module built, ``if self.rnn_type == "LSTM":``) agrees.
    """

    key: str
    text: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Namespace:
    """What ``parser.parse_args()`` returns: attributes with literal choices, before it is named."""

    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Table:
    """A dict literal with literal string keys: ``{"lstm": nn.LSTM, "gru": nn.GRU}``."""

    entries: tuple[tuple[str, Value], ...]

    def get(self, key: str) -> Value:
        for name, value in self.entries:
            if name == key:
                return value
        return UNKNOWN


@dataclass(frozen=True)
class Tensor:
    """A tensor: ``head`` dims, then (when not ``exact``) any number of dims, then ``tail``.

    ``head_from``/``tail_from`` say, dim by dim, where a size came from, for messages.
    """

    head: tuple[Size, ...] = ()
    exact: bool = False
    tail: tuple[Size, ...] = ()
    head_from: tuple[str | None, ...] = ()
    tail_from: tuple[str | None, ...] = ()
    # What a module call made it (``h_n of GRU``), for structure mistakes.
    role: str | None = None
    # When not exact: the fewest dims it can have (an RNN's output has at least 2).
    min_rank: int = 0

    @property
    def shape(self) -> tuple[Size, ...] | None:
        return self.head if self.exact else None

    def origins(self) -> tuple[str | None, ...]:
        return _padded(self.head_from, len(self.head))

    def last(self) -> tuple[Size, str | None] | None:
        """The last dimension and its origin, when known."""
        if self.tail:
            return self.tail[-1], _padded(self.tail_from, len(self.tail))[-1]
        if self.exact and self.head:
            return self.head[-1], self.origins()[-1]
        return None


def _padded(origins: tuple[str | None, ...], length: int) -> tuple[str | None, ...]:
    return (*origins, *(None,) * (length - len(origins)))[:length]


def exact(shape: tuple[Size, ...], origins: tuple[str | None, ...] = ()) -> Tensor:
    return Tensor(tuple(shape), True, (), _padded(origins, len(shape)))


ANY_TENSOR: Final = Tensor()


@dataclass(frozen=True)
class Packed:
    """A PackedSequence: its ``data`` tensor and ``batch_sizes[0]``."""

    data: Tensor
    batch: Size


@dataclass(frozen=True)
class Tup:
    """A tuple or list. ``role`` names a structure a module returned (``(h_n, c_n)``)."""

    items: tuple[Value, ...]
    kind: str = "tuple"
    role: str | None = None


@dataclass(frozen=True)
class Int:
    """An integer: a size expression, or None when its value is unknown."""

    size: Expr | None


@dataclass(frozen=True)
class Flag:
    """A boolean: its value, or None with the key of the name it depends on."""

    value: bool | None
    key: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Module:
    """A torch module the interpreter models.

    ``kind``: ``contract`` (the seven classes; ``config`` set), ``embedding``
    (``width`` is its embedding_dim), ``same`` (dropout, activations, norms: the
    shape passes through), ``sequential`` (``layers`` in order), ``list`` (a ModuleList
    written out, ``layers`` by index), ``either`` (one of the contract modules in
    ``layers``, built on branches that met: a call is checked for what fails for each
    of them).
    """

    kind: str
    config: ModuleConfig | None = None
    width: Size = None
    layers: tuple[Module, ...] = ()
    line: int = 0
    # The contract class (``LSTM``) even when its sizes are not known.
    family: str | None = None
    # Where it was built, as messages say it (``line 9``, ``line 9 of model.py``).
    where: str = ""


@dataclass(frozen=True)
class Instance:
    """An instance of a user class, with what its attributes are known to hold."""

    fullname: str
    attrs: tuple[tuple[str, Value], ...] = ()
    key: str = ""

    def get(self, name: str) -> Value | None:
        for attr, value in self.attrs:
            if attr == name:
                return value
        return None

    def with_attr(self, name: str, value: Value) -> Instance:
        kept = tuple((attr, v) for attr, v in self.attrs if attr != name)
        return replace(self, attrs=(*kept, (name, value)))


@dataclass(frozen=True)
class Ref:
    """A reference to something by full name: a class, a function, a module, a method."""

    fullname: str
    bound: Value | None = field(default=None)


Value = Union[Unknown, Opaque, Tensor, Packed, Tup, Int, Flag, Module, Instance, Ref, Str, Choice, Namespace, Table, None]


# --------------------------------------------------------------------------------------
# Joining where branches meet


def join(first: Value, second: Value) -> Value:
    """What is true of a value whichever of two paths produced it."""
    if first == second:
        return first
    if isinstance(first, Tensor) and isinstance(second, Tensor):
        return _join_tensors(first, second)
    if isinstance(first, Tup) and isinstance(second, Tup) and len(first.items) == len(second.items):
        items = tuple(join(a, b) for a, b in zip(first.items, second.items))
        return Tup(items, first.kind if first.kind == second.kind else "tuple", first.role if first.role == second.role else None)
    if isinstance(first, Int) and isinstance(second, Int):
        return Int(None)
    if isinstance(first, Flag) and isinstance(second, Flag):
        return Flag(None)
    if isinstance(first, Module) and isinstance(second, Module):
        return _join_modules(first, second)
    if isinstance(first, Instance) and isinstance(second, Instance) and first.fullname == second.fullname:
        names = [name for name, _ in first.attrs if second.get(name) is not None]
        attrs = tuple((name, join(first.get(name), second.get(name))) for name in names)
        return Instance(first.fullname, attrs, first.key if first.key == second.key else "")
    return UNKNOWN


# How many modules built on different branches a value may be one of.
MAX_EITHER: Final = 4


def _join_modules(first: Module, second: Module) -> Value:
    """``nn.GRU(...)`` on one branch, ``nn.LSTM(...)`` on the other: one of the two."""
    members: list[Module] = []
    for module in (first, second):
        for member in module.layers if module.kind == "either" else (module,):
            if member.kind != "contract":
                return UNKNOWN
            if member not in members:
                members.append(member)
    if len(members) > MAX_EITHER:
        return UNKNOWN
    return Module("either", layers=tuple(members))


def _join_tensors(first: Tensor, second: Tensor) -> Tensor:
    if first.exact and second.exact and len(first.head) == len(second.head):
        sizes = tuple(a if a == b else None for a, b in zip(first.head, second.head))
        origins = tuple(a if a == b else None for a, b in zip(first.origins(), second.origins()))
        return exact(sizes, origins)
    # Keep the dims both agree on at the ends; the middle becomes variable. An exact
    # shape offers all its dims at either end, but never the same dim at both.
    heads = [t.head for t in (first, second)]
    tails = [t.head if t.exact else t.tail for t in (first, second)]
    head_length = min(map(len, heads))
    tail_length = min(map(len, tails))
    for t in (first, second):
        if t.exact:
            tail_length = min(tail_length, len(t.head) - head_length)
    head = tuple(a if a == b else None for a, b in zip(first.head[:head_length], second.head[:head_length]))
    ends = [tail[len(tail) - tail_length :] for tail in tails]
    tail = tuple(a if a == b else None for a, b in zip(*ends))
    least = min(len(t.head) if t.exact else t.min_rank for t in (first, second))
    return Tensor(head, False, tail, min_rank=max(least, len(head) + len(tail)))
