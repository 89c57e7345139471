"""What a rulebook's domain decision reads, and the domain by sides of thresholds.

When the domain rules do nothing but set actors against thresholds (`residents <
low`; the shipped rulebook's do), the domain depends only on which side of each
threshold each actor is on: below, on or above it. Stability and what it would
take ask for the domain of thousands of such combinations in a batch, and there
are only a few of them: each is decided once per rulebook, on any values that
have those sides. The report draws the domains' areas on its plane from the same
rules (`plane_areas`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import pairwise
from typing import Any, NamedTuple

from regionlab.engine.classify import verdict
from regionlab.profile.models import ACTORS
from regionlab.rules.rulebook import Rulebook, compared

BELOW, ON, ABOVE = 0, 1, 2
_TABLE_MAX = 4096  # combinations remembered per rulebook (3 ** pairs at most)


class Plan(NamedTuple):
    actors: tuple[str, ...]  # actors the domain rules read (through definitions too)
    thresholds: tuple[str, ...]  # thresholds they read
    others: tuple[str, ...]  # other names they read (context figures, designations, ...)
    definitions: tuple[str, ...]  # definitions they read
    pairs: tuple[tuple[str, str], ...]  # (actor, threshold) compared directly, sorted
    by_sides: bool  # nothing read but actors and thresholds, and every comparison sets
    # an actor against a threshold: the domain is a function of the sides of `pairs`
    table: dict  # sides of `pairs` -> domain, filled as they are met


def plan(rulebook: Rulebook) -> Plan:
    """Worked out once per rulebook, and kept with it (`Rulebook.derived`): a what-if's
    changed copy, or a rulebook file read again, gets a plan and a table of its own."""
    return rulebook.derived(_make_plan)


def _make_plan(rulebook: Rulebook) -> Plan:
    rules = rulebook.of_kind("domain")
    reads = {n for rule in rules for n in rule.reads}
    pairs = {(name, limit) for rule in rules for name, limit in compared(rule)
             if name in ACTORS}
    definitions = tuple(n for n in rulebook.definitions if n in reads)
    others = tuple(sorted(reads - set(ACTORS) - set(definitions)))
    limits = tuple(sorted({n for rule in rules for n in rule.threshold_names}))
    # `residents < municipality` or `low < high` is direct too, but no (actor,
    # threshold) side says how it comes out
    only_pairs = all(
        (a, b) in pairs or (b, a) in pairs for rule in rules for a, b in rule.condition.pairs)
    by_sides = (not others and not definitions and only_pairs
                and all(rule.condition.direct for rule in rules))
    return Plan(tuple(sorted(reads & set(ACTORS))), limits, others, definitions,
                tuple(sorted(pairs)), by_sides, {})


def side(value: float, threshold: float) -> int:
    return BELOW if value < threshold else ON if value == threshold else ABOVE


def sides_of(p: Plan, values: Mapping[str, Any], thresholds: Mapping[str, float] | None = None
             ) -> tuple[int, ...]:
    """The side of each of the plan's pairs: the actors' values in `values`, the
    thresholds' in `thresholds` (or in `values` too)."""
    limits = values if thresholds is None else thresholds
    return tuple([side(values[actor], limits[limit]) for actor, limit in p.pairs])


def domain_by_sides(p: Plan, rulebook: Rulebook, sides: tuple[int, ...],
                    env: Callable[[], dict]) -> str | None:
    """The domain for these sides. `env()` gives values that have them: asked for,
    and decided, only the first time the combination is met."""
    table = p.table
    if sides in table:
        return table[sides]
    domain = verdict(rulebook.of_kind("domain"), env())
    if len(table) < _TABLE_MAX:
        table[sides] = domain
    return domain


Rect = tuple[float, float, float, float]  # x, y, width, height


def plane_areas(rulebook: Rulebook, x: str, y: str) -> dict[str, list[Rect]] | None:
    """Where each domain lies on the plane of two actors' capacities (0-100), as
    rectangles, worked out from the domain rules themselves; None when they read
    anything but these two capacities and thresholds, which a plane cannot show.
    Between the thresholds the rules compare each actor with, the domain cannot
    change: one decision per cell, and neighbouring cells of a domain joined."""
    p = plan(rulebook)
    if not p.by_sides or not set(p.actors) <= {x, y}:
        return None
    cuts = {actor: sorted({0.0, 100.0} | {rulebook.thresholds[limit] for who, limit in p.pairs
                                          if who == actor and 0 < rulebook.thresholds[limit] < 100})
            for actor in (x, y)}
    rules = rulebook.of_kind("domain")
    rows = []
    for y0, y1 in pairwise(cuts[y]):
        row: list[tuple[str | None, float, float]] = []  # (domain, x from, x to)
        for x0, x1 in pairwise(cuts[x]):
            env = dict(rulebook.thresholds)
            env.update({x: (x0 + x1) / 2, y: (y0 + y1) / 2})
            domain = verdict(rules, env)
            if row and row[-1][0] == domain and row[-1][2] == x0:
                row[-1] = (domain, row[-1][1], x1)
            else:
                row.append((domain, x0, x1))
        rows.append(((y0, y1), row))
    areas: dict[str, list[Rect]] = {}
    for (y0, y1), row in rows:
        for domain, x0, x1 in row:
            if domain is None:  # no rule decides there
                continue
            same = [r for r in areas.get(domain, []) if r[0] == x0 and r[2] == x1 - x0
                    and r[1] + r[3] == y0]  # the same span just below: make it taller
            if same:
                rects = areas[domain]
                rects[rects.index(same[0])] = (x0, same[0][1], x1 - x0, y1 - same[0][1])
            else:
                areas.setdefault(domain, []).append((x0, y0, x1 - x0, y1 - y0))
    return areas
