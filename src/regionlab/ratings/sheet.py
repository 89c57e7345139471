"""Write a rating sheet: .xlsx (a ratings sheet with data validation, the scale in a
sheet of its own) or .csv (UTF-8 with a byte-order mark, for Excel; the scale beside
it in a text file). Column keys in the header are fixed; the labels are translated."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from regionlab.errors import RegionlabError
from regionlab.output.atomic import replacing, write_text
from regionlab.output.columns import FORMULA_START as _FORMULA_START
from regionlab.output.columns import neutral
from regionlab.policy.catalogue import load_catalogue
from regionlab.profile.models import ACTORS
from regionlab.ratings.rows import ACTOR_PARTS, REGION_KEYS, RegionRow, keys
from regionlab.ratings.settings import RatingRules

FORMATS = (".xlsx", ".csv")
HEADER_ROWS = 3  # actor titles, column labels in the language, column keys
_WIDTHS = {"code": 8, "name_local": 12, "name": 16, "province": 16, "year": 6, "rater": 12,
           "evidence": 10, "figures": 44, "rating": 10, "note": 36}


def write_sheet(rows: list[RegionRow], target: Path, rules: RatingRules, lang: str,
                rater: str = "", low: float = 1, high: float = 5) -> list[Path]:
    """Write the sheet (and, for CSV, its scale beside it); the files written."""
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        _xlsx(rows, target, rules, lang, rater, low, high)
        return [target]
    if suffix == ".csv":
        scale = target.with_name(f"{target.stem}-scale.txt")
        write_text(target, "\ufeff" + _csv_text(rows, rater))
        write_text(scale, scale_text(rules, lang))
        return [target, scale]
    raise RegionlabError(f"{target}: a rating sheet is .xlsx or .csv")


def cells(row: RegionRow, rater: str) -> list:
    """A row's cells in the order of `keys()`; ratings and notes empty."""
    out: list = [row.code, row.name_local, row.name, row.province, row.year, rater]
    for actor in ACTORS:
        evidence = row.evidence[actor]
        out += [evidence.score, evidence.figures, None, None]
    return out


def _csv_text(rows: list[RegionRow], rater: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # as Excel writes it
    writer.writerow(keys())
    for row in rows:
        # text a spreadsheet would run as a formula (a region named =1+2 abroad, a
        # --rater of =HYPERLINK(...)) starts with an apostrophe; read.py reads it back
        writer.writerow(["" if c is None else neutral(c) if isinstance(c, str) and c else c
                         for c in cells(row, rater)])
    return buffer.getvalue()


def scale_lines(rules: RatingRules, lang: str) -> list[tuple[str, str, str]]:
    """(actor's title, rating, what it means) for 1 to 5 of each actor."""
    out = []
    for actor in ACTORS:
        words = rules.scale[actor]
        for point in ("1", "2", "3", "4", "5"):
            meaning = words[point][lang] if point in words else rules.word("between", lang)
            out.append((words["title"][lang], point, meaning))
    return out


def scale_text(rules: RatingRules, lang: str) -> str:
    lines = [rules.word("how", lang), ""]
    title = None
    for actor_title, point, meaning in scale_lines(rules, lang):
        if actor_title != title:
            lines += ["", actor_title] if title else [actor_title]
            title = actor_title
        lines.append(f"  {point} = {meaning}")
    return "\n".join(lines) + "\n"


def _xlsx(rows: list[RegionRow], target: Path, rules: RatingRules, lang: str, rater: str,
          low: float, high: float) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one sheet
    sheet.title = rules.word("ratings_sheet", lang)
    _header(sheet, rules, lang)
    for row in rows:
        sheet.append(cells(row, rater))
    _as_text(sheet)
    _formats(sheet, len(rows))
    _validation(sheet, rules, lang, low, high)
    _scale_sheet(book.create_sheet(rules.word("scale_sheet", lang)), rules, lang)
    with replacing(target, "wb") as f:
        book.save(f)


def _as_text(sheet) -> None:
    """Text that looks like a formula (=1+2, +SUM(1), @A1, -x) stays text: openpyxl
    would write '=...' as a live formula, and Excel would run '+...' once a rater edits
    the cell; a text cell with Excel's quote prefix is text for good."""
    for row in sheet.iter_rows(min_row=HEADER_ROWS + 1):
        for cell in row:
            value = cell.value
            if isinstance(value, str) and value[:1] in _FORMULA_START:
                cell.data_type = "s"
                cell.quotePrefix = True


def _header(sheet, rules: RatingRules, lang: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    cat = load_catalogue()
    titles = [rules.word("region", lang)] + [""] * (len(REGION_KEYS) - 1)
    for actor in ACTORS:
        titles += [cat.title("actors", actor, lang)] + [""] * (len(ACTOR_PARTS) - 1)
    labels = [rules.word(k, lang) for k in REGION_KEYS]
    labels += [rules.word(part, lang) for _ in ACTORS for part in ACTOR_PARTS]
    for values in (titles, labels, keys()):
        sheet.append(values)
    bold, grey = Font(bold=True), Font(color="808080", size=8)
    fill = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in
    for column, key in enumerate(keys(), start=1):
        sheet.cell(1, column).font = sheet.cell(2, column).font = bold
        sheet.cell(2, column).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(3, column).font = grey
        if key.endswith(("_rating", "_note")):
            sheet.cell(2, column).fill = fill
    start = len(REGION_KEYS) + 1
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=start - 1)
    for i, _ in enumerate(ACTORS):
        first = start + i * len(ACTOR_PARTS)
        sheet.merge_cells(start_row=1, start_column=first, end_row=1,
                          end_column=first + len(ACTOR_PARTS) - 1)
    sheet.freeze_panes = f"D{HEADER_ROWS + 1}"  # the header and names stay in view


def _formats(sheet, count: int) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    last = HEADER_ROWS + count
    for column, key in enumerate(keys(), start=1):
        letter = get_column_letter(column)
        part = key.rsplit("_", 1)[-1] if key not in REGION_KEYS else key
        sheet.column_dimensions[letter].width = _WIDTHS.get(part, 12)
        for (cell,) in sheet.iter_rows(min_row=HEADER_ROWS + 1, max_row=last,
                                       min_col=column, max_col=column):
            if key == "code":
                cell.number_format = "@"  # text: a code is not a number
            elif part in ("evidence", "rating"):
                cell.number_format = "0.0"
            elif part in ("figures", "note"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.auto_filter.ref = f"A{HEADER_ROWS}:{get_column_letter(len(keys()))}{last}"


def _validation(sheet, rules: RatingRules, lang: str, low: float, high: float) -> None:
    """Each rating column takes numbers from `low` to `high` in steps (any row, so
    that a rater may copy rows below for a second rater); its prompt is the scale."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for column, key in enumerate(keys(), start=1):
        if not key.endswith("_rating"):
            continue
        actor = key.removesuffix("_rating")
        letter = get_column_letter(column)
        top = f"{letter}{HEADER_ROWS + 1}"
        rule = DataValidation(
            type="custom", allow_blank=True, showErrorMessage=True, showInputMessage=True,
            formula1=f"AND(ISNUMBER({top}),{top}>={low:g},{top}<={high:g},"
                     f"MOD(({top}-{low:g})/{rules.step:g},1)=0)",
            errorTitle=rules.word("rating", lang)[:32],
            error=f"{low:g}-{high:g}, {rules.step:g}",
            promptTitle=rules.word("rating", lang)[:32],
            prompt=_prompt(rules, actor, lang))
        rule.add(f"{top}:{letter}1048576")
        sheet.add_data_validation(rule)


def _prompt(rules: RatingRules, actor: str, lang: str) -> str:
    words = rules.scale[actor]
    text = "\n".join(f"{p} = {words[p][lang]}" for p in ("1", "3", "5"))
    return text if len(text) <= 255 else text[:254] + "…"  # Excel's limit


def _scale_sheet(sheet, rules: RatingRules, lang: str) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append([rules.word("how", lang)])
    sheet.merge_cells("A1:C1")
    sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[1].height = 75
    sheet.append([])
    sheet.append([rules.word("actor", lang), rules.word("point", lang),
                  rules.word("meaning", lang)])
    for column in (1, 2, 3):
        sheet.cell(3, column).font = Font(bold=True)
    for line in scale_lines(rules, lang):
        sheet.append(list(line))
    for letter, width in (("A", 48), ("B", 8), ("C", 80)):
        sheet.column_dimensions[letter].width = width
