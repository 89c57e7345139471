"""ratings/xlsx.py reads a workbook's cells as openpyxl reads them: compared on random
workbooks of every kind of cell a filled rating sheet may hold (numbers, text, formulas,
text that looks like a formula, booleans, dates, times and durations under built-in
and custom number formats, a 1904 calendar, gaps between rows and cells, several
worksheets)."""

from __future__ import annotations

import datetime
import re
import string
from pathlib import Path
from zipfile import ZipFile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from regionlab.ratings import xlsx

# openpyxl warns of a number too large for a date under a date format (read as #VALUE!)
pytestmark = pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")

FORMATS = ["General", "0.0", "0%", "yyyy-mm-dd", 'mm"월" dd"일"', "[h]:mm:ss", "h:mm",
           "[Red]0.0", '"d"0', "m/d/yy h:mm", "[$-ko-KR]yyyy\"년\" m\"월\"", "mm:ss"]
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85")
                | st.sampled_from("\n\t"), max_size=30)
values = st.one_of(
    st.none(), st.integers(-10**9, 10**9), st.booleans(), texts,
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1, 1.5, 3.5, 5, 0.25]),  # ratings, and a time of day in a date format
    st.datetimes(datetime.datetime(1901, 1, 1), datetime.datetime(2100, 1, 1)),
    st.dates(datetime.date(1901, 1, 1)), st.times(),
    st.timedeltas(datetime.timedelta(0), datetime.timedelta(days=3)),
    st.sampled_from(["=SUM(A1:B1)", "=1+2", '=A1&"x"', "=TODAY()"]),
    st.sampled_from(["quoted =1+2", "quoted +49", "quoted @x"]),  # text, as sheet.py writes it
)


@st.composite
def workbooks(draw) -> Workbook:
    book = Workbook()
    if draw(st.booleans()):
        book.epoch = CALENDAR_MAC_1904
    for i in range(draw(st.integers(1, 3))):
        sheet = book.active if i == 0 else book.create_sheet()
        rows = draw(st.lists(st.integers(1, 60), max_size=12, unique=True))
        for row in rows:
            for column in draw(st.lists(st.integers(1, 30), min_size=1, max_size=6,
                                        unique=True)):
                value = draw(values)
                cell = sheet.cell(row, column)
                if isinstance(value, str) and value.startswith("quoted "):
                    cell.value = value.removeprefix("quoted ")
                    cell.data_type = "s"
                    cell.quotePrefix = True
                else:
                    cell.value = value
                if draw(st.booleans()):
                    cell.number_format = draw(st.sampled_from(FORMATS))
    return book


def by_openpyxl(path: Path) -> list[list[tuple[int, list]]]:
    book = load_workbook(path, read_only=True, data_only=False)
    out = []
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        rows = []
        for n, cells in enumerate(sheet.iter_rows(), start=1):
            values = [(c.value.text if type(c.value).__name__ == "ArrayFormula" else c.value)
                      for c in cells]
            rows.append((n, values))
        out.append(_plain(rows))
    book.close()
    return out


def by_reader(path: Path) -> list[list[tuple[int, list]]]:
    with ZipFile(path) as archive:
        return [_plain(rows) for _, rows in xlsx.worksheets(archive)]


def _plain(rows) -> list[tuple[int, list]]:
    """Rows with a value, without the empty cells after the last; each value with its
    type (1 is not True, 3 is not 3.0)."""
    out = []
    for n, values in rows:
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        if values:
            out.append((n, [(type(v).__name__.replace("Formula", "str"), v) for v in values]))
    return out


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.S)
_SST = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")


def shared(path: Path, out: Path, rich: bool) -> Path:
    """The workbook with its text in a shared string table, as Excel writes it
    (openpyxl writes each text in its cell); `rich`: as runs, with a phonetic guide."""
    table: list[bytes] = []

    def move(m: re.Match) -> bytes:
        text = m.group(3)
        if rich and text.startswith(b"<t"):
            text = b"<r>" + text + b"</r><rPh sb=\"0\" eb=\"1\"><t>\xe3\x81\xb5</t></rPh>"
        table.append(b"<si>" + text + b"</si>")
        return b"<c " + m.group(1) + b't="s"' + m.group(2) + b"><v>%d</v></c>" % (len(table) - 1)

    with ZipFile(path) as given, ZipFile(out, "w") as packed:
        parts = {item.filename: given.read(item.filename) for item in given.infolist()}
        for name, data in parts.items():
            if name.startswith("xl/worksheets/"):
                parts[name] = _INLINE.sub(move, data)
        parts["xl/sharedStrings.xml"] = (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"".join(table) + b"</sst>")
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rIdSST" Type="%s" Target='
            b'"sharedStrings.xml"/></Relationships>' % _SST[0].encode())
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/>'
            b"</Types>" % _SST[1].encode())
        for name, data in parts.items():
            packed.writestr(name, data)
    return out


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(workbooks(), st.sampled_from(["inline", "shared", "rich"]))
def test_the_reader_reads_every_cell_as_openpyxl_does(tmp_path_factory, book, strings):
    folder = tmp_path_factory.mktemp("book")
    path = folder / "sheet.xlsx"
    book.save(path)
    if strings != "inline":
        path = shared(path, folder / "shared.xlsx", strings == "rich")
    assert by_reader(path) == by_openpyxl(path)


def test_a_formula_is_told_from_text_that_looks_like_one(tmp_path):
    book = Workbook()
    book.active["A1"] = "=1+2"
    book.active["B1"] = "=1+2"
    book.active["B1"].data_type = "s"
    book.active["B1"].quotePrefix = True
    book.save(tmp_path / "s.xlsx")
    with ZipFile(tmp_path / "s.xlsx") as archive:
        ((_, rows),) = list(xlsx.worksheets(archive))
        (row,) = list(rows)
    assert row == (1, ["=1+2", "=1+2"])
    assert isinstance(row[1][0], xlsx.Formula) and not isinstance(row[1][1], xlsx.Formula)


def test_a_shared_string_the_workbook_lacks_is_an_unreadable_sheet(tmp_path):
    """Not a traceback: a workbook whose cell names a string its table does not have."""
    from regionlab.errors import InputError
    from regionlab.ratings.read import Scale, read_sheets
    from regionlab.ratings.settings import load_rules

    book = Workbook()
    book.active["A1"], book.active["B1"] = "code", "year"
    book.save(tmp_path / "ok.xlsx")
    with ZipFile(tmp_path / "ok.xlsx") as given, \
            ZipFile(tmp_path / "bad.xlsx", "w") as bad:
        for item in given.infolist():
            data = given.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":  # a row naming string 99
                data = data.replace(b"</row></sheetData>", b'</row><row r="2"><c r="A2" '
                                    b't="s"><v>99</v></c></row></sheetData>')
            bad.writestr(item, data)
    with pytest.raises(InputError) as e:
        read_sheets([tmp_path / "bad.xlsx"], Scale(1.0, 5.0, load_rules()))
    assert [p.code for p in e.value.problems] == ["unreadable"]


def test_dates_are_told_as_openpyxl_tells_them():
    assert xlsx.DATE_FORMAT_IDS == {i for i, f in BUILTIN_FORMATS.items() if is_date_format(f)}
    assert xlsx.DURATION_FORMAT_IDS == {i for i, f in BUILTIN_FORMATS.items()
                                        if is_timedelta_format(f)}


@given(st.text(string.printable + "년월일", max_size=20) | st.sampled_from(FORMATS))
def test_a_date_format_is_one_to_both(code):
    assert xlsx.is_date_format(code) == is_date_format(code)
    assert xlsx.is_duration_format(code) == is_timedelta_format(code)
