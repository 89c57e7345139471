"""Batch results to files and back: CSV, JSON, JSON Lines and Excel.

The format follows the output file's extension. Every writer goes through
`atomic.replacing`, so an interrupted run leaves the old file or none. CSV and
JSON output is byte-identical for the same inputs (fixed column order, sorted
rows, fixed number formatting, "\\n" line ends).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from regionlab.base.yamlio import decode, read_bytes
from regionlab.errors import MAX_PROBLEMS, InputError, Problem, too_many
from regionlab.output.atomic import replacing
from regionlab.output.columns import FORMULA_START, SPECS, neutral, plain_again
from regionlab.output.rows import COLUMNS, CORE, KINDS, LISTS, BatchResult, BatchRow
from regionlab.profile.models import FIRST_YEAR, LAST_YEAR

MAX_RESULT_BYTES = 1 << 28  # 20,000 regions take about 50 MB; 256 MB is a mistake
TEXT_COLUMNS = tuple(c for c in COLUMNS if KINDS[c] == "text")
STARTS = tuple(FORMULA_START)  # what columns.neutral changes a cell for
FORMATS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".xlsx": "xlsx"}


def output_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError([Problem(str(path), None, "", "unknown-output-format",
                                  f"cannot tell the format from '{path.suffix}'; "
                                  f"use one of {', '.join(FORMATS)}")])
    return fmt


def write(result: BatchResult, path: Path, bom: bool = False) -> None:
    fmt = output_format(path)
    if fmt == "xlsx":
        _write_xlsx(result, path)
        return
    bom = bom and fmt == "csv"  # a BOM is for Excel's CSV import; JSON readers refuse it
    with replacing(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        if fmt == "csv":
            _write_csv(result, f)
        elif fmt == "jsonl":
            for r in result.rows:
                f.write(json.dumps(_json_row(r), ensure_ascii=False) + "\n")
        else:
            data = {"results": [_json_row(r) for r in result.rows],
                    "errors": [p.as_dict() for p in result.problems]}
            f.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _write_csv(result: BatchResult, f) -> None:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(COLUMNS)
    # The csv module writes a plain cell as `plain` would (None empty, a float by
    # repr, anything else by str): only lists and capacities are formatted here.
    cells = itemgetter(*COLUMNS)
    # the formats of columns.FORMAT written out here, without a call for each cell: a
    # list's ids joined by ';' (columns._list) and a number by its spec (_number)
    lists = [i for i, c in enumerate(COLUMNS) if c in LISTS]
    specs = [(i, SPECS[c]) for i, c in enumerate(COLUMNS) if c in SPECS]
    # text that a spreadsheet could take for a formula (a region named "=1+1"): see
    # columns.neutral; numbers are numbers, and a negative one stays a number
    texts = [i for i, c in enumerate(COLUMNS) if c in LISTS or c in TEXT_COLUMNS]

    def line(r: BatchRow) -> list:
        values = list(cells(r))
        for i in lists:
            value = values[i]
            values[i] = ";".join(value) if value else ""
        for i, spec in specs:
            value = values[i]
            values[i] = "" if value is None else format(value, spec)
        for i in texts:  # startswith at C speed first: most cells need nothing
            value = values[i]
            if value and value.startswith(STARTS):
                values[i] = neutral(value)
        return values

    writer.writerows(map(line, result.rows))


def csv_text(result: BatchResult) -> str:
    buffer = io.StringIO()
    _write_csv(result, buffer)
    return buffer.getvalue()


def _json_row(r: BatchRow) -> dict:
    # the keys are COLUMNS in order; the LISTS columns are the tuples
    return {c: list(v) if isinstance(v, tuple) else v for c, v in r.items()}


def _write_xlsx(result: BatchResult, path: Path) -> None:
    from regionlab.output.excel import write_xlsx  # openpyxl: only when writing a workbook

    write_xlsx(result, path)


# -- reading results back (for diff) -----------------------------------------------

def read(path: Path) -> list[BatchRow]:
    """Rows of a batch output file, typed as `batch.row` makes them. Every bad row is
    a problem at its line (up to MAX_PROBLEMS), raised together."""
    fmt = output_format(path)
    file = str(path)
    bad: list[Problem] = []
    try:
        raw: list[tuple[int | None, Any]]
        if fmt == "xlsx":
            raw = list(_read_xlsx(path))
        else:
            text = decode(read_bytes(path, MAX_RESULT_BYTES, "a result file"), file)
            if fmt == "csv":
                raw = list(_read_csv(text))
                if not raw and not text.strip():
                    raise ValueError("the file is empty")
            elif fmt == "jsonl":
                raw = list(_read_jsonl(text, file, bad))
            else:
                raw = [(None, r) for r in _read_json(text, file)]
        rows = []
        for i, (line, r) in enumerate(raw):
            try:
                rows.append(_typed(r, path, i))
            except (ValueError, TypeError):
                bad.append(_bad_row(r, file, i, line))
    except (OSError, ValueError, KeyError, TypeError, StopIteration,
            zipfile.BadZipFile) as e:
        raise InputError([Problem(file, None, "", "unreadable-results",
                                  f"is not a readable regionlab {fmt} result file: {e}")]) from None
    if bad:
        more = len(bad) - MAX_PROBLEMS
        raise InputError(bad[:MAX_PROBLEMS] + ([too_many(file, more)] if more > 0 else []))
    return rows


def _read_csv(text: str) -> list[tuple[int, dict]]:
    """(line, row) of a CSV file: lines ended by \n, \r\n or \r alone (old Excel for
    Mac), a cell as long as the file allows; cells made safe for spreadsheets (see
    columns.neutral) read as they were written."""
    if csv.field_size_limit() < MAX_RESULT_BYTES:
        csv.field_size_limit(MAX_RESULT_BYTES)  # a cell is bounded by the file's size
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return []
    out = []
    line = reader.line_num
    for values in reader:
        start, line = line + 1, reader.line_num
        if values:  # blank lines are skipped, as DictReader does
            out.append((start, {k: plain_again(v) if v[:1] == "'" else v
                                for k, v in zip(header, values, strict=False)}))
    return out


def _read_jsonl(text: str, file: str, bad: list[Problem]) -> list[tuple[int, Any]]:
    """(line, row) of a JSON Lines file, blank lines skipped but counted; a line that
    is not JSON is a problem at its line."""
    out = []
    for n, line in enumerate(io.StringIO(text, newline=None), 1):
        if line.strip():
            try:
                out.append((n, json.loads(line)))
            except json.JSONDecodeError as e:
                bad.append(Problem(file, n, "", "bad-result-row",
                                   f"is not JSON (at column {e.colno}); each line of a .jsonl "
                                   "result file is one row as a JSON object"))
    return out


def _read_json(text: str, file: str) -> list:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError([Problem(file, e.lineno, "", "unreadable-results",
                                  f"is not JSON (at column {e.colno}); is it the file "
                                  "`regionlab batch -o FILE.json` wrote?")]) from None
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise InputError([Problem(file, None, "", "unreadable-results",
                                  "has no list of 'results': is it the file "
                                  "`regionlab batch -o FILE.json` wrote?")])
    return results


def _read_xlsx(path: Path) -> list[tuple[int, dict]]:
    """The rows of the workbook's data sheet, found by its name in any language."""
    from openpyxl import load_workbook

    from regionlab.output.excel import data_sheet_names  # openpyxl: only for a workbook

    book = load_workbook(path, read_only=True)
    names = data_sheet_names()
    found = next((n for n in book.sheetnames if n in names), None)
    if found is None:
        listed = ", ".join(f"'{n}'" for n in names)
        raise InputError([Problem(str(path), None, "", "unreadable-results",
                                  f"has no sheet of results (one named {listed}); its "
                                  f"sheets: {', '.join(book.sheetnames)}. Is it a workbook "
                                  "`regionlab batch -o FILE.xlsx` wrote?")])
    sheet = book[found]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    return [(n, dict(zip(header, values, strict=False))) for n, values in enumerate(rows, 2)]


def _bad_row(r, file: str, index: int, line: int | None) -> Problem:
    """Which cell of a row cannot be read, and why, in words."""
    where = f"row {index + 1}" if line is None else "this row"
    if not isinstance(r, dict):
        return Problem(file, line, "", "bad-result-row",
                       f"{where} is not a row of columns (a JSON object)")
    for column, convert in _READERS:
        value = r.get(column)
        try:
            convert(value)
        except (ValueError, TypeError):
            kind = (f"a year from {FIRST_YEAR} to {LAST_YEAR}" if column == "year"
                    else "a number" if column in _NUMBERS else "text")
            shown = value if isinstance(value, str) and len(value) <= 40 else (
                f"{str(value)[:37]}..." if isinstance(value, str) else json.dumps(value)[:40])
            return Problem(file, line, column, "bad-result-row",
                           f"'{shown}' is not {kind}" + ("" if line else f" ({where})"))
    return Problem(file, line, "", "bad-result-row", f"{where} cannot be read")


def _typed(r: dict, path: Path, index: int) -> BatchRow:
    if not isinstance(r, dict):
        raise TypeError(f"result {index + 1} is not a row")
    missing = [c for c in CORE if c not in r]
    if missing:
        raise InputError([Problem(str(path), None, "", "missing-columns",
                                  f"lacks the columns {', '.join(missing)} of a regionlab batch "
                                  f"result")])
    get = r.get
    out = {c: read(get(c)) for c, read in _READERS}
    out["file"] = out["file"] or f"{path}#{index + 1}"
    # every column of COLUMNS (BatchRow's keys) read by its converter to BatchRow's type
    return cast(BatchRow, out)


def _read_list(value) -> tuple:
    if not value:
        return ()
    if isinstance(value, list):
        return tuple(value)
    return tuple(filter(None, str(value).split(";")))


def _read_number(value) -> float | None:
    return None if value in (None, "") else float(value)


def _read_text(value) -> str | None:
    return None if value in (None, "") else str(value)


def _read_country(value) -> str:
    """A region's country; a file written before the column was added holds Korea's
    regions, as a profile without `country` does."""
    return _read_text(value) or "KR"


def _read_integer(value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, int):
        return value
    number = float(value)  # "3", 3.0 (an XLSX cell), but not "3.5"
    if not number.is_integer():
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


def _read_year(value) -> int:
    """A year a profile may be of: a table edited by hand to year 10000 stopped a report
    with a traceback (no date of that year)."""
    year = int(value)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{value!r} is not a year from {FIRST_YEAR} to {LAST_YEAR}")
    return year


_NUMBERS = tuple(c for c in COLUMNS if KINDS[c] in ("number", "integer"))
# one converter per column, chosen once from its declared kind (output/rows.py) (a diff
# reads tens of thousands of rows); a cell as the file gives it: text from CSV, any
# JSON value, an XLSX cell's value
_BY_KIND: dict[str, Callable[[Any], object]] = {
    "list": _read_list, "number": _read_number, "integer": _read_integer, "text": _read_text}
_READ: dict[str, Callable[[Any], object]] = {c: _BY_KIND[KINDS[c]] for c in COLUMNS}
_READ["year"] = _read_year
_READ["region_code"] = str
_READ["country"] = _read_country
_READERS = tuple(_READ.items())  # after every converter is set
