"""The cells of a batch result file, shared by the CSV writer (results.py) and the
Excel workbook (excel.py): how each column's value is written, and the columns of the
errors sheet."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from regionlab.output.rows import DECLARED

ERROR_COLUMNS = ("file", "line", "field", "code", "message")


# What makes a spreadsheet read a CSV cell as a formula (=HYPERLINK(...), +1, -1, @x)
# or start one on a tab or carriage return; the apostrophe is the escape itself.
FORMULA_START = frozenset("=+-@\t\r'")


def neutral(text: str) -> str:
    """A text cell Excel or LibreOffice would run as a formula, made text with an
    apostrophe first (as OWASP advises for CSV); one that starts with an apostrophe
    gets another, so that `plain_again` gives back exactly what was written."""
    return "'" + text if text[:1] in FORMULA_START else text


def neutral_again(text: str) -> str:
    """The text `neutral` was given, where it can tell: an apostrophe that stands
    before what would start a formula (a text that only starts with an apostrophe
    typed by hand keeps it)."""
    return text[1:] if text[:1] == "'" and text[1:2] and text[1] in FORMULA_START else text


def plain_again(text: str) -> str:
    """The text `neutral` was given."""
    return text[1:] if text[:1] == "'" else text


def cell(column: str, value) -> str:
    """How a value is written in CSV (and shown in Excel's text cells)."""
    return FORMAT[column](value)


def _list(value) -> str:
    return ";".join(value) if value else ""


def _number(spec: str, value) -> str:
    return "" if value is None else format(value, spec)


def plain(value) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


# one formatter per column, chosen once from its declaration (data/columns.yaml): a batch
# writes hundreds of thousands of cells
FORMAT: dict[str, Callable[[object], str]] = {
    c.name: _list if c.kind == "list" else partial(_number, c.csv) if c.csv else plain
    for c in DECLARED}
# the number columns written by a spec (_number), for the CSV writer (results.py), which
# formats them without a call each
SPECS: dict[str, str] = {c.name: c.csv for c in DECLARED if c.kind != "list" and c.csv}
