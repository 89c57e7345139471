"""Batch results as an Excel workbook a ministry analyst can filter and read.

Sheets, named in the chosen language (data/ui.yaml): the data (one row per assessment
with the column ids of the CSV, so that `results.read` and `regionlab diff` read the
file back, whatever its language: code, Korean name and province first, header and
names frozen, autofilter, widths, number formats), the errors (every problem of every
file, same treatment), the results for a reader (titles, not ids: code, name and
province first, header and name frozen, the domain filled with its colour; the workbook
opens on it) and the legend (what each colour means).

The same results give the same bytes: openpyxl stamps the save time into the document
properties and into every zip entry, so both are fixed here after saving.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from regionlab.korea.reference import province_of
from regionlab.output import palette
from regionlab.output.atomic import replacing
from regionlab.output.columns import ERROR_COLUMNS, cell
from regionlab.output.rows import COLUMNS, LABELS, LISTS, NUMBER_FORMATS, BatchResult, BatchRow
from regionlab.output.wording import province
from regionlab.policy import languages
from regionlab.policy.catalogue import Catalogue, load_catalogue
from regionlab.profile.models import ACTORS, DOMAINS

FIXED_TIME = datetime(2000, 1, 1)  # what the document properties say instead of "now"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry
WIDTH_MIN, WIDTH_MAX = 6, 60
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
HEADER_FONT = Font(bold=True)


def write_xlsx(result: BatchResult, path: Path, catalogue: Catalogue | None = None,
               lang: str = "en") -> None:
    """Write the workbook to `path` (whole or not at all)."""
    data = workbook_bytes(result, catalogue, lang)
    with replacing(path, "wb") as f:
        f.write(data)


def workbook_bytes(result: BatchResult, catalogue: Catalogue | None = None,
                   lang: str = "en") -> bytes:
    book = new_book()
    reader = batch_sheets(book, result, catalogue or load_catalogue(), lang)
    return book_bytes(book, opens_on=reader)


def new_book(write_only: bool = True, title: str | None = None) -> Workbook:
    """An empty workbook; write-only (rows streamed, for tens of thousands of them)
    unless a sheet needs a title block above its table (merged, wrapped lines)."""
    book = Workbook(write_only=write_only)
    if not write_only:
        book.remove(book.worksheets[0])  # a new workbook's empty sheet
    book.properties.creator = "regionlab"
    if title:
        book.properties.title = title
    return book


def batch_sheets(book: Workbook, result: BatchResult, cat: Catalogue, lang: str) -> int:
    """The batch's sheets added to `book`: the data, the errors, the results for a
    reader and the legend; the index of the reader's sheet."""
    data_sheets(book, result, cat, lang)
    reader = len(book.worksheets)
    reader_sheets(book, result.rows, cat, lang)
    return reader


def data_sheets(book: Workbook, result: BatchResult, cat: Catalogue, lang: str) -> None:
    """The data (the CSV's columns, which `results.read` reads back) and the errors."""
    columns = [*FIRST, *(c for c in COLUMNS if c not in FIRST)]
    rows = [[_value(c, r.get(c)) for c in columns] for r in result.rows]
    _sheet(book, sheet_title(cat.label(DATA_SHEET, lang)), columns, rows,
           _results_style(columns), freeze="C")
    errors = [[p.file, p.line, p.field, p.code, p.message] for p in result.problems]
    _sheet(book, sheet_title(cat.label("errors_sheet", lang)), list(ERROR_COLUMNS), errors,
           lambda name, value: None)


def reader_sheets(book: Workbook, rows: Sequence[BatchRow], cat: Catalogue, lang: str
                  ) -> None:
    """The results for a reader in `lang`, and the legend of their colours."""
    _readable(book, rows, cat, lang)
    _legend(book, cat, lang)


def add_sheet(book: Workbook, title: str, columns: Sequence[str], rows: Sequence[list], *,
              formats: dict[str, str] | None = None, freeze: str = "A",
              above: Sequence[str] = (), fills: dict[str, str] | None = None,
              filled: Sequence[str] = ()) -> None:
    """A table sheet as the batch's are (widths, filter, frozen header, A4 print with
    the header on every page, text never a formula, long text wrapped); `formats`: the
    number format of each numeric column by its header; `above`: lines above the table
    (a title, then what the table is; each across the table's width), `freeze`: the
    first column that scrolls; `fills`: a colour ("RRGGBB") for a text of the columns
    `filled` (a domain's tint for its title)."""
    fmt, tints = formats or {}, {t: PatternFill("solid", fgColor=c) for t, c in
                                 (fills or {}).items()}

    def style(name: str, value) -> dict | None:
        if name in fmt and isinstance(value, int | float) and not isinstance(value, bool):
            return {"number_format": fmt[name]}
        if name in filled and value in tints:
            return {"fill": tints[value]}
        return None
    _sheet(book, sheet_title(title), columns, rows, style, freeze=freeze, above=above)


def book_bytes(book: Workbook, opens_on: int = 0) -> bytes:
    """The workbook as bytes, opening on sheet `opens_on`; the same bytes for the same
    sheets (no save time in them)."""
    book.active = opens_on
    buffer = io.BytesIO()
    book.save(buffer)
    return _steady(buffer.getvalue())


def table_workbook(sheets: Sequence[tuple[str, Sequence[str], Sequence[list]]],
                   opens_on: int = 0) -> bytes:
    """A workbook of plain tables (a header row, then rows), each sheet set up as the
    batch's are: widths, filter, frozen header, A4 print; text never a formula; the
    same bytes for the same tables. For outputs other than a batch's (a diff)."""
    book = new_book()
    for title, columns, rows in sheets:
        _sheet(book, sheet_title(title), columns, rows, lambda name, value: None)
    return book_bytes(book, opens_on)


DATA_SHEET = "data_sheet"  # the label (data/ui.yaml) naming the sheet a script reads
OLD_DATA_SHEETS = ("results",)  # what workbooks written before it was named in data say
_NOT_IN_TITLES = re.compile(r"\s*[\\/*?:\[\]]\s*")


def sheet_title(text: str) -> str:
    """A label as a sheet's name: without the characters Excel refuses in one (a colon
    becomes a space), within its 31 characters."""
    return _NOT_IN_TITLES.sub(" ", text).strip()[:31].strip()


def data_sheet_names(cat: Catalogue | None = None) -> tuple[str, ...]:
    """The names a workbook's data sheet may have: its name in every language (a
    Korean workbook reads back as an English one does), and the old English one."""
    cat = cat or load_catalogue()
    names = [sheet_title(cat.label(DATA_SHEET, lang)) for lang in languages.ids()]
    return tuple(dict.fromkeys([*names, *OLD_DATA_SHEETS]))


def _value(column: str, value):
    """Lists as the CSV writes them ("a;b"); numbers stay numbers, so they filter and sort
    as numbers."""
    return cell(column, value) if column in LISTS else value


def _sheet(book: Workbook, title: str, columns: Sequence[str], rows: Sequence[list],
           style, freeze: str = "A", above: Sequence[str] = ()) -> None:
    sheet = book.create_sheet(title)
    head = len(above) + 1  # the header's row
    _print_setup(sheet, head)
    widths = column_widths(columns, rows)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = f"{freeze}{head + 1}"
    last = f"{get_column_letter(len(columns))}{len(rows) + head}"
    sheet.auto_filter.ref = f"A{head}:{last}"
    _title_block(sheet, above, len(columns), sum(widths))
    sheet.append([_header(sheet, name) for name in columns])
    for row in rows:
        sheet.append([_cell(sheet, value, style(name, value), width)
                      for name, value, width in zip(columns, row, widths, strict=True)])


TITLE_FONT = Font(bold=True, size=14)
LINE_HEIGHT = 15.0  # points, a line of the default 11-point font


def _title_block(sheet, lines: Sequence[str], columns: int, width: float) -> None:
    """Lines above a table (its title first, in bold), each across the table's width
    and wrapped, its row as tall as its lines."""
    for n, line in enumerate(lines, start=1):
        c = WriteOnlyCell(sheet, value=line)
        c.data_type = "s"
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if n == 1:
            c.font = TITLE_FONT
        sheet.append([c])
        if not hasattr(sheet, "merge_cells"):  # a write-only sheet: the line as it is
            continue
        if columns > 1:
            sheet.merge_cells(start_row=n, start_column=1, end_row=n, end_column=columns)
        wraps = max(1, -(-_text_width(line) // max(int(width), 1)))
        sheet.row_dimensions[n].height = (LINE_HEIGHT * 1.4 if n == 1 else LINE_HEIGHT) * wraps


def _header(sheet, name: str) -> Cell:
    c = WriteOnlyCell(sheet, value=name)
    c.font, c.fill = HEADER_FONT, HEADER_FILL
    c.alignment = Alignment(vertical="center")
    return c


WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(sheet, value, style: dict | None, width: float = WIDTH_MAX):
    if not style and not isinstance(value, str):
        return value
    c = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # text stays text: a region name or message beginning with '=' must never
        # become a formula in the analyst's spreadsheet
        c.data_type = "s"
        if "\n" in value or _text_width(value) + 2 > width:
            c.alignment = WRAP  # longer than its column: wrapped, not cut
    for attribute, setting in (style or {}).items():
        setattr(c, attribute, setting)
    return c


FIRST = ("region_code", "region_name_local", "parent", "region_name", "year")
# the readable sheet: (column, catalogue section of its ids); titles, not ids
READABLE_TITLES = (("domain", "domains"), ("grade", "grades"), ("cases", "cases"),
                   ("strategies", "strategies"), ("flags", "flags"),
                   ("designations", "designations"))


def _readable(book: Workbook, rows: Sequence[BatchRow], cat: Catalogue, lang: str) -> None:
    """The results as a reader in `lang` wants them: titles for every id, the province
    in the language, code, name and province first; header and name frozen."""
    L = lambda key: cat.label(key, lang)  # noqa: E731 - short alias, as in output/terminal.py
    title = {c: label[lang] for c, label in LABELS.items()}  # data/columns.yaml
    head = [title["region_code"], title["region_name"], L("province"), title["year"],
            *(title[a] for a in ACTORS), title["stability"],
            *(title[k] for k, _ in READABLE_TITLES)]
    body = []
    korean_names = languages.language(lang).korean_names
    for r in rows:
        name = (r.get("region_name_local") or r["region_name"]) if korean_names else \
            f"{r['region_name']} ({r['region_name_local']})" if r.get("region_name_local") \
            else r["region_name"]
        sido = province_of(r["region_code"], r["year"])
        titles = [_titles(r.get(k), section, cat, lang) for k, section in READABLE_TITLES]
        titles[0] = titles[0] or L("not_classified")
        body.append([r["region_code"], name, province(sido, lang, cat) if sido else
                     (r.get("parent") or ""), r["year"], *(r.get(a) for a in ACTORS),
                     r.get("stability"), *titles])
    domains = {cat.title("domains", d, lang): d for d in DOMAINS}

    def style(column: str, value) -> dict | None:
        if column == title["domain"]:
            return {"fill": _FILLS.get(domains.get(value), _FILLS[None])}
        if isinstance(value, float):
            return {"number_format": "0.00" if column == title["stability"] else "0.0"}
        return None
    _sheet(book, sheet_title(L("results_sheet")), head, body, style, freeze="C")


def _titles(value, section: str, cat: Catalogue, lang: str) -> str:
    if value is None or value == ():
        return ""
    ids = [value] if isinstance(value, str) else list(value)
    return languages.language(lang).join([cat.title(section, i, lang) for i in ids])


_FILLS = {d: PatternFill("solid", fgColor=palette.domain_tint(d)[1:]) for d in (*DOMAINS, None)}


def _results_style(columns: Sequence[str]):
    """Per-cell style of the results sheet: number formats, and the domain's colour on
    the domain column (the blank domain of an unclassified region in amber)."""
    def style(name: str, value) -> dict | None:
        if name == "domain":
            return {"fill": _FILLS.get(value, _FILLS[None])}
        if name in NUMBER_FORMATS and value is not None:
            return {"number_format": NUMBER_FORMATS[name]}
        return None
    return style


def column_widths(columns: Sequence[str], rows: Iterable[Sequence]) -> list[float]:
    """Widths from the longest value of each column (Hangul and kanji count double),
    within WIDTH_MIN..WIDTH_MAX."""
    widest = [_text_width(c) for c in columns]
    for row in rows:
        for i, value in enumerate(row):
            if value is not None:
                widest[i] = max(widest[i], _text_width(_shown(value)))
    return [float(min(max(w + 2, WIDTH_MIN), WIDTH_MAX)) for w in widest]


def _shown(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _legend(book: Workbook, cat: Catalogue, lang: str) -> None:
    """What the colours of the domain column mean, in the chosen language: each domain's
    name in its colour and what it stands for, wrapped (no ids, no colour codes)."""
    L = lambda key: cat.label(key, lang)  # noqa: E731 - short alias, as in output/terminal.py
    columns = [L("domain"), L("meaning")]
    rows = [[cat.title("domains", d, lang), cat.text("domains", d, "description", lang) or ""]
            for d in DOMAINS]
    rows.append([L("not_classified"), ""])
    fills = {r[0]: _FILLS[d] for r, d in zip(rows, (*DOMAINS, None), strict=True)}
    wrap = Alignment(wrap_text=True, vertical="top")

    def style(name: str, value) -> dict | None:
        if name == columns[0]:
            return {"fill": fills[value], "alignment": Alignment(vertical="top")}
        return {"alignment": wrap}
    _sheet(book, sheet_title(L("legend")), columns, rows, style)


def _print_setup(sheet, head: int = 1) -> None:
    """A sheet prints on A4, landscape, its columns fitted to the page's width and its
    header row (`head`) on every page (set before the rows: a write-only sheet writes
    its properties first)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{head}:{head}"


_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _steady(data: bytes) -> bytes:
    """The workbook with the save time taken out: fixed document-property times and zip
    entry times, entries in their original order."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIMES.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, content)
    return out.getvalue()
