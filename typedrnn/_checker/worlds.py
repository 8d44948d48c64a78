"""Worlds: a unit read once for each value of the flags and choices it met undecided.

A unit (a function, a class, a module's own code) that meets a flag it cannot decide
(``bidirectional=args.bidirectional``, ``if h is None:``) or a string chosen among
literals (``getattr(nn, args.model)``) is read once with both sides of each branch
joined, then once per world: each flag True and False, each choice each member. A
finding of every world is the unit's; one of some worlds is reported with the
condition that picks them out (``when bidirectional is True:``). This module chooses
the worlds and words what holds where.
"""

from __future__ import annotations

import itertools

from typedrnn._checker.findings import Finding

# How many undecided flags a unit is split on (2**N runs).
MAX_FLAGS = 3
# How many worlds a unit runs in at most, flags and choices among literal names together.
MAX_WORLDS = 12
# The member of an open choice that is none of the literals the code names.
OTHER = "\x00other"
# A world: each flag's value, and each choice's member (``choice:KEY``).
World = dict[str, bool | str]


def split_on(
    wanted: list[str], domains: dict[str, list[str]], closed: set[str]
) -> tuple[list[str], list[tuple[bool | str, ...]]]:
    """The flags and choices a unit is split on, in the order met, and the values of each,
    so that the worlds stay few: at most MAX_FLAGS flags and MAX_WORLDS worlds."""
    keys: list[str] = []
    values: list[tuple[bool | str, ...]] = []
    worlds, flags = 1, 0
    for key in wanted:
        if key.startswith("choice:"):
            members = tuple(domains.get(key, ()))
            if not members:
                continue
            options: tuple[bool | str, ...] = members if key in closed else (*members, OTHER)
        else:
            if flags == MAX_FLAGS:
                continue
            options = (True, False)
        if worlds * len(options) > MAX_WORLDS:
            continue
        worlds *= len(options)
        flags += not key.startswith("choice:")
        keys.append(key)
        values.append(options)
    return keys, values


def combine(
    per_world: list[tuple[World, list[Finding]]],
    texts: dict[str, str],
    domains: dict[str, list[str]],
    possible: list[World],
) -> list[Finding]:
    """Findings of every world: as they are where all agree, with their condition where not.

    Worlds the unit cannot get through (its ``__init__`` raises there) are left out of
    the condition: a finding in every other world is a finding of every configuration.
    A finding only where a string is none of the several literals the code tells apart
    is dropped: that is a value no caller is known to pass.
    """
    by_place: dict[tuple[object, ...], list[tuple[World, Finding]]] = {}
    order: list[tuple[object, ...]] = []
    for world, findings in per_world:
        for finding in findings:
            place = finding.place()
            if place not in by_place:
                by_place[place] = []
                order.append(place)
            if all(existing is not world for existing, _ in by_place[place]):
                by_place[place].append((world, finding))
    combined: list[Finding] = []
    all_worlds = [world for world, _ in per_world]
    for place in order:
        found = by_place[place]
        worlds = possible or all_worlds
        failing = [world for world, _ in found if any(world is w for w in worlds)]
        if not failing:
            worlds, failing = all_worlds, [world for world, _ in found]
        if all(_unnamed(world, domains) for world in failing):
            continue
        if len(failing) == len(worlds):
            combined.append(_for_every_member(found, worlds, texts))
            continue
        combined.append(found[0][1].conditioned(_condition(failing, worlds, texts, domains)))
    return combined


def _unnamed(world: World, domains: dict[str, list[str]]) -> bool:
    """Whether a world gives some string a value other than the two or more the code names
    (``"lstm"`` and ``"gru"``). Against a single literal, the other values are the ``else``
    the code means (``if cell == "gru": ... else: nn.LSTM(...)``), and are checked."""
    return any(value == OTHER and len(domains.get(key, ())) >= 2 for key, value in world.items())


def _for_every_member(found: list[tuple[World, Finding]], worlds: list[World], texts: dict[str, str]) -> Finding:
    """A finding of every world, as the first world words it. Where the words depend on
    what a world decides (the module's name for a choice, ``bidirectional=True`` in its
    description for a flag), it says that the finding holds alike for every value, and
    which one it shows: the module is not known to be that one."""
    first_world, first = found[0]
    if all(finding.lines == first.lines for _, finding in found):
        return first
    varying = [key for key in first_world if first_world[key] != OTHER and _words_depend_on(key, found)]
    if not varying:
        return first
    parts = []
    for key in varying:
        if key.startswith("choice:"):
            members = [repr(value) for value in dict.fromkeys(world[key] for world in worlds) if value != OTHER]
            parts.append(f"for every {texts.get(key, key)} ({', '.join(members)}), shown for {first_world[key]!r}")
        else:
            parts.append(
                f"whether or not {_describe(key, [True], texts, {})}; shown when {_describe(key, [first_world[key]], texts, {})}"
            )
    return first.conditioned("; ".join(parts))


def _words_depend_on(key: str, found: list[tuple[World, Finding]]) -> bool:
    """Whether two worlds that differ in ``key`` alone word the finding differently."""
    return any(
        finding.lines != other.lines
        and world[key] != other_world[key]
        and all(world[name] == other_world[name] for name in world if name != key)
        for (world, finding), (other_world, other) in itertools.combinations(found, 2)
    )


def _condition(failing: list[World], worlds: list[World], texts: dict[str, str], domains: dict[str, list[str]]) -> str:
    """The simplest statement of which worlds fail: one flag's value or one choice's members
    when that says it all, else each key's values together."""
    keys = list(worlds[0])
    failing_set = sorted(map(_world_key, failing))

    def values_of(key: str, among: list[World]) -> list[bool | str]:
        seen: list[bool | str] = []
        for world in among:
            if world[key] not in seen:
                seen.append(world[key])
        return seen

    def matches(chosen: dict[str, list[bool | str]]) -> bool:
        selected = [w for w in worlds if all(w[key] in values for key, values in chosen.items())]
        return sorted(map(_world_key, selected)) == failing_set

    for key in keys:
        if matches({key: values_of(key, failing)}):
            return f"when {_describe(key, values_of(key, failing), texts, domains)}"
    chosen = {key: values_of(key, failing) for key in keys}
    narrowed = [key for key in keys if len(chosen[key]) < len(values_of(key, worlds))]
    if narrowed and matches(chosen):
        return "when " + " and ".join(_describe(key, chosen[key], texts, domains) for key in narrowed)
    first = failing[0]
    return "when " + " and ".join(_describe(key, [first[key]], texts, domains) for key in keys)


def _world_key(world: World) -> tuple[tuple[str, bool | str], ...]:
    return tuple(sorted(world.items(), key=lambda item: (item[0], str(item[1]))))


def _describe(key: str, values: list[bool | str], texts: dict[str, str], domains: dict[str, list[str]]) -> str:
    text = texts.get(key, key)
    if key.startswith("choice:"):
        named = [repr(value) for value in values if isinstance(value, str) and value != OTHER]
        if OTHER not in values:
            return f"{text} is {' or '.join(named)}"
        others = [repr(member) for member in domains.get(key, []) if member not in values]
        return f"{text} is not {others[0]}" if len(others) == 1 else f"{text} is none of {', '.join(others)}"
    value = values[0]
    if text.endswith(" is None"):
        return text if value else text.replace(" is None", " is not None")
    return f"{text} is {value}"
