"""Where a region stands among all: the national distribution of capacities for a year.

Every basic local government of the year's reference list is scored on the evidence
panel alone, exactly as the template `regionlab init` writes for it would be (its
panel figures under the framework's vintage rule, no rating), and classified by the
rulebook. That is the nation a report places a region in: its rank and percentile per
capacity, the national and provincial medians, the distribution strips, the peers.

Computed once per (year, framework, rulebook) and kept: a national batch report asks
for it once, a page of one region once, a test many times.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from regionlab.engine.classify import classify
from regionlab.engine.scoring import score_actor
from regionlab.korea import designations, evidence, reference
from regionlab.policy.framework import Framework
from regionlab.profile.models import ACTORS, Actor
from regionlab.rules.rulebook import Rulebook, with_definitions


@dataclass(frozen=True)
class Unit:
    """One municipality as the nation's evidence places it."""
    code: str
    name_ko: str
    name_en: str
    kind: str  # si | gun | gu
    province: str  # the sido code it belongs to that year
    capacities: dict[str, float | None]
    domain: str | None
    grade: str | None
    context: dict[str, float | None]  # extinction_index, fiscal_self_reliance_pct, population

    def territory(self) -> str:
        return evidence.territory(self.code)


@dataclass(frozen=True)
class Standing:
    """A capacity among the nation's: 57th of 226, at the 75th percentile; `tied`:
    how many others have the very same value (a rank they share)."""
    rank: int
    of: int
    percentile: float
    tied: int = 0


@dataclass(frozen=True)
class Nation:
    year: int
    on: date  # the reference list's date
    units: tuple[Unit, ...]
    _values: dict[str, tuple[float, ...]] = field(default_factory=dict, repr=False)

    def values(self, actor: str, province: str | None = None,
               without: str | None = None) -> list[float]:
        """Capacities of `actor` that the evidence gives, of one province or all,
        leaving out the territory `without` (the region itself)."""
        return [value for u in self.units
                if (value := u.capacities[actor]) is not None
                and (province is None or u.province == province)
                and (without is None or u.territory() != without)]

    def has(self, actor: str) -> bool:
        """Whether the panel gives this capacity for the year at all."""
        return any(u.capacities[actor] is not None for u in self.units)

    def complete(self) -> bool:
        return all(self.has(a) for a in ACTORS)

    def median(self, actor: str, province: str | None = None) -> float | None:
        return median(self.values(actor, province))

    def standing(self, actor: str, value: float | None, territory: str) -> Standing | None:
        """Rank (1 = highest) and percentile of `value` among the other municipalities
        and itself: 'n-th of 226' counts the region once, at its own value."""
        if value is None or not self.has(actor):
            return None
        others = self.values(actor, without=territory)
        above = sum(v > value for v in others)
        same = sum(v == value for v in others)
        n = len(others) + 1
        below = n - 1 - above - same
        return Standing(above + 1, n, round(100 * (below + 0.5 * (same + 1)) / n, 1), same)

    def unit(self, code: str) -> Unit | None:
        key = evidence.territory(code)
        return next((u for u in self.units if u.territory() == key), None)


def median(values: list[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


_CACHE: dict[tuple, tuple[Framework, Rulebook, Nation | None]] = {}


def nation(year: int, framework: Framework, rulebook: Rulebook) -> Nation | None:
    """The nation of `year` (None before the reference tables start); kept per year,
    framework and rulebook for the life of the process."""
    key = (year, id(framework), id(rulebook))
    if key not in _CACHE:  # the objects are kept with it, so that their ids stay theirs
        _CACHE[key] = (framework, rulebook, _build(year, framework, rulebook))
    return _CACHE[key][2]


def _build(year: int, fw: Framework, rulebook: Rulebook) -> Nation | None:
    if year < reference.COVERAGE_START.year:
        return None
    on = reference.date_for_year(year)
    units = tuple(_unit(gov, year, fw, rulebook) for gov in reference.local_governments(on))
    return Nation(year, on, units)


def _unit(gov: reference.LocalGov, year: int, fw: Framework, rulebook: Rulebook) -> Unit:
    got, _ = evidence.figures(gov.code, year, fw)
    by_actor: dict[str, dict[str, float]] = {a: {} for a in ACTORS}
    vintages: dict[str, dict[str, int]] = {a: {} for a in ACTORS}
    for f in got:
        by_actor[f.actor][f.indicator] = f.value
        vintages[f.actor][f.indicator] = f.vintage
    scores = {a: score_actor(a, Actor(indicators=by_actor[a], vintages=vintages[a]), fw)
              for a in ACTORS}
    caps = {a: s.capacity for a, s in scores.items()}
    env: dict[str, object] = {**caps, "year": year,
                              "designations": frozenset(designations.in_force(gov.code, year)),
                              "missing_actors": frozenset(a for a, c in caps.items() if c is None),
                              "low_coverage_actors": frozenset(
                                  a for a, s in scores.items() if s.low_coverage)}
    with_definitions(rulebook, env)
    domain, grade, _, _ = classify(rulebook, env, False)
    return Unit(gov.code, gov.name_ko, gov.name_en, gov.kind, gov.parent_code, caps, domain,
                grade, _context(gov.code, by_actor["municipality"], vintages["municipality"]))


def _context(code: str, municipality: dict[str, float], vintages: dict[str, int]
             ) -> dict[str, float | None]:
    """Context figures for peers and the map: extinction risk and population of
    2025-06-30 (the only date shipped), fiscal self-reliance as the panel gives it."""
    ctx = reference.context_2025(code) or {}
    population = ctx.get("population")
    return {"extinction_index": ctx.get("extinction_index"),
            "population": population,
            "log_population": math.log10(population) if population else None,
            "fiscal_self_reliance_pct": municipality.get("fiscal_self_reliance_pct"),
            "fiscal_self_reliance_vintage": vintages.get("fiscal_self_reliance_pct")}
