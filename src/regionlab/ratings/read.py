"""Read filled rating sheets (.xlsx or .csv), every problem at once, each with its
file, row and column: a formula, text or a date where a rating goes, a rating off
the scale or between its steps, a row without a code or year, the same region and
rater twice. The header row of column keys (code, year, residents_rating, ...) says
where everything is, so columns may be moved or added."""

from __future__ import annotations

import csv
import difflib
import io
import re
import string
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import NamedTuple

from regionlab.base.yamlio import nfc
from regionlab.errors import InputError, Problem
from regionlab.output.columns import neutral_again
from regionlab.profile.models import ACTORS
from regionlab.ratings.settings import RatingRules
from regionlab.ratings.xlsx import Formula as _Formula
from regionlab.ratings.xlsx import column_number, worksheets

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_READ = ("code", "year", "rater", "name_local", "name",
         *(f"{a}_{part}" for a in ACTORS for part in ("rating", "note")))
MAX_BYTES = 50_000_000
# A sheet of every municipality has a few hundred rows (a few thousand with a rater
# column); a workbook unpacks to a few MB. Far beyond either is a wrong file or a
# zip bomb (417 KB that unpack to a million rows): refused before it fills memory.
MAX_ROWS = 50_000
MAX_UNPACKED = 200_000_000
WORKBOOKS = (".xlsx", ".xlsm")  # .xlsm: its macros are never run, only its cells read
OTHER_SPREADSHEETS = (".xls", ".xlsb", ".ods", ".numbers")


class Entry(NamedTuple):
    """One filled row: a rater's ratings and notes for one region and year."""
    file: str
    row: int
    code: str
    year: int
    rater: str
    name_local: str
    name: str
    ratings: dict[str, float]
    notes: dict[str, str]
    columns: dict[str, str]  # key -> column letter, to place later problems


class Scale(NamedTuple):
    low: float
    high: float
    rules: RatingRules


def read_sheets(paths: list[Path], scale: Scale) -> list[Entry]:
    """Every filled row of every sheet; raises InputError listing every problem."""
    entries, problems = collect(paths, scale)
    if problems:
        raise InputError(problems)
    return entries


def collect(paths: list[Path], scale: Scale) -> tuple[list[Entry], list[Problem]]:
    """The rows read well, and a problem for each cell or row that was not."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            found, bad = read_sheet(path, scale)
        except InputError as e:
            problems += e.problems
            continue
        entries += found
        problems += bad
    return entries, problems + duplicates(entries) + copies(entries)


def read_sheet(path: Path, scale: Scale) -> tuple[list[Entry], list[Problem]]:
    merged: list[str] = []
    suffix = path.suffix.lower()
    if suffix in OTHER_SPREADSHEETS:
        raise InputError([Problem(str(path), None, "", "unreadable",
                                  f"is a {suffix} spreadsheet, which regionlab does not read; "
                                  "save it as .xlsx (Excel Workbook) or as CSV UTF-8")])
    rows = _xlsx_rows(path, merged) if suffix in WORKBOOKS else _csv_rows(path)
    header_at, columns = _header(rows, str(path))
    entries: list[Entry] = []
    problems = _merged(str(path), merged, header_at, columns)
    for number, values in rows:
        if number <= header_at:
            continue
        entry, bad = _entry(str(path), number, values, columns, scale, path.stem)
        problems += bad
        if entry is not None and not bad:
            entries.append(entry)
    if not entries and not problems:
        problems.append(Problem(str(path), None, "", "empty-sheet",
                                "has no rating or note filled in: is it the sheet a rater "
                                "returned?"))
    return entries, problems


COPY_FROM = 8  # ratings: two raters who agree on every one of this many are one sheet


def copies(entries: list[Entry]) -> list[Problem]:
    """A rater whose every rating and note is another rater's, over COPY_FROM ratings
    or more: a copied sheet, which would count as a second rater in perfect agreement."""
    given: dict[tuple[str, str], set] = {}
    for e in entries:
        given.setdefault((e.file, e.rater), set()).add(
            (e.code, e.year, tuple(sorted(e.ratings.items())), tuple(sorted(e.notes.items()))))
    seen: dict[frozenset, tuple[str, str]] = {}
    out = []
    for (file, rater), rows in given.items():
        count = sum(len(r[2]) for r in rows)
        first = seen.setdefault(frozenset(rows), (file, rater))
        if first != (file, rater) and count >= COPY_FROM:
            where = "" if first[0] == file else f" in {first[0]}"
            out.append(Problem(file, None, "", "copied-sheet",
                               f"rater '{rater}' gives exactly the {count} ratings and notes "
                               f"of rater '{first[1]}'{where}: a copy of a sheet is not a "
                               "second rater; give each rater a sheet of their own"))
    return out


def _merged(file: str, merged: list[str], header_at: int, columns: dict[str, int]
            ) -> list[Problem]:
    """Merged cells over a column that is read: a merged cell keeps only its first
    value, so the rows under it lose theirs (a rating dropped without a word)."""
    read = {i + 1 for i in columns.values()}  # 1-based, as a range's columns
    out = []
    for ref in merged:  # A4:B5, as _MERGE found it
        first, _, last = ref.partition(":")
        low_col, high_col = sorted((column_number(first), column_number(last)))
        low_row, high_row = sorted(int(c.lstrip(string.ascii_letters)) for c in (first, last))
        if high_row > header_at and read & set(range(low_col, high_col + 1)):
            out.append(Problem(file, max(low_row, header_at + 1), f"cells {ref}",
                               "merged-cells",
                               f"cells {ref} are merged: a merged cell keeps only its first "
                               "value, so the others would be lost; unmerge them and type "
                               "each row's value"))
    return out


def duplicates(entries: list[Entry]) -> list[Problem]:
    """A region and year a rater rated twice (in one sheet or two): which is meant?"""
    first: dict[tuple, Entry] = {}
    out = []
    for e in entries:
        seen = first.setdefault((e.code, e.year, e.rater), e)
        if seen is not e:
            where = f"row {seen.row}" if seen.file == e.file else f"{seen.file} row {seen.row}"
            out.append(at(e.file, e.row, e.columns, "code", "duplicate-row",
                           f"{e.code} in {e.year} by rater '{e.rater}' is also in {where}; "
                           "keep one row per region, year and rater"))
    return out


def at(file: str, row: int, columns: dict[str, str], key: str, code: str, message: str
        ) -> Problem:
    return Problem(file, row, f"column {columns.get(key, '?')} ({key})", code, message)


# --- the cells of a file --------------------------------------------------------------


def _csv_rows(path: Path) -> list[tuple[int, list]]:
    from regionlab.base.yamlio import read_bytes

    raw = read_bytes(path, MAX_BYTES, "a rating sheet")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # saved by Korean Excel as "CSV": CP949 is what it writes
            text = raw.decode("cp949")
        except UnicodeDecodeError:
            raise InputError([Problem(str(path), None, "", "not-utf8",
                                      "is neither UTF-8 nor CP949 text; save it as "
                                      "'CSV UTF-8'")]) from None
    # CSV has no types: text that starts as a formula would is one (a spreadsheet runs
    # it), unless the sheet wrote it made safe (columns.neutral), which is read as text
    rows = [(n, [_Formula(v) if v[:1] == "=" and len(v) > 1 else neutral_again(v)
                 for v in values])
            for n, values in enumerate(csv.reader(io.StringIO(text, newline=""),
                                                  delimiter=_delimiter(text)), start=1)]
    if len(rows) > MAX_ROWS:
        raise InputError([_too_many_rows(path)])
    return rows


def _delimiter(text: str) -> str:
    """',' as regionlab writes it; ';' as Excel saves CSV where the comma is the decimal
    point, or a TAB (a 'Unicode text' file): whichever finds the row of column keys."""
    head = "\n".join(text.splitlines()[:10])
    for delimiter in (",", ";", "\t"):
        rows = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        if any({"code", "year"} <= {v.strip() for v in row} for row in rows):
            return delimiter
    return ","


def _too_many_rows(path: Path) -> Problem:
    return Problem(str(path), None, "", "too-many-rows",
                   f"has more than {MAX_ROWS:,} rows, far more than a rating sheet of every "
                   "municipality (a few hundred a rater): is it the right file?")


def _xlsx_rows(path: Path, merged: list[str] | None = None) -> list[tuple[int, list]]:
    """The rows of the first worksheet with a header of column keys; formulas kept as
    formulas (never their cached results), so that they can be refused. Its merged
    cells' ranges (M4:M5) are added to `merged`."""
    from xml.etree.ElementTree import ParseError
    from zipfile import BadZipFile, ZipFile

    try:
        with ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
            if unpacked > MAX_UNPACKED:
                raise InputError([Problem(str(path), None, "", "file-too-large",
                                          f"unpacks to {unpacked / 1e6:,.0f} MB, far more "
                                          "than a rating sheet (a few MB): is it the right "
                                          "file?")])
            for member, sheet in worksheets(archive):
                rows = _cells(sheet, path)
                if _find_header(rows) is not None:
                    if merged is not None:
                        merged += _merged_ranges(path, member)
                    return rows
    except (BadZipFile, LookupError, ValueError, ParseError, OSError) as e:
        raise InputError([Problem(str(path), None, "", "unreadable",
                                  f"cannot be read as an Excel workbook (.xlsx): {e}")]
                         ) from None
    return []


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+[0-9]+:[A-Za-z]+[0-9]+)"')


def _merged_ranges(path: Path, member: str) -> list[str]:
    """The merged ranges of one worksheet, read from its XML a piece at a time (a
    read-only workbook does not give them, and the XML may be large)."""
    from zipfile import BadZipFile, ZipFile

    if not member:
        return []
    found: list[str] = []
    try:
        with ZipFile(path) as archive, archive.open(member) as xml:
            tail = b""
            while chunk := xml.read(1 << 20):
                text = tail + chunk
                found += [m.decode("ascii") for m in _MERGE.findall(text)]
                tail = text[-300:]  # a tag cut by the chunk's end is whole in the next
    except (BadZipFile, KeyError, OSError):
        return []
    return list(dict.fromkeys(found))  # a tag in a tail is found twice


def _cells(sheet: Iterator[tuple[int, list]], path: Path) -> list[tuple[int, list]]:
    """(row number, values) of each row that holds a value, at most MAX_ROWS. Only the
    rows a sheet has are read: one stray cell at row 1,048,576 is one row."""
    rows = []
    for n, values in sheet:
        if all(v is None for v in values):
            continue
        rows.append((n, values))
        if len(rows) > MAX_ROWS:
            raise InputError([_too_many_rows(path)])
    return rows


def _find_header(rows) -> int | None:
    for number, values in rows[:10]:
        texts = {v.strip() for v in values if isinstance(v, str)}
        if {"code", "year"} <= texts:
            return number
    return None


def _header(rows, file: str) -> tuple[int, dict[str, int]]:
    at = _find_header(rows)
    if at is None:
        raise InputError([Problem(file, None, "", "not-a-rating-sheet",
                                  "no header row with the column keys 'code' and 'year' in "
                                  "its first 10 rows: is it a sheet from `regionlab ratings "
                                  "sheet`?")])
    values = rows[at - 1][1]
    columns: dict[str, int] = {}
    problems = []
    for i, v in enumerate(values):
        key = v.strip() if isinstance(v, str) else None
        if key in _READ and key in columns:
            problems.append(Problem(file, at, f"column {_letter(i)} ({key})", "duplicate-column",
                                    f"'{key}' is also column {_letter(columns[key])}"))
        elif key in _READ:
            columns[key] = i
    keys = [v.strip() for v in values if isinstance(v, str)]
    for i, v in enumerate(values):
        key = v.strip() if isinstance(v, str) else None
        if key is None or key in _READ:
            continue
        # a helper column of one's own is fine; a key spelt nearly as one regionlab
        # reads, which the sheet lacks, is a typo that would leave the column unread
        near = difflib.get_close_matches(key, [k for k in _READ if k not in keys], 1, 0.85)
        if near:
            problems.append(Problem(file, at, f"column {_letter(i)} ({key})", "unknown-column",
                                    f"'{key}' is not a column key; did you mean '{near[0]}'? "
                                    "(as it is, the column would not be read)"))
    if problems:
        raise InputError(problems)
    return at, columns


def _letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (without openpyxl: CSV sheets need letters too)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


# --- one row --------------------------------------------------------------------------


class _Row:
    """A row's cells by key, and the problems found in them."""

    def __init__(self, file: str, number: int, values: list, columns: dict[str, int]):
        self.file, self.number, self.values = file, number, values
        self.index = columns
        self.letters = {k: _letter(i) for k, i in columns.items()}
        self.problems: list[Problem] = []

    def cell(self, key: str):
        i = self.index.get(key)
        value = self.values[i] if i is not None and i < len(self.values) else None
        if isinstance(value, str) and not isinstance(value, _Formula):
            # Hangul saved decomposed (NFD) is the same name
            return nfc(value) if value.strip() else None
        return value

    def bad(self, key: str, code: str, message: str) -> None:
        self.problems.append(at(self.file, self.number, self.letters, key, code, message))


def _entry(file: str, number: int, values: list, columns: dict[str, int], scale: Scale,
           default_rater: str) -> tuple[Entry | None, list[Problem]]:
    row = _Row(file, number, values, columns)
    for key in columns:
        if _is_formula(row.cell(key)):
            row.bad(key, "formula", f"a formula ({str(row.cell(key))[:40]}); type the value "
                    "itself: regionlab reads what is typed, not what a formula computes")
    filled = [k for k in columns if k.endswith(("_rating", "_note")) and
              row.cell(k) is not None]
    if not filled:  # an empty row, or a region this rater left alone
        return None, row.problems
    code, year = _code(row), _year(row)
    ratings = {a: r for a in ACTORS if (r := _rating(row, f"{a}_rating", scale)) is not None}
    notes = {a: n for a in ACTORS if (n := _text(row, f"{a}_note")) is not None}
    rater = _text(row, "rater") or default_rater
    if row.problems or code is None or year is None:
        return None, row.problems
    entry = Entry(file, number, code, year, rater, _text(row, "name_local") or "",
                  _text(row, "name") or "", ratings, notes, row.letters)
    return entry, []


def _is_formula(value) -> bool:
    return isinstance(value, _Formula)


def _code(row: _Row) -> str | None:
    value = row.cell("code")
    if value is None:
        row.bad("code", "missing-code", "ratings without a code: which region is this row?")
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    if not _is_formula(value):
        row.bad("code", "not-a-code", f"{_show(value)} is not a region code")
    return None


def _year(row: _Row) -> int | None:
    value = row.cell("year")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return value
    if value is None:
        row.bad("year", "missing-year", "ratings without a year: which profile is this row?")
    elif not _is_formula(value):
        row.bad("year", "not-a-year", f"{_show(value)} is not a year")
    return None


def _rating(row: _Row, key: str, scale: Scale) -> float | None:
    value = row.cell(key)
    if value is None or _is_formula(value):
        return None
    number = _number(row, key, value)
    if number is None:
        return None
    if not scale.low <= number <= scale.high:
        row.bad(key, "out-of-range", f"{number:g} is off the scale: a rating is from "
                f"{scale.low:g} to {scale.high:g}")
    elif not scale.rules.on_step(number, scale.low):
        steps = ", ".join(f"{v:g}" for v in scale.rules.allowed(scale.low, scale.high))
        row.bad(key, "off-step", f"{number:g} is between steps: a rating is one of {steps}")
    else:
        return number
    return None


def _number(row: _Row, key: str, value) -> float | None:
    if isinstance(value, bool):
        row.bad(key, "not-a-number", f"{_show(value)} is not a rating: type a number")
    elif isinstance(value, int | float):
        return float(value)
    elif isinstance(value, datetime | date | time):
        row.bad(key, "not-a-number", f"the spreadsheet read what was typed as a date or time "
                f"({value}); type the rating as a number, e.g. 3.5")
    elif isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        return float(value.strip())
    elif isinstance(value, str) and _NUMBER.fullmatch(value.strip().replace(",", ".", 1)):
        row.bad(key, "not-a-number", f"'{value.strip()}': write decimals with a point, "
                f"e.g. {value.strip().replace(',', '.', 1)}")
    else:
        row.bad(key, "not-a-number", f"{_show(value)} is not a rating: type a number")
    return None


def _text(row: _Row, key: str) -> str | None:
    value = row.cell(key)
    if value is None or _is_formula(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _show(value) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
