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
from regionlab.errors import InputError, Problem
from regionlab.output.atomic import replacing
from regionlab.output.columns import FORMAT, neutral, plain, plain_again
from regionlab.output.rows import COLUMNS, CORE, LISTS, BatchResult, BatchRow
from regionlab.profile.models import ACTORS

MAX_RESULT_BYTES = 1 << 28  # 20,000 regions take about 50 MB; 256 MB is a mistake
TEXT_COLUMNS = ("region_code", "region_name", "region_name_local", "parent", "grade", "domain",
                "domain_rule", "grade_rule", "file")
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
    formatted = [(i, FORMAT[c]) for i, c in enumerate(COLUMNS) if FORMAT[c] is not plain]
    # text that a spreadsheet could take for a formula (a region named "=1+1"): see
    # columns.neutral; numbers are numbers, and a negative one stays a number
    texts = [i for i, c in enumerate(COLUMNS) if c in LISTS or c in TEXT_COLUMNS]

    def line(r: BatchRow) -> list:
        values = list(cells(r))
        for i, format_ in formatted:
            values[i] = format_(values[i])
        for i in texts:
            if values[i]:
                values[i] = neutral(values[i])
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
    """Rows of a batch output file, typed as `batch.row` makes them."""
    fmt = output_format(path)
    try:
        if fmt == "xlsx":
            raw = _read_xlsx(path)
        else:
            text = decode(read_bytes(path, MAX_RESULT_BYTES, "a result file"), str(path))
            if fmt == "csv":  # cells made safe for spreadsheets are read as written
                raw = [{k: plain_again(v) if type(v) is str and v[:1] == "'" else v
                        for k, v in r.items()}
                       for r in csv.DictReader(io.StringIO(text))]
            elif fmt == "jsonl":
                raw = [json.loads(line) for line in text.splitlines() if line.strip()]
            else:
                raw = json.loads(text)["results"]
        if not raw and fmt == "csv" and not text.strip():
            raise ValueError("the file is empty")
        return [_row(r, path, i, fmt) for i, r in enumerate(raw)]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, StopIteration,
            zipfile.BadZipFile) as e:
        raise InputError([Problem(str(path), None, "", "unreadable-results",
                                  f"is not a readable regionlab {fmt} result file: {e}")]) from None


def _read_xlsx(path: Path) -> list[dict]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True)["results"]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    return [dict(zip(header, values, strict=False)) for values in rows]


def _row(r, path: Path, index: int, fmt: str) -> BatchRow:
    """One row, typed; a bad cell is reported with the row it is on."""
    try:
        return _typed(r, path, index)
    except (ValueError, TypeError) as e:
        line = index + 2 if fmt in ("csv", "xlsx") else index + 1  # after the header
        raise InputError([Problem(str(path), line, "", "bad-result-row",
                                  f"row {index + 1} cannot be read: {e}")]) from None


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


_NUMBERS = (*ACTORS, "extinction_index", "fiscal_self_reliance_pct", "population", "stability")
# one converter per column, chosen once (a diff reads tens of thousands of rows)
# a cell as the file gives it: text from CSV, any JSON value, an XLSX cell's value
_READ: dict[str, Callable[[Any], object]] = {
    c: _read_list if c in LISTS else _read_number if c in _NUMBERS else _read_text
    for c in COLUMNS}
_READ["year"] = int
_READ["region_code"] = str
_READERS = tuple(_READ.items())  # after every converter is set
