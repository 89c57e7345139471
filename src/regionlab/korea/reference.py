"""Korean local governments over time: codes, names, code changes and 2025 context.

Reads the tables in `regionlab/data/reference/` (built by scripts/build_reference.py).
Only the standard library is used, so that importing this module stays cheap.

Codes are MOIS administrative codes: 5 digits for basic local governments (Gunsan 45130
until 2024-01-17, 52130 from 2024-01-18) and the 2-digit sido code + "000" for sido-level
units (Seoul 11000). KOSTAT/SGIS statistical codes are a different system: convert them
with `kostat_to_mois` first. Every lookup takes a date because the map changes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, datetime
from typing import NamedTuple

from regionlab.errors import RegionlabError
from regionlab.policy.packaged import packaged, table

COVERAGE_START = date(2015, 1, 1)  # the tables are complete from this day on (see their header)
CONTEXT_DATE = date(2025, 6, 30)  # reference date of kr_context_2025.csv (population)
LEVELS = ("basic", "sido")
# Changes after which the unit is still the same territory (only its code/name/sido moved).
IDENTITY_KINDS = frozenset({"rename", "recode", "move"})


class ReferenceLookupError(RegionlabError, ValueError):
    """A lookup that cannot be answered as asked; `candidates` lists the possible units."""

    def __init__(self, message: str, candidates: tuple[LocalGov, ...] = ()):
        super().__init__(message)
        self.candidates = candidates


# A NamedTuple, not a frozen dataclass: as immutable, and defined without compiling
# methods as the module is imported (about 1 ms each, on every start-up).
class LocalGov(NamedTuple):
    code: str
    level: str  # "sido" | "basic"
    kind: str  # basic: si | gun | gu; sido: special_city, metropolitan_city, province, ...
    name_ko: str  # authoritative, e.g. 군산시
    name_ko_short: str  # 군산 (one-syllable stems are kept whole: 중구)
    name_en: str  # short romanised name, e.g. Gunsan
    name_en_full: str  # e.g. Gunsan-si
    parent_code: str  # sido code for basic units, "" for sido
    parent_name_ko: str
    valid_from: date | None  # None: in force before COVERAGE_START
    valid_to: date | None  # None: still in force

    def valid_on(self, on: date) -> bool:
        return ((self.valid_from is None or self.valid_from <= on)
                and (self.valid_to is None or on <= self.valid_to))

    def label(self) -> str:
        """'11140 중구 (서울특별시)': enough to tell namesakes apart."""
        parent = f" ({self.parent_name_ko})" if self.parent_name_ko else ""
        return f"{self.code} {self.name_ko}{parent}"


class CodeChange(NamedTuple):
    old_code: str
    new_code: str
    date: date
    kind: str  # rename | recode | merge | split | move
    note: str


# --- loading ------------------------------------------------------------------------------


def _read(name: str) -> list[dict[str, str]]:
    """Rows of a reference CSV; lines starting with '#' (sources, notes) are skipped."""
    return table(f"reference/{name}")


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@functools.cache
def _govs() -> tuple[LocalGov, ...]:
    rows = _read("kr_local_governments.csv")
    return tuple(
        LocalGov(**{k: v for k, v in r.items() if k not in ("valid_from", "valid_to")},
                 valid_from=_date(r["valid_from"]), valid_to=_date(r["valid_to"]))
        for r in rows)


@functools.cache
def _by_code() -> dict[str, LocalGov]:
    return {g.code: g for g in _govs()}


@functools.cache
def _changes() -> tuple[CodeChange, ...]:
    rows = _read("kr_code_changes.csv")
    return tuple(CodeChange(r["old_code"], r["new_code"], date.fromisoformat(r["date"]),
                            r["kind"], r["note"]) for r in rows)


@functools.cache
def _context() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in _read("kr_context_2025.csv")}


@functools.cache
def _kostat() -> dict[str, str]:
    return {r["kostat_code"]: r["mois_code"] for r in _read("kr_kostat_mois.csv")}


def _check_date(on: date) -> date:
    if isinstance(on, datetime):  # a datetime does not compare with a date
        on = on.date()
    if not isinstance(on, date):
        raise TypeError(f"expected a datetime.date, got {type(on).__name__}")
    if on < COVERAGE_START:
        raise ReferenceLookupError(
            f"{on} is before {COVERAGE_START}, where the reference tables start")
    return on


def _known(code: str) -> LocalGov:
    gov = _by_code().get(code)
    if gov is None:
        raise ReferenceLookupError(f"unknown MOIS code {code!r}")
    return gov


# --- lists and lookups --------------------------------------------------------------------


def local_governments(on: date, level: str | None = "basic") -> list[LocalGov]:
    """Units in force on `on`, sorted by code: basic ones (226 in 2025), sido ones (17),
    or both with level=None."""
    on = _check_date(on)
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS} or None, not {level!r}")
    return [g for g in _govs() if g.valid_on(on) and level in (None, g.level)]


def get(code: str, on: date) -> LocalGov | None:
    """The unit with exactly this MOIS code if it is in force on `on`."""
    gov = _by_code().get(code)
    return gov if gov is not None and gov.valid_on(_check_date(on)) else None


def by_code(code: str) -> LocalGov | None:
    """The unit that has (or had) this MOIS code, whatever the date."""
    return _by_code().get(code)


def in_force_in(code: str, year: int) -> LocalGov | None:
    """The unit with this MOIS code if it was in force on any day of `year` (45130 and
    52130 both in 2024); years after the tables count as their last day."""
    gov = _by_code().get(code)
    if gov is None:
        return None
    first = min(date(max(year, COVERAGE_START.year), 1, 1), as_of())
    last = date_for_year(year)
    if (gov.valid_from is None or gov.valid_from <= last) and (
            gov.valid_to is None or first <= gov.valid_to):
        return gov
    return None


def names(gov: LocalGov) -> tuple[str, ...]:
    """Every name a unit goes by here: Gunsan, Gunsan-si, 군산시, 군산."""
    return (gov.name_en, gov.name_en_full, gov.name_ko, gov.name_ko_short)


def same_name(text: str, gov: LocalGov) -> bool:
    """`text` is one of the unit's names, ignoring case, spaces and hyphens."""
    key = _norm(text)
    return any(key == _norm(n) for n in names(gov))


def find(query: str, on: date) -> LocalGov | None:
    """Find a unit in force on `on` by code or name.

    Accepts a MOIS code (5 digits, 2-digit sido, or 10 digits ending in 00000; a code of
    the same unit from another date is followed along renames/recodes: 45130 on 2025-01-01
    gives Gunsan 52130), a Korean name (군산시, 군산), an English name in any case
    (Gunsan-si, gunsan), or a sido plus a name ('부산 중구', 'Busan Jung-gu').
    Returns None if nothing matches; raises ReferenceLookupError listing the candidates
    if several units match (중구, 고성군, 광주).
    """
    on = _check_date(on)
    text = unicodedata.normalize("NFC", query).strip()
    if not text:
        raise ReferenceLookupError("empty region query")
    if text.isdigit():
        return _find_code(text, on)
    hits = _match(text, local_governments(on, level=None)) or _match_qualified(text, on)
    return _one(text, hits, on)


def _find_code(text: str, on: date) -> LocalGov | None:
    code = _normal_code(text)
    if code not in _by_code():
        return None
    same = canonical(code, on)
    return _by_code()[same] if same is not None else None


def _normal_code(text: str) -> str:
    if len(text) == 2:
        return text + "000"
    if len(text) == 10 and text.endswith("00000"):
        return text[:2] + "000" if text.endswith("00000000") else text[:5]
    if len(text) == 5:
        return text
    raise ReferenceLookupError(
        f"{text!r} is not a MOIS code (5 digits, a 2-digit sido, or 10 digits ending in 00000)")


_SEPARATORS = re.compile(r"[\s\-_.·]+")


def _norm(text: str) -> str:
    """Compare names without case, spaces or hyphens: 'Gunsan-si' == 'gunsan si'; and
    Hangul composed or not (NFC)."""
    return unicodedata.normalize("NFC", _SEPARATORS.sub("", text)).casefold()


def _match(text: str, govs: list[LocalGov]) -> list[LocalGov]:
    """Full names first (군산시, Gunsan-si); short forms (군산, Gunsan) only if none match,
    so that 광주시 finds Gyeonggi's city while 광주 stays ambiguous."""
    key = _norm(text)
    full = [g for g in govs if key in (_norm(g.name_ko), _norm(g.name_en_full))]
    return full or [g for g in govs if key in (_norm(g.name_ko_short), _norm(g.name_en))]


def _match_qualified(text: str, on: date) -> list[LocalGov]:
    """'부산 중구', 'Gyeongnam Goseong-gun': a sido name, then a name within that sido."""
    words = text.split()
    sidos = local_governments(on, level="sido")
    basics = local_governments(on, level="basic")
    hits: list[LocalGov] = []
    for i in range(1, len(words)):
        for sido in _match(" ".join(words[:i]), sidos):
            inside = [g for g in basics if g.parent_code == sido.code]
            hits += [g for g in _match(" ".join(words[i:]), inside) if g not in hits]
    return hits


def _one(text: str, hits: list[LocalGov], on: date) -> LocalGov | None:
    if len(hits) <= 1:
        return hits[0] if hits else None
    example = next((g for g in hits if g.parent_name_ko), hits[0])
    raise ReferenceLookupError(
        f"{text!r} matches {len(hits)} units on {on}: "
        + "; ".join(g.label() for g in hits)
        + f". Give the code or the sido too, e.g. '{example.parent_name_ko} {example.name_ko}'.",
        candidates=tuple(hits))


# --- code changes -------------------------------------------------------------------------


def changes() -> tuple[CodeChange, ...]:
    """All recorded code changes, sorted by date."""
    return _changes()


def successors(code: str, on: date) -> tuple[str, ...]:
    """The code(s) that `code` has become by `on`, following every change (a split gives
    several); a code that did not change maps to itself."""
    on = _check_date(on)
    _known(code)
    current = {code}
    for day in sorted({ch.date for ch in _changes() if ch.date <= on}):
        step = [ch for ch in _changes() if ch.date == day]
        current = {new for c in current for new in ([ch.new_code for ch in step
                                                      if ch.old_code == c] or [c])}
    return tuple(sorted(current))


def successor(code: str, on: date) -> str:
    """The single code that `code` has become by `on` (45130 -> 52130 on 2025-01-01).

    Raises ReferenceLookupError when the unit was split (Incheon 28110 from 2026-07-01).
    """
    found = successors(code, on)
    if len(found) > 1:
        raise ReferenceLookupError(
            f"{code} was split by {on} into " + ", ".join(_by_code()[c].label() for c in found),
            candidates=tuple(_by_code()[c] for c in found))
    return found[0]


def canonical(code: str, on: date) -> str | None:
    """The code, in force on `on`, of the same territory as `code`.

    Follows renames, recodes and moves forwards or backwards in time (45130 and 52130 are
    the same Gunsan on any date); None if the unit was split, merged or created in between
    (Incheon 28140 has no equivalent on 2026-07-01).
    """
    on = _check_date(on)
    gov = _known(code)
    while not gov.valid_on(on):
        forward = gov.valid_to is not None and on > gov.valid_to
        links = [ch for ch in _changes()
                 if (ch.old_code if forward else ch.new_code) == gov.code]
        if len(links) != 1 or links[0].kind not in IDENTITY_KINDS:
            return None
        gov = _by_code()[links[0].new_code if forward else links[0].old_code]
    return gov.code


def same_region(code_a: str, date_a: date, code_b: str, date_b: date) -> bool:
    """True if two (code, date) pairs denote the same territory, e.g. for matching rows
    of two data sets in a diff: ('45130', 2019-12-31) and ('52130', 2025-06-30) -> True."""
    later = max(_check_date(date_a), _check_date(date_b))
    a = canonical(code_a, later)
    return a is not None and a == canonical(code_b, later)


# --- other tables -------------------------------------------------------------------------


def context_2025(code: str) -> dict | None:
    """Population (2025-06-30), women aged 20-39, people aged 65+, local extinction risk
    index and fiscal self-reliance 2023 (%, None if missing) of a basic local government.

    Accepts the code of the same unit from another date (45130 -> 52130)."""
    if code not in _by_code():
        return None
    row = _context().get(canonical(code, CONTEXT_DATE) or "")
    if row is None:
        return None
    fiscal = row["fiscal_self_reliance_pct"]
    return {
        "code": row["code"],
        "name_ko": row["name_ko"],
        "population": int(row["population"]),
        "women_20_39": int(row["women_20_39"]),
        "population_65plus": int(row["population_65plus"]),
        "extinction_index": float(row["extinction_index"]),
        "fiscal_self_reliance_pct": float(fiscal) if fiscal else None,
    }


def kostat_to_mois(kostat_code: str) -> str | None:
    """MOIS code (as of 2022-03-09) of a basic local government given its KOSTAT code.

    A KOSTAT code of a non-autonomous gu (last digit 1-9) gives its city.
    Use `canonical(code, on)` for the MOIS code on a later date."""
    if len(kostat_code) == 5 and kostat_code.isdigit():
        return _kostat().get(kostat_code[:4] + "0")
    return None


def mois_to_kostat(mois_code: str) -> str | None:
    """KOSTAT code (2022-03-09) of a basic local government given any MOIS code of it."""
    if mois_code not in _by_code():
        return None
    code = canonical(mois_code, date(2022, 3, 9))
    return next((k for k, m in _kostat().items() if m == code), None)


@functools.cache  # asked for every profile (date_for_year); the table is shipped data
def as_of() -> date:
    """The date the table of local governments was compiled (its '# as_of:' line)."""
    text = packaged("reference/kr_local_governments.csv").read_text(encoding="utf-8")
    found = re.search(r"^# as_of: (\d{4}-\d{2}-\d{2})", text, re.M)
    if found is None:  # the build script always writes it; without it dates cannot be bounded
        raise RegionlabError("kr_local_governments.csv has no '# as_of: YYYY-MM-DD' line")
    return date.fromisoformat(found.group(1))


def date_for_year(year: int) -> date:
    """The day a year's codes are read on: the end of that year, within the tables
    (never later than they were compiled, never before they start), so that the
    answer does not depend on the day regionlab runs."""
    return min(date(max(year, COVERAGE_START.year), 12, 31), as_of())


# a batch page asks for the same region's key three times (its count, the map, the table);
# the tables are shipped data, read once per process
@functools.lru_cache(maxsize=1 << 12)
def territory(code: str, on: date, country: str = "KR") -> str:
    """A key for matching rows of different years: the code, in force on `on`, of
    the same territory (`canonical`). A code the tables do not know (a synthetic
    region) or cannot follow (a split), or of another country (the tables hold
    Korea's history alone), stands for itself."""
    if country != "KR":
        return code
    try:
        return canonical(code, on) or code
    except (ReferenceLookupError, ValueError, TypeError):
        return code


def province_of(code: str, year: int) -> str | None:
    """The sido code a municipality belonged to in `year` (None for a code the
    reference tables do not know)."""
    try:
        on = date_for_year(year)
        gov = get(code, on)
        if gov is None:
            same = canonical(code, on)
            gov = get(same, on) if same else None
    except (ReferenceLookupError, ValueError, TypeError):
        return None
    return gov.parent_code if gov is not None and gov.parent_code else None
