"""Sizes that are names: integer polynomials over the symbols real code writes.

Real model code rarely writes ``nn.LSTM(50, 100)``; it writes ``nn.LSTM(ninp, nhid,
nlayers, bidirectional=True)`` and later ``nn.Linear(nhid, ntoken)``. To check that,
a size is an ``int`` or a :class:`Poly`: a normalised polynomial with integer
coefficients over :class:`Symbol` s (``nhid``, ``2·nhid``, ``nlayers·dirs``,
``h + 1``). Anything the algebra cannot express exactly (``hid // 3`` of an odd
polynomial, ``max(a, b)``) is an opaque symbol of its own.

Normal forms make agreement a plain ``==``. Disagreement needs more: two sizes
disagree only when their difference is non-zero for *every* value of its symbols
allowed by their lower bounds (a hidden size is at least 1, a batch at least 0).
Each symbol is shifted to its lower bound (``s = lower + t`` with ``t ≥ 0``); when
every coefficient of the shifted difference has one sign and the constant term is
not zero, no choice of the symbols can make it vanish. Otherwise the answer is
unknown, and unknown is never reported.

>>> nhid = symbol("nhid")
>>> str(2 * nhid)
'2·nhid'
>>> compare(2 * nhid, nhid, {"nhid": 1})
'differ'
>>> compare(2 * nhid, nhid, {})
'unknown'
>>> compare(nhid + nhid, 2 * nhid, {})
'equal'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Union

Verdict = Literal["equal", "differ", "unknown"]


@dataclass(frozen=True)
class Symbol:
    """One named size. ``key`` is its identity (scope included); ``text`` is how the user wrote it."""

    key: str
    text: str = field(compare=False, default="")

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", self.key)


# A product of symbols with their powers, sorted by key: ``(("n", 2), ("m", 1))``.
Monomial = tuple[tuple[Symbol, int], ...]


def _monomial_key(monomial: Monomial) -> tuple[tuple[str, int], ...]:
    return tuple((symbol.key, power) for symbol, power in monomial)


@dataclass(frozen=True)
class Poly:
    """A polynomial with integer coefficients that is not a constant (constants are ints).

    ``terms`` holds each monomial with its non-zero coefficient, the constant term
    under the empty monomial, sorted so that equal polynomials are equal tuples.
    """

    terms: tuple[tuple[Monomial, int], ...]

    def __hash__(self) -> int:
        return hash(tuple((_monomial_key(m), c) for m, c in self.terms))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Poly):
            return False
        return [(_monomial_key(m), c) for m, c in self.terms] == [
            (_monomial_key(m), c) for m, c in other.terms
        ]

    # -- arithmetic: every result is normalised again -----------------------------

    def __add__(self, other: Expr) -> Expr:
        return _from_terms([*self.terms, *_terms(other)])

    __radd__ = __add__

    def __sub__(self, other: Expr) -> Expr:
        return _from_terms([*self.terms, *((m, -c) for m, c in _terms(other))])

    def __rsub__(self, other: Expr) -> Expr:
        return _from_terms([*_terms(other), *((m, -c) for m, c in self.terms)])

    def __neg__(self) -> Expr:
        return _from_terms([(m, -c) for m, c in self.terms])

    def __mul__(self, other: Expr) -> Expr:
        return _from_terms(
            [(_multiply(m1, m2), c1 * c2) for m1, c1 in self.terms for m2, c2 in _terms(other)]
        )

    __rmul__ = __mul__

    def __floordiv__(self, other: Expr) -> Expr:
        if isinstance(other, int) and other != 0 and all(c % other == 0 for _, c in self.terms):
            return _from_terms([(m, c // other) for m, c in self.terms])
        return opaque(f"{code(self, True)} // {code(other, True)}")

    def __rfloordiv__(self, other: Expr) -> Expr:
        return opaque(f"{code(other, True)} // {code(self, True)}")

    def __str__(self) -> str:
        return _render(self, "·")

    def __repr__(self) -> str:
        return f"Poly({self})"

    def symbols(self) -> set[Symbol]:
        return {symbol for monomial, _ in self.terms for symbol, _ in monomial}


# A size as the algebra sees it: a known integer or a polynomial over symbols.
Expr = Union[int, Poly]


def symbol(key: str, text: str = "") -> Poly:
    """The polynomial that is just the symbol ``key`` (written ``text``)."""
    return _single(Symbol(key, text))


def _single(symbol_: Symbol) -> Poly:
    monomial: Monomial = ((symbol_, 1),)
    return Poly(((monomial, 1),))


def opaque(text: str) -> Poly:
    """A size the algebra cannot take apart, named by the expression that made it."""
    return symbol(f"⟨{text}⟩", text)


def is_size(value: object) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or isinstance(value, Poly)


def _terms(value: Expr) -> list[tuple[Monomial, int]]:
    if isinstance(value, Poly):
        return list(value.terms)
    return [((), value)] if value else []


def _multiply(first: Monomial, second: Monomial) -> Monomial:
    powers: dict[str, tuple[Symbol, int]] = {}
    for symbol_, power in (*first, *second):
        _, before = powers.get(symbol_.key, (symbol_, 0))
        powers[symbol_.key] = (symbol_, before + power)
    return tuple(sorted(powers.values(), key=lambda item: item[0].key))


def _from_terms(terms: list[tuple[Monomial, int]]) -> Expr:
    collected: dict[tuple[tuple[str, int], ...], tuple[Monomial, int]] = {}
    for monomial, coefficient in terms:
        key = _monomial_key(monomial)
        _, before = collected.get(key, (monomial, 0))
        collected[key] = (monomial, before + coefficient)
    kept = sorted(
        ((monomial, c) for monomial, c in collected.values() if c != 0),
        key=lambda item: (-sum(p for _, p in item[0]), _monomial_key(item[0])),
    )
    if not kept:
        return 0
    if len(kept) == 1 and kept[0][0] == ():
        return kept[0][1]
    return Poly(tuple(kept))


def _render(poly: Poly, times: str) -> str:
    text = ""
    for monomial, coefficient in poly.terms:
        factors = [s.text if p == 1 else f"{s.text}^{p}" for s, p in monomial]
        magnitude = abs(coefficient)
        if not factors:
            term = str(magnitude)
        elif magnitude == 1:
            term = times.join(factors)
        else:
            term = times.join([str(magnitude), *factors])
        if not text:
            text = term if coefficient > 0 else f"-{term}"
        else:
            text += f" + {term}" if coefficient > 0 else f" - {term}"
    return text


def divide(total: Expr, part: Expr) -> Expr | None:
    """``total / part`` when it is exact in the algebra (``part`` one term), else None."""
    if isinstance(part, int):
        if part == 0:
            return None
        if isinstance(total, int):
            return total // part if total % part == 0 else None
        return total // part if all(c % part == 0 for _, c in total.terms) else None
    if len(part.terms) != 1 or isinstance(total, int):
        return None
    ((divisor, coefficient),) = part.terms
    quotient: list[tuple[Monomial, int]] = []
    for monomial, c in total.terms:
        powers = {s.key: (s, p) for s, p in monomial}
        for s, p in divisor:
            if powers.get(s.key, (s, 0))[1] < p:
                return None
            powers[s.key] = (s, powers[s.key][1] - p)
        if c % coefficient:
            return None
        left = tuple(sorted(((s, p) for s, p in powers.values() if p), key=lambda item: item[0].key))
        quotient.append((left, c // coefficient))
    return _from_terms(quotient)


def code(size: Expr | None, grouped: bool = False) -> str:
    """A size as Python would write it: ``2 * nhid``; ``(a + b)`` when ``grouped`` needs it."""
    if size is None:
        return "?"
    if isinstance(size, int):
        return str(size)
    text = _render(size, " * ")
    return f"({text})" if grouped and len(size.terms) > 1 else text


def compare(first: Expr, second: Expr, lower: Mapping[str, int]) -> Verdict:
    """``equal`` when the normal forms agree, ``differ`` when no allowed value makes them agree.

    ``lower`` maps a symbol's key to the least value it can take; a symbol without
    one can be anything, so a difference that keeps it stays ``unknown``.
    """
    difference = first - second
    if difference == 0:
        return "equal"
    if isinstance(difference, int):
        return "differ"
    return "differ" if _never_zero(difference, lower) else "unknown"


def _shifted(poly: Poly, lower: Mapping[str, int]) -> Expr | None:
    """``poly`` with each symbol ``s`` replaced by ``lower(s) + t``; None if a bound is missing."""
    if any(symbol_.key not in lower for symbol_ in poly.symbols()):
        return None
    shifted: Expr = 0
    for monomial, coefficient in poly.terms:
        term: Expr = coefficient
        for symbol_, power in monomial:
            base = _single(symbol_) + lower[symbol_.key]
            for _ in range(power):
                term = term * base
        shifted = shifted + term
    return shifted


def _never_zero(poly: Poly, lower: Mapping[str, int]) -> bool:
    shifted = _shifted(poly, lower)
    if shifted is None:
        return False
    if isinstance(shifted, int):
        return shifted != 0
    # The shifted polynomial's symbols stand for t ≥ 0: one sign everywhere, and a
    # non-zero constant of that sign, keep it away from zero.
    constant = next((c for m, c in shifted.terms if m == ()), 0)
    signs = {c > 0 for m, c in shifted.terms if m != ()}
    return constant != 0 and signs == {constant > 0}


def lower_bound(size: Expr, lower: Mapping[str, int]) -> int | None:
    """The least value ``size`` can take, or None when the shift leaves a negative coefficient."""
    if isinstance(size, int):
        return size
    shifted = _shifted(size, lower)
    if shifted is None or isinstance(shifted, int):
        return shifted
    if any(c < 0 for m, c in shifted.terms if m != ()):
        return None
    return next((c for m, c in shifted.terms if m == ()), 0)
