"""Where a region stands among all: the national distribution of capacities for a year.

Every basic local government of the year's reference list is scored on the evidence
panel alone, exactly as the template `regionlab init` writes for it would be (its
panel figures under the framework's vintage rule, no rating), and classified by the
rulebook. That is the nation a report places a region in: its rank and percentile per
capacity, the national and provincial medians, the distribution strips, the peers.

Each municipality is assessed by the engine (engine/assess.py) on that profile, context
figures and designations included, so that a rulebook reading them places a region
among the same nation it would see in a batch of those templates. Computed once per
year, framework and rulebook and kept (a few at a time): a national batch report asks
for it once, a page of one region once, a test many times. Kept on disk too
(policy/cache.by_contents), under the year, the contents of the framework and of what
assessing reads of the rulebook, and of every data file shipped: the engine's 226
assessments are then made once, not on every report.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from functools import cache
from types import FunctionType
from typing import NamedTuple

from regionlab.engine.assess import assess
from regionlab.korea import evidence, reference
from regionlab.nation.init_profiles import context_figures
from regionlab.policy.cache import by_contents, checksum
from regionlab.policy.framework import Framework
from regionlab.policy.packaged import DATA
from regionlab.profile.models import ACTORS, FORMAT, Actor, Profile, Region
from regionlab.rules.rulebook import Rulebook


# A NamedTuple, not a frozen dataclass: as immutable, and defined without compiling
# methods as the module is imported (about 0.7 ms each, on every report).
class Unit(NamedTuple):
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


class Standing(NamedTuple):
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
    # territory -> its unit, filled on the first look-up: a national page looks up
    # each of its 226 regions (the map, its layers and tooltips)
    _by_territory: dict[str, Unit] = field(default_factory=dict, repr=False, compare=False)

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
        if not self._by_territory:
            for u in self.units:
                self._by_territory.setdefault(u.territory(), u)  # the first, as listed
        return self._by_territory.get(evidence.territory(code))


def median(values: list[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


# A few nations at a time (a report over the years asks for one per year; each what-if
# engine for its own): bounded, the least recently asked for dropped first.
MAX_KEPT = 16
_KEPT: OrderedDict[tuple[int, Hashable, Hashable], Nation | None] = OrderedDict()


def nation(year: int, framework: Framework, rulebook: Rulebook) -> Nation | None:
    """The nation of `year` (None before the reference tables start), kept for the life
    of the process under what it is computed from: the year and the contents of the
    framework and rulebook (two engines with the same what-ifs share one nation)."""
    key = (year, _contents(framework), _rules_read(rulebook))
    if key in _KEPT:
        _KEPT.move_to_end(key)
        return _KEPT[key]
    made = _KEPT[key] = _build(year, framework, rulebook, _stable_parts(key[1:], framework,
                                                                           rulebook))
    if len(_KEPT) > MAX_KEPT:
        _KEPT.popitem(last=False)
    return made


# (framework's contents, rules read) -> both as stable data (`_stable`): the part of the
# disk cache's key that every year shares (a report over the years asks for eleven
# nations; walking the framework and the rules each time was 37 ms of a region's page)
_STABLE: OrderedDict[tuple[Hashable, Hashable], list[object]] = OrderedDict()


def _stable_parts(contents: tuple[Hashable, Hashable], fw: Framework, rulebook: Rulebook
                  ) -> list[object]:
    found = _STABLE.get(contents)
    if found is None:
        found = _STABLE[contents] = [_stable(fw), _stable(_rules_read(rulebook))]
        if len(_STABLE) > MAX_KEPT:
            _STABLE.popitem(last=False)
    return found


def _rules_read(rulebook: Rulebook) -> Hashable:
    """What assessing reads of a rulebook: its rules (compiled once per file version and
    shared by its what-if copies), thresholds and definitions."""
    return (rulebook.rules, tuple(sorted(rulebook.thresholds.items())),
            tuple(rulebook.definitions.items()))


def _contents(value: object) -> Hashable:
    """A framework (or any part of it) as a hashable value equal for equal contents; a
    dataclass by the fields it compares on (not its cache of variants)."""
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                *(_contents(getattr(value, f.name)) for f in fields(value) if f.compare))
    if isinstance(value, dict):
        return tuple((k, _contents(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(map(_contents, value))
    if isinstance(value, set):
        return frozenset(value)
    return value


def _stable(value: object) -> object:
    """`_contents` as JSON data the same in every process: sets sorted, a compiled
    condition by its source (its function left out), anything else by its text."""
    if is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__,
                *(_stable(getattr(value, f.name)) for f in fields(value) if f.compare)]
    if isinstance(value, dict):
        return [[str(k), _stable(v)] for k, v in value.items()]
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value if not isinstance(v, FunctionType)]
    if isinstance(value, set | frozenset):
        return sorted((_stable(v) for v in value), key=repr)
    if value is None or isinstance(value, str | int | float):
        return value
    return repr(value)


@cache
def _data_checksum() -> str:
    """Size and CRC-32 of every data file shipped (the reference tables the nation is read
    from, the framework's goalposts), by name, once per process."""
    files = sorted(p for p in DATA.rglob("*") if p.is_file())
    return json.dumps([[str(p.relative_to(DATA)) for p in files], checksum(files)])


def _build(year: int, fw: Framework, rulebook: Rulebook, stable: list[object]
           ) -> Nation | None:
    if year < reference.COVERAGE_START.year:
        return None
    on = reference.date_for_year(year)
    key = json.dumps([year, _data_checksum(), *stable], ensure_ascii=False)
    units = by_contents("nation", key, lambda: [
        list(_unit(gov, year, fw, rulebook)) for gov in reference.local_governments(on)])
    return Nation(year, on, tuple(Unit(*u) for u in units))


class Contexts(NamedTuple):
    """The context figures of every municipality of a year (`_context`), by territory:
    all a national page's map shows of the nation, found without assessing anyone."""
    year: int
    by_territory: dict[str, dict[str, float | None]]

    def of(self, code: str) -> dict[str, float | None] | None:
        return self.by_territory.get(evidence.territory(code))

    def fiscal_vintages(self) -> set[float]:  # years, as the context figures are typed
        return {v for c in self.by_territory.values()
                if (v := c.get("fiscal_self_reliance_vintage")) is not None}


def contexts(year: int, fw: Framework) -> Contexts | None:
    """The nation's context figures of `year` (None before the reference tables start):
    the same as its units' (`nation`), read from the panel and the reference tables alone
    (the nation's 226 assessments were most of a national page made from an empty
    cache). Kept on disk by contents: the year, every data file shipped and the
    framework's rule for the one panel figure among them."""
    if year < reference.COVERAGE_START.year:
        return None
    spec = [_stable(ind) for a, name, ind in fw.panel_indicators() if (a, name) == FISCAL]
    key = json.dumps([year, _data_checksum(), spec], ensure_ascii=False)
    made = by_contents("contexts", key, lambda: _contexts(year, fw))
    return Contexts(year, made)


FISCAL = ("municipality", "fiscal_self_reliance_pct")  # the context figure the panel gives


def _contexts(year: int, fw: Framework) -> dict[str, dict[str, float | None]]:
    found: dict[str, dict[str, float | None]] = {}
    for gov in reference.local_governments(reference.date_for_year(year)):
        if evidence.territory(gov.code) not in found:  # the first, as listed (Nation.unit)
            fiscal = evidence.figure(gov.code, year, fw, *FISCAL)
            found[evidence.territory(gov.code)] = _context(
                gov.code, None if fiscal is None else fiscal.value,
                None if fiscal is None else fiscal.vintage)
    return found


def _unit(gov: reference.LocalGov, year: int, fw: Framework, rulebook: Rulebook) -> Unit:
    """The municipality assessed by the engine on the profile `regionlab init` writes
    for it: its panel figures, its designations and context figures, no rating (so a
    rulebook that reads a context figure ranks a region against the nation it sees)."""
    got, _ = evidence.figures(gov.code, year, fw)
    actors = {a: Actor(indicators={f.indicator: f.value for f in got if f.actor == a},
                       vintages={f.indicator: f.vintage for f in got if f.actor == a})
              for a in ACTORS}
    profile = Profile(FORMAT, Region(gov.code, gov.name_en, gov.name_ko), year, actors,
                      context_figures(gov, year))
    a = assess(profile, rulebook, fw, trace=False)
    municipality = actors[FISCAL[0]]
    return Unit(gov.code, gov.name_ko, gov.name_en, gov.kind, gov.parent_code, a.capacities,
                a.domain, a.grade, _context(gov.code, municipality.indicators.get(FISCAL[1]),
                                            municipality.vintages.get(FISCAL[1])))


def _context(code: str, fiscal: float | None, vintage: int | None
             ) -> dict[str, float | None]:
    """Context figures for peers and the map: extinction risk and population of
    2025-06-30 (the only date shipped), fiscal self-reliance as the panel gives it
    (`fiscal`, of the year `vintage`)."""
    ctx = reference.context_2025(code) or {}
    population = ctx.get("population")
    return {"extinction_index": ctx.get("extinction_index"),
            "population": population,
            "log_population": math.log10(population) if population else None,
            "fiscal_self_reliance_pct": fiscal,
            "fiscal_self_reliance_vintage": vintage}
