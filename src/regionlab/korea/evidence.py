"""The evidence panel: official figures per Korean municipality, indicator and vintage.

Reads `data/reference/kr_evidence.csv` (built by scripts/build_reference.py) and picks,
for a municipality and an assessment year, the figure of each indicator that the
framework's vintage rule allows: the latest at or before the year within `max_lag`
years; failing that, the earliest later one within `carry_back` years, marked as
carried back. Nothing else is ever used, so a 2019 assessment never sees a 2022 figure
unless the framework allows it and says so.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import NamedTuple

from regionlab.korea import reference
from regionlab.policy.cache import cached, note_read
from regionlab.policy.framework import Framework, crossed_breaks
from regionlab.policy.packaged import packaged, rows, table

PANEL = "reference/kr_evidence.csv"
GAPS = "reference/kr_evidence_gaps.csv"


# A NamedTuple, not a frozen dataclass: as immutable, and defined without compiling
# methods as the module is imported (about 1 ms each, on every start-up).
class Figure(NamedTuple):
    actor: str
    indicator: str
    value: float
    vintage: int  # the year the figure is from
    year: int  # the assessment year it is used for
    raw: str  # the figure in plain units, e.g. "turnout 38.7 % (nation 50.93 %), 2022-06-01"

    @property
    def carried_back(self) -> bool:
        return self.vintage > self.year

    @property
    def lag(self) -> int:
        return self.year - self.vintage


class Missing(NamedTuple):
    actor: str
    indicator: str
    year: int
    reason: str  # e.g. "no figure between 2019 and 2025; the panel has 2015"


@functools.cache
def _panel() -> dict[tuple[str, str], tuple[tuple[int, float, str], ...]]:
    """(territory, indicator) -> ((vintage, value, raw), ...) sorted by vintage.

    Rows are keyed by the code in force on their own date; `reference.territory` on one
    fixed day turns every code of the same municipality (45130, 52130) into one key.
    Kept in the disk cache (policy/cache.cached) per version of the panel and of the
    tables `territory` reads: reading the CSV and following the codes takes 35 ms, the
    kept entry 6 (every `init` and every nation a report assesses reads the panel)."""
    kept = cached(packaged(PANEL), "panel", _read_panel)
    return {(key, indicator): tuple(map(tuple, rows)) for key, indicator, rows in kept}


# what `territory` reads (it may have been read already in this process: named here)
TERRITORY_TABLES = ("reference/kr_local_governments.csv", "reference/kr_code_changes.csv")


def _read_panel(path: Path) -> list[list]:
    for name in TERRITORY_TABLES:
        note_read(packaged(name))
    # the rows as lists, not as packaged.table's dicts: a dict per row was two thirds of
    # reading the panel's 5,900 rows (the first init after an install paid it); read
    # once a process with the framework's check of coverage (policy/framework.py)
    header, lines = rows(PANEL)
    code, indicator, vintage, value, raw = (header.index(c) for c in PANEL_COLUMNS)
    found: dict[tuple[str, str], list[tuple[int, float, str]]] = {}
    for r in lines:
        key = (territory(r[code]), r[indicator])
        found.setdefault(key, []).append((int(r[vintage]), float(r[value]), r[raw]))
    return [[*key, sorted(rows)] for key, rows in found.items()]


PANEL_COLUMNS = ("code", "indicator", "vintage", "value", "raw")


def vintages(indicator: str) -> tuple[int, ...]:
    """The years the panel has figures of an indicator from, in order."""
    panel = _panel()
    if _VINTAGES[0] is not panel:  # every indicator's in one pass over the panel
        found: dict[str, set[int]] = {}
        for (_, ind), rows in panel.items():
            years = found.get(ind)
            if years is None:
                years = found[ind] = set()
            for r in rows:
                years.add(r[0])
        _VINTAGES[:] = [panel, {ind: tuple(sorted(v)) for ind, v in found.items()}]
    return _VINTAGES[1].get(indicator, ())


# [the panel, indicator -> its vintages], for the panel `_panel` gives now
_VINTAGES: list = [None, {}]


@functools.cache
def territory(code: str) -> str:
    """The panel's key of a municipality: every code it has had maps to the same one."""
    return reference.territory(code, _as_of())


@functools.cache
def _as_of() -> date:
    return reference.as_of()  # reads the table's header: once is enough


def figures(code: str, year: int, fw: Framework) -> tuple[list[Figure], list[Missing]]:
    """The figures of every panel indicator in the framework for one municipality and
    year under the vintage rule, and the indicators that have none (with the reason)."""
    key = territory(code)
    panel = _panel()
    got, missing = [], []
    for actor, name, ind in fw.panel_indicators():
        rows = panel.get((key, name), ())
        found = _picked(rows, actor, name, ind, year)
        if found is None:
            missing.append(Missing(actor, name, year, _why(rows, year, ind, code)))
        else:
            got.append(found)
    return got, missing


def figure(code: str, year: int, fw: Framework, actor: str, indicator: str) -> Figure | None:
    """The figure of one panel indicator of the framework, as `figures` picks it (None
    when the framework has no such panel indicator or the vintage rule allows none)."""
    for a, name, ind in fw.panel_indicators():
        if (a, name) == (actor, indicator):
            return _picked(_panel().get((territory(code), name), ()), actor, name, ind, year)
    return None


def _picked(rows: tuple, actor: str, name: str, ind, year: int) -> Figure | None:
    """The figure the vintage rule picks of an indicator's rows for `year`, if any."""
    pick = choose(rows, year, ind.max_lag, ind.carry_back)
    return None if pick is None else Figure(actor, name, pick[1], pick[0], year, pick[2])


def uncovered(year: int, fw: Framework) -> dict[str, str]:
    """Actors the evidence gives no capacity for in `year`, anywhere: none of their
    counted panel indicators has a figure the vintage rule allows (2015-2018: the local
    government's only figure, fiscal self-reliance 2023, is carried back at most four
    years). actor -> why, in plain English."""
    out = {}
    for actor, indicators in fw.indicators.items():
        counted = {n: i for n, i in indicators.items() if i.panel and i.weight > 0}
        if not counted:
            continue
        rows = {n: tuple((v, 0.0, "") for v in vintages(n)) for n in counted}
        if any(choose(rows[n], year, i.max_lag, i.carry_back) for n, i in counted.items()):
            continue
        out[actor] = "; ".join(
            f"{n} has {', '.join(str(r[0]) for r in rows[n]) or 'no year'} "
            f"(used up to {i.max_lag} years later"
            + (f", carried back at most {i.carry_back}" if i.carry_back else "") + ")"
            for n, i in counted.items())
    return out


def choose(rows: tuple[tuple[int, float, str], ...], year: int, max_lag: int | None,
           carry_back: int) -> tuple[int, float, str] | None:
    """The vintage rule: latest at or before `year` within max_lag, else earliest later
    one within carry_back (rows sorted by vintage)."""
    # sorted: the last row at or before the year is the latest, and if it is too old,
    # so is every one before it; the first one after it the earliest later one
    later = None
    for r in reversed(rows):
        if r[0] <= year:
            if max_lag is None or year - r[0] <= max_lag:
                return r
            break
        later = r
    return later if later is not None and later[0] <= year + carry_back else None


@functools.cache
def _gaps() -> dict[str, str]:
    """code -> why the panel leaves the unit out (kr_evidence_gaps.csv)."""
    return {r["code"]: r["reason"] for r in table(GAPS)}


def _why(rows, year: int, ind, code: str = "") -> str:
    if not rows:
        return _gaps().get(code, "the panel has no figure for this municipality")
    have = ", ".join(str(r[0]) for r in rows)
    lag = "any earlier year" if ind.max_lag is None else f"{year - ind.max_lag}-{year}"
    back = (f", nor one carried back from {year + 1}-{year + ind.carry_back}"
            if ind.carry_back else " (the framework allows no carrying back)")
    return f"no figure from {lag}{back}; the panel has {have}"


def vintage_changes(old_year: int, new_year: int, fw: Framework) -> list[dict]:
    """For each panel indicator, the vintage the vintage rule picks for each year, where
    they differ, with any break in the series between them: what a diff of two national
    years compares (2019 -> 2024: establishments 2015 -> 2020, across the census break)."""
    out = []
    for actor, indicators in fw.indicators.items():
        for name, ind in indicators.items():
            if not ind.panel:
                continue
            rows = tuple((v, 0.0, "") for v in vintages(name))
            old = choose(rows, old_year, ind.max_lag, ind.carry_back)
            new = choose(rows, new_year, ind.max_lag, ind.carry_back)
            before, after = (old[0] if old else None), (new[0] if new else None)
            if before == after:
                continue
            crossed = crossed_breaks(ind, before or 0, after or 0)
            out.append({"actor": actor, "indicator": name, "old": before, "new": after,
                        "break": "; ".join(crossed) or None})
    return out

