"""Designations of Korean municipalities over time (population decline, crisis areas).

Reads `data/reference/kr_designations.csv` (built by scripts/build_reference.py). A
designation is in force in a year when it is in force on any day of that year; a period
whose start is reported only as a year counts from that year. The crisis periods come
from press reports, not an official list: every answer carries that mark with it.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import NamedTuple

from regionlab.korea import evidence
from regionlab.policy.packaged import table

TABLE = "reference/kr_designations.csv"


# A NamedTuple, not a frozen dataclass: as immutable, and defined without compiling
# methods as the module is imported (about 1 ms each, on every start-up).
class Period(NamedTuple):
    designation: str
    start: str  # ISO day, or a year where the day is not reported
    end: str  # "" = no end reported
    official: bool
    reading: str  # how a row whose dates were not plain days was read
    source: str

    def first_day(self) -> date:
        return date.fromisoformat(self.start) if len(self.start) > 4 else date(int(self.start),
                                                                                1, 1)

    def last_day(self) -> date:
        return date.fromisoformat(self.end) if self.end else date.max

    def in_year(self, year: int) -> bool:
        return self.first_day() <= date(year, 12, 31) and self.last_day() >= date(year, 1, 1)

    def span(self) -> str:
        return f"{self.start}..{self.end or 'no end reported'}"


@functools.cache
def _table() -> dict[str, tuple[Period, ...]]:
    rows = table(TABLE)
    found: dict[str, list[Period]] = {}
    for r in rows:
        key = evidence.territory(r["code"])
        found.setdefault(key, []).append(Period(r["designation"], r["start"], r["end"],
                                                r["official"] == "yes", r["reading"],
                                                r["source"]))
    return {k: tuple(v) for k, v in found.items()}


def periods(code: str) -> tuple[Period, ...]:
    """Every recorded period of the municipality, whatever code of it is given."""
    return _table().get(evidence.territory(code), ())


def in_force(code: str, year: int) -> dict[str, Period]:
    """designation -> the period that puts it in force in `year` (any day of the year)."""
    return {p.designation: p for p in periods(code) if p.in_year(year)}


@functools.lru_cache(maxsize=4096)
def knows(code: str, year: int) -> bool:
    """Whether the reference tables know the code as a unit in force in `year`: only then
    is a profile's list compared with the table."""
    from regionlab.korea import reference

    try:
        return reference.canonical(code, reference.date_for_year(year)) is not None
    except (reference.ReferenceLookupError, ValueError, TypeError):
        return False


def differences(code: str, year: int, listed: object
                ) -> tuple[dict[str, Period], list[str]]:
    """How a profile's list of designations differs from the table in `year`: those in
    force it lacks (with their periods), and those it lists that the table, which
    records them, does not have in force. Only designations the table records count."""
    given = set(listed) if isinstance(listed, list | tuple | set | frozenset) else set()
    expected = in_force(code, year)
    lacking = {d: expected[d] for d in sorted(set(expected) - given)}
    return lacking, sorted((given & recorded()) - set(expected))


@functools.cache
def recorded() -> frozenset[str]:
    """The designations the table knows about (others, e.g. disaster, are not checked)."""
    return frozenset(p.designation for ps in _table().values() for p in ps)
