"""The row of a batch result, below the batch that fills it (nation/batch.py) and the
files that write and read it (`results`, `excel`, `columns`).

Every column is declared once, in data/columns.yaml: its name, kind (text, integer,
number, list), how a number is written in CSV and formatted in a workbook, the figure it
carries, and its label in every language; `COLUMNS`, `KINDS` and the rest derive from it.
`BatchRow` types the columns the batch works out; a column that carries a figure (a
context figure or an indicator, `figure:`) is filled from the declaration alone, so a
new indicator's column is data only (`with_figures`). A test holds the two together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypedDict, cast

from regionlab.base import yamlio
from regionlab.base.schema import Schema, boolean, mapping, one_of, record, suggest, text
from regionlab.engine.assess import Assessment
from regionlab.errors import InputError, Problem
from regionlab.policy.cache import cached, note_read
from regionlab.policy.framework import load_framework
from regionlab.policy.languages import texts
from regionlab.policy.packaged import packaged
from regionlab.profile.models import ACTORS

KIND_NAMES = ("text", "integer", "number", "list")
# built on first use: a label's schema reads the list of languages (languages.texts)
SCHEMA = Schema(lambda: record(required={
    "format": one_of("regionlab/columns/v1"),
    "columns": mapping(record(
        required={"kind": one_of(*KIND_NAMES), "label": texts(min_length=1)},
        optional={"core": (boolean(), False), "csv": (text(min_length=1), None),
                  "excel": (text(min_length=1), None), "figure": (text(min_length=1), None)})),
}))


class Column(NamedTuple):
    name: str
    kind: str  # text | integer | number | list
    label: dict[str, str]  # language -> title
    core: bool = False
    csv: str | None = None  # a format spec for CSV (".1f")
    excel: str | None = None  # a workbook's number format
    figure: str | None = None  # a context figure, or actor.indicator


def load_columns(path: Path | None = None) -> tuple[Column, ...]:
    data = cached(path or packaged("columns.yaml"), "columns", _checked)
    return tuple(Column(name, **{**c, "label": {lang: t for lang, t in c["label"].items() if t}})
                 for name, c in data["columns"].items())


def _checked(path: Path) -> dict[str, Any]:
    """The file checked for structure, and each `figure:` for a figure the framework
    has: a context figure, or an indicator as actor.indicator."""
    data, node = yamlio.load_file(path)
    checked: dict[str, Any] = SCHEMA.check(data, node, str(path))
    fw = load_framework()
    note_read(fw.file)  # the figures a column may carry are the framework's
    known = [*fw.context, *(f"{a}.{n}" for a, named in fw.indicators.items() for n in named)]
    problems = [Problem(str(path), yamlio.line_of(node, ("columns", name, "figure")),
                        f"columns.{name}.figure", "invalid-value",
                        f"'{c['figure']}' is not a figure of the framework; "
                        f"{suggest(c['figure'], known)}a context figure "
                        f"({', '.join(fw.context)}) or an indicator as actor.indicator")
                for name, c in checked["columns"].items()
                if c["figure"] is not None and c["figure"] not in known]
    if problems:
        raise InputError(problems)
    return checked


DECLARED = load_columns()
COLUMNS = tuple(c.name for c in DECLARED)
# The stable core of PROFILE-FORMAT.md, in this order; more columns follow.
CORE = tuple(c.name for c in DECLARED if c.core)
KINDS: dict[str, str] = {c.name: c.kind for c in DECLARED}
LISTS = tuple(c.name for c in DECLARED if c.kind == "list")
LABELS: dict[str, dict[str, str]] = {c.name: c.label for c in DECLARED}
NUMBER_FORMATS: dict[str, str] = {c.name: c.excel for c in DECLARED if c.excel}
FIGURES: dict[str, str] = {c.name: c.figure for c in DECLARED if c.figure}


class Sides(TypedDict):
    """Judgement and evidence side by side (`batch.row`)."""
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
    """One assessment as a flat row (`row`): the columns the batch works out, each of
    the kind data/columns.yaml declares (a test holds them to it); numbers as numbers,
    lists as tuples of ids. With the FIGURES columns, a row's keys are COLUMNS."""
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

def blank_row() -> BatchRow:
    """Every column, in the order of COLUMNS, each None, for `batch.row` to fill: a
    copy of one dict costs less than a dict made and then put in order."""
    return cast(BatchRow, _BLANK.copy())


_BLANK = dict.fromkeys(COLUMNS)


def with_figures(row: BatchRow, a: Assessment) -> BatchRow:
    """The row (a `blank_row`) with the figures its declared columns carry set in it
    (None where the profile has none)."""
    cells = cast(dict[str, Any], row)  # columns declared in data only: beyond BatchRow's keys
    context = a.context
    for c, name in _CONTEXT_AT:  # the common case, read here: a context figure
        found = context.get(name)
        cells[c] = found if isinstance(found, _NUMBER) and not isinstance(found, bool) else None
    for c, actor, name in _INDICATORS_AT:
        cells[c] = _indicator_figure(a, actor, name)
    return row


def _where(name: str) -> tuple[str | None, str]:
    """(actor, indicator) for an indicator's figure, else (None, the context figure)."""
    actor, _, indicator = name.partition(".")
    return (actor, indicator) if indicator and actor in ACTORS else (None, name)


def _figures_at() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str, str], ...]]:
    """The columns that carry a context figure (column, figure), and those that carry
    an indicator's (column, actor, indicator)."""
    context, indicators = [], []
    for column, name in FIGURES.items():
        actor, figure = _where(name)
        if actor is None:
            context.append((column, figure))
        else:
            indicators.append((column, actor, figure))
    return tuple(context), tuple(indicators)


_CONTEXT_AT, _INDICATORS_AT = _figures_at()  # for every row
_NUMBER = (int, float)


def _indicator_figure(a: Assessment, actor: str, name: str) -> float | None:
    """An indicator's figure as the profile gives it (None where it does not)."""
    found = next((i.value for i in a.scores[actor].indicators if i.name == name), None)
    return found if isinstance(found, _NUMBER) and not isinstance(found, bool) else None


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
