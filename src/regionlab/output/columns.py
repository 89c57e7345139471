"""The cells of a batch result file, shared by the CSV writer (results.py) and the
Excel workbook (excel.py): how each column's value is written, and the columns of the
errors sheet."""

from __future__ import annotations

from regionlab.profile.models import ACTORS
from regionlab.regions.batch import COLUMNS, LISTS

ERROR_COLUMNS = ("file", "line", "field", "code", "message")


def cell(column: str, value) -> str:
    """How a value is written in CSV (and shown in Excel's text cells)."""
    return FORMAT[column](value)


def _list(value) -> str:
    return ";".join(value) if value else ""


def _capacity(value) -> str:
    return "" if value is None else f"{value:.1f}"


def plain(value) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


# one formatter per column, chosen once: a batch writes hundreds of thousands of cells
FORMAT = {c: _list if c in LISTS else _capacity if c in ACTORS else plain for c in COLUMNS}
