"""Korean region codes against the reference table: a code that is not a code in the
profile's year, or a name that is not the code's, is a problem, since `diff` and the
map match regions by code. Only `country: KR` is checked; the tables hold Korea alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from regionlab.errors import Problem
from regionlab.korea import reference

if TYPE_CHECKING:
    from regionlab.profile.models import Profile


def code_problems(code: str, name: object, name_local: object, year: int
                  ) -> Iterator[tuple[str, str, str]]:
    """(field, code, message) for each problem of a Korean region's code and names."""
    if not (len(code) == 5 and code.isdigit()):
        yield ("region.code", "unknown-region-code",
               f"'{code}' is not a Korean administrative (MOIS) code, which is five digits "
               f"(e.g. 52130 for Gunsan){_by_name(name, year)}; for a region outside Korea "
               "set region.country (e.g. country: JP)")
        return
    if year < reference.COVERAGE_START.year:
        return  # before the tables: only the shape can be checked
    gov = reference.in_force_in(code, year)
    if gov is None:
        yield ("region.code", "unknown-region-code", _not_in_year(code, name, year))
        return
    if isinstance(name, str) and not reference.same_name(name, gov):
        yield ("region.name", "name-not-of-code",
               f"'{name}' is not the name of {code}, which is {_names(gov)} in {year}"
               f"{_by_name(name, year)}")
    if isinstance(name_local, str) and not reference.same_name(name_local, gov):
        yield ("region.name_local", "name-not-of-code",
               f"'{name_local}' is not the name of {code}, which is {_names(gov)} in {year}")


def _not_in_year(code: str, name: object, year: int) -> str:
    gov = reference.by_code(code)
    if gov is None:
        return (f"{code} is not a code in regionlab's table of Korean local governments "
                f"({reference.COVERAGE_START} to {reference.as_of()}){_by_name(name, year)}")
    since = gov.valid_from or f"before {reference.COVERAGE_START}"
    span = f"from {since} to {gov.valid_to}" if gov.valid_to else f"from {since} on"
    text = f"{code} ({gov.name_en}) is a code {span}, not in {year}"
    same = reference.canonical(code, reference.date_for_year(year))
    if same is not None:
        return f"{text}: in {year} {gov.name_en} is {same}"
    return text + _by_name(name, year)


def _by_name(name: object, year: int) -> str:
    """'; did you mean 52130 (Gunsan)?' when the name names one unit in that year."""
    if not isinstance(name, str) or not name.strip() or year < reference.COVERAGE_START.year:
        return ""
    try:
        found = reference.find(name, reference.date_for_year(year))
    except reference.ReferenceLookupError as e:
        return "; " + str(e) if e.candidates else ""
    if found is None:
        return ""
    return f"; did you mean {found.code} ({found.name_en} in {year})?"


def _names(gov: reference.LocalGov) -> str:
    return f"{gov.name_en} ({gov.name_ko})"


def one_per_region(profiles: list[tuple[str, Profile]]) -> list[Problem]:
    """A problem for each profile of a region and year already given by another file
    (which one is meant?); the first, by file name, is the one kept."""
    first: dict[tuple[str, str, int], str] = {}
    problems = []
    for file, p in sorted(profiles, key=lambda fp: fp[0]):
        key = (reference.territory(p.region.code, reference.date_for_year(p.year),
                                   p.region.country), p.region.country, p.year)
        seen = first.setdefault(key, file)
        if seen != file:
            problems.append(Problem(file, None, "region.code", "duplicate-region",
                                    f"region {p.region.code} in {p.year} is also in {seen}; "
                                    "keep one profile per region and year"))
    return problems
