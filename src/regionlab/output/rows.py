"""The row of a batch result, declared once below the batch that fills it
(nation/batch.py) and the files that write and read it (`results`, `excel`,
`columns`): the columns in order (`COLUMNS`: the stable core, then more), which of
them hold lists, and the typed row (`BatchRow`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict, get_type_hints

from regionlab.errors import Problem
from regionlab.profile.models import ACTORS

# The stable core of PROFILE-FORMAT.md, in this order; more columns follow.
CORE = ("region_code", "region_name", "year", *ACTORS, "grade", "domain", "cases",
        "strategies", "flags")
EXTRA = ("region_name_local", "parent", "domain_rule", "grade_rule", "prerequisites",
         "reasons", "designations", "population", "extinction_index",
         "fiscal_self_reliance_pct", "initiative_outcomes", "stability", "what_it_takes",
         # judgement and evidence side by side (each actor's rating and indicator scores),
         # and how many figures stand for the year from a later one
         *(f"{a}_{part}" for a in ACTORS for part in ("rating", "evidence")),
         "figures_carried_back", "oldest_figure", "file",
         # last, so that no column before it moved when it came: the region's country
         # (ISO 3166-1 alpha-2), without which a result file's codes abroad would be
         # matched by the Korean code history
         "country")
COLUMNS = CORE + EXTRA


class Sides(TypedDict):
    """Judgement and evidence side by side (`_sides`)."""
    municipality_rating: float | None
    municipality_evidence: float | None
    residents_rating: float | None
    residents_evidence: float | None
    business_finance_rating: float | None
    business_finance_evidence: float | None
    universities_rating: float | None
    universities_evidence: float | None
    figures_carried_back: int
    oldest_figure: int | None


class BatchRow(TypedDict):
    """One assessment as a flat row (`row`): the keys are COLUMNS, in that order (a
    test holds them to it); numbers as numbers, lists as tuples of ids."""
    region_code: str
    region_name: str
    year: int
    municipality: float | None  # the capacities, in the order of ACTORS
    residents: float | None
    business_finance: float | None
    universities: float | None
    grade: str | None
    domain: str | None
    cases: tuple[str, ...]
    strategies: tuple[str, ...]
    flags: tuple[str, ...]
    region_name_local: str | None
    parent: str | None
    domain_rule: str | None
    grade_rule: str | None
    prerequisites: tuple[str, ...]
    reasons: tuple[str, ...]
    designations: tuple[str, ...]
    population: float | None
    extinction_index: float | None
    fiscal_self_reliance_pct: float | None
    initiative_outcomes: tuple[str, ...]
    stability: float | None
    what_it_takes: tuple[str, ...]
    municipality_rating: float | None  # Sides, in place
    municipality_evidence: float | None
    residents_rating: float | None
    residents_evidence: float | None
    business_finance_rating: float | None
    business_finance_evidence: float | None
    universities_rating: float | None
    universities_evidence: float | None
    figures_carried_back: int
    oldest_figure: int | None
    file: str
    country: str

def _kind(annotation) -> str:
    """A column's kind from BatchRow's type: list, integer, number or text."""
    text = str(annotation)
    if text.startswith("tuple"):
        return "list"
    if annotation is int or text in ("int | None", "typing.Optional[int]"):
        return "integer"
    if text in ("float | None", "typing.Optional[float]") or annotation is float:
        return "number"
    return "text"


# Each column's kind, read from BatchRow above: the one declaration the writers and the
# readers (output/results.py) derive from (issue 17: ten columns came back as text).
KINDS: dict[str, str] = {c: _kind(t) for c, t in get_type_hints(BatchRow).items()}
LISTS = tuple(c for c in COLUMNS if KINDS[c] == "list")


@dataclass
class BatchResult:
    rows: list[BatchRow]
    problems: list[Problem]  # of paths (missing, loops) first, then of profiles
    files: int  # profile files found

    @property
    def failed_files(self) -> list[str]:
        return sorted({p.file for p in self.problems})

    @property
    def path_problems(self) -> list[Problem]:
        """Paths given that gave no profile file: missing, unreadable, looping folders."""
        return [p for p in self.problems if p.code in PATH_CODES]


PATH_CODES = ("no-such-file", "folder-loop", "unreadable-folder", "not-a-file")
