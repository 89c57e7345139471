"""The cells of an .xlsx (or .xlsm) workbook's worksheets, read from its XML.

A filled rating sheet is read for each row's values, a formula told from a value and
a date from a number. openpyxl gives all that, but its import (numpy with it) and its
cell objects were a third of a national `ratings apply` (0.4 s of 1.2). This reads the
same values the way openpyxl's read-only mode does (tests/test_ratings_xlsx.py compares
the two on workbooks of every kind of cell), with the standard library, a row at a
time: a packed million rows never sits in memory. Writing sheets stays openpyxl's
(sheet.py), as does whatever a sheet holds beyond its cells.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, iterparse, parse
from zipfile import ZipFile

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ROW, _CELL, _VALUE, _FORMULA = _MAIN + "row", _MAIN + "c", _MAIN + "v", _MAIN + "f"
_INLINE, _TEXT, _RUN = _MAIN + "is", _MAIN + "t", _MAIN + "r"

# Excel's built-in number formats that are dates or times, and of those the durations
# ([h]:mm:ss), as openpyxl tells them (a test checks the two agree)
DATE_FORMAT_IDS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
DURATION_FORMAT_IDS = frozenset({46})
_WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)
_MAC_EPOCH = datetime.datetime(1904, 1, 1)


class Formula(str):
    """A cell's formula (`=SUM(A1)`), as the file holds it."""


def worksheets(archive: ZipFile) -> Iterator[tuple[str, Iterator[tuple[int, list]]]]:
    """Each worksheet's zip member and rows, in the workbook's order (chart sheets left
    out). A file that is no workbook fails with the zip file's and the XML's errors
    (KeyError, ValueError and its kind, xml.etree's ParseError)."""
    book = _part(archive, "_rels/.rels", "/officeDocument") or "xl/workbook.xml"
    rels = _relations(archive, book)
    root = _xml(archive, book)
    pr = root.find(_MAIN + "workbookPr")
    mac = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
    strings = _strings(archive, rels)
    dates, durations = _date_styles(archive, rels)
    cells = _Cells(strings, dates, durations, _MAC_EPOCH if mac else _WINDOWS_EPOCH)
    for sheet in root.iter(_MAIN + "sheet"):
        target = rels.get(sheet.get(_DOC_REL, ""))
        if target is not None and target[1].endswith("/worksheet"):
            yield target[0], cells.rows(archive, target[0])


# --- the parts of the package ---------------------------------------------------------


def _xml(archive: ZipFile, member: str) -> Element:
    with archive.open(member) as f:
        return parse(f).getroot()


def _relations(archive: ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (the member it points to, its type)."""
    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    if rels not in archive.namelist():
        return {}
    out = {}
    for rel in _xml(archive, rels).iter(_RELS + "Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        member = target.lstrip("/") if target.startswith("/") else _join(folder, target)
        out[rel.get("Id", "")] = (member, rel.get("Type", ""))
    return out


def _join(folder: str, target: str) -> str:
    parts = folder.split("/") if folder else []
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _part(archive: ZipFile, rels: str, kind: str) -> str | None:
    """The member a package-level relationship of this kind points to."""
    if rels not in archive.namelist():
        return None
    for rel in _xml(archive, rels).iter(_RELS + "Relationship"):
        if rel.get("Type", "").endswith(kind):
            return rel.get("Target", "").lstrip("/")
    return None


def _strings(archive: ZipFile, rels: dict[str, tuple[str, str]]) -> list[str]:
    member = next((m for m, kind in rels.values() if kind.endswith("/sharedStrings")), None)
    if member is None or member not in archive.namelist():
        return []
    out = []
    with archive.open(member) as f:
        for _, element in iterparse(f, events=("end",)):
            if element.tag == _MAIN + "si":
                out.append(_text(element).replace("x005F_", ""))  # as openpyxl reads it
                element.clear()
    return out


def _text(element: Element) -> str:
    """A string item's text: its own <t> and its runs' (phonetic guides left out)."""
    pieces = [element.findtext(_TEXT) or ""]
    pieces += [run.findtext(_TEXT) or "" for run in element.findall(_RUN)]
    return "".join(pieces)


def _date_styles(archive: ZipFile, rels: dict[str, tuple[str, str]]
                 ) -> tuple[frozenset[int], frozenset[int]]:
    """The cell styles (by index) whose number format is a date or time, and those of
    them that are durations."""
    member = next((m for m, kind in rels.values() if kind.endswith("/styles")), None)
    if member is None or member not in archive.namelist():
        return frozenset(), frozenset()
    root = _xml(archive, member)
    custom = {f.get("numFmtId", ""): f.get("formatCode", "")
              for f in root.iter(_MAIN + "numFmt")}
    xfs = root.find(_MAIN + "cellXfs")
    dates, durations = set(), set()
    for index, xf in enumerate(xfs.findall(_MAIN + "xf") if xfs is not None else []):
        number = xf.get("numFmtId", "0")
        if number in custom:
            date, duration = is_date_format(custom[number]), is_duration_format(custom[number])
        else:
            known = int(number) if number.isdigit() else -1
            date, duration = known in DATE_FORMAT_IDS, known in DURATION_FORMAT_IDS
        if date:
            dates.add(index)
        if duration:
            durations.add(index)
    return frozenset(dates), frozenset(durations)


_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def is_date_format(code: str) -> bool:
    """A number format that shows a date or a time (its first section, quoted text and
    bracketed locale and colour codes aside), as Excel and openpyxl tell it."""
    return _DATE.search(_STRIP.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str) -> bool:
    return _DURATION.search(code.split(";")[0]) is not None


# --- the cells ------------------------------------------------------------------------


class _Cells:
    def __init__(self, strings: list[str], dates: frozenset[int], durations: frozenset[int],
                 epoch: datetime.datetime):
        self.strings, self.dates, self.durations, self.epoch = strings, dates, durations, epoch

    def rows(self, archive: ZipFile, member: str) -> Iterator[tuple[int, list]]:
        """(row number, values by column from A) of each row the sheet has, a row at a
        time; a row given again, or out of order, is skipped as openpyxl skips it."""
        number = 0
        with archive.open(member) as f:
            parent = None
            for event, element in iterparse(f, events=("start", "end")):
                if event == "start":
                    if element.tag == _MAIN + "sheetData":
                        parent = element
                    continue
                if element.tag != _ROW:
                    continue
                given = element.get("r")
                at = int(given) if given else number + 1
                if at > number:
                    number = at
                    yield at, self._values(element)
                if parent is not None:
                    parent.clear()  # the rows read so far: memory stays flat
                element.clear()

    def _values(self, row: Element) -> list:
        values: list[Any] = []
        column = 0
        for cell in row.iter(_CELL):
            ref = cell.get("r")
            column = column_number(ref) if ref else column + 1
            if column > len(values):
                values += [None] * (column - len(values))
            values[column - 1] = self._value(cell)
        return values

    def _value(self, cell: Element) -> Any:
        kind = cell.get("t", "n")
        formula = cell.find(_FORMULA)
        if formula is not None:
            return Formula("=" + (formula.text or ""))
        if kind == "inlineStr":
            inline = cell.find(_INLINE)
            return _text(inline) if inline is not None else None
        value = cell.findtext(_VALUE) or None
        if value is None:
            return None
        if kind == "n":
            number = float(value) if "." in value or "e" in value.lower() else int(value)
            style = int(cell.get("s") or 0)
            return self._date(number, style) if style in self.dates else number
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return _iso(value)
        return value  # text a formula gave ('str'), an error ('e': #N/A)

    def _date(self, number: float, style: int) -> Any:
        try:
            if style in self.durations:  # to the millisecond, as openpyxl rounds it
                span = datetime.timedelta(days=number)
                if span.microseconds:
                    span = datetime.timedelta(seconds=span.total_seconds() // 1,
                                              microseconds=round(span.microseconds, -3))
                return span
            day, fraction = divmod(number, 1)
            since = datetime.timedelta(milliseconds=round(fraction * 86_400_000))
            if 0 <= number < 1 and since.days == 0:
                return (datetime.datetime.min + since).time()
            if 0 < number < 60 and self.epoch == _WINDOWS_EPOCH:
                day += 1  # Excel's 29 February 1900, which never was
            return self.epoch + datetime.timedelta(days=day) + since
        except (OverflowError, ValueError):
            return "#VALUE!"  # a date out of range: an error, as openpyxl reads it


def column_number(ref: str) -> int:
    """B4 -> 2."""
    column = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            column = column * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            column = column * 26 + ord(ch) - 96
        else:
            break
    return column


def _iso(text: str) -> Any:
    try:
        return datetime.datetime.fromisoformat(text.rstrip("Z"))
    except ValueError:
        return text
