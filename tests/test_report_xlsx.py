"""`regionlab report … -o FILE.xlsx` (issue 18, item 11): each kind of report as a
workbook an analyst reads: a first sheet in the language with the report's title, its
edition and its first table; the report's other tables; the data, which `diff` and
`report` read back; numbers as numbers, header frozen and printed on every A4 page;
the same bytes for the same inputs; text never a formula; an old file kept when there
is nothing to write."""

from __future__ import annotations

import re

import pytest
from conftest import PROFILES, profile_data
from openpyxl import load_workbook
from typer.testing import CliRunner

from regionlab.cli import app
from regionlab.korea import reference
from regionlab.nation.batch import run_batch
from regionlab.output import palette, results
from regionlab.policy.catalogue import load_catalogue
from regionlab.report import build

runner = CliRunner()
GUNSAN = PROFILES / "gunsan.yaml"
LATIN = re.compile(r"[A-Za-z][A-Za-z_'-]*")


def _report(tmp_path, *args: str, name: str = "r.xlsx"):
    out = tmp_path / name
    done = runner.invoke(app, ["report", *args, "-o", str(out)])
    assert done.exit_code == 0, done.output
    return out, load_workbook(out)


def _table(sheet) -> tuple[int, list[list]]:
    """The row of a sheet's table header (the row printed on every page) and the table's
    rows below it."""
    head = int(sheet.print_title_rows.split(":")[0].strip("$"))
    rows = [list(r) for r in sheet.iter_rows(min_row=head, values_only=True)]
    return head, rows


def _set_up_for_print_and_reading(book) -> None:
    for sheet in book.worksheets:
        head, _ = _table(sheet)
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.freeze_panes.endswith(str(head + 1))  # the header stays in view


def test_a_national_report_as_a_korean_workbook(tmp_path):
    out, book = _report(tmp_path, str(PROFILES), str(PROFILES / "2025"), "--lang", "ko")
    cat = load_catalogue()
    assert book.sheetnames == ["요약", "지역별 결과", "범례", "시도별 영역", "결과 데이터", "오류"]
    first = book.active
    assert first.title == "요약"  # it opens on the sheet to read
    assert first["A1"].value == cat.label("batch_report", "ko")
    edition = reference.as_of().isoformat()  # the date of the data, never the clock
    assert any(edition in str(c.value) for c in first["A"][:4])
    head, rows = _table(first)
    assert rows[0] == ["영역", "기반조성 단계", "발전 단계", "선도 단계", "등급 없음", "개수"]
    regions = run_batch([PROFILES, PROFILES / "2025"]).rows
    assert sum(r[-1] for r in rows[1:]) == len(regions)  # counts as numbers
    government = next(r for r in rows[1:] if r[0] == "정부")
    assert government[-1] == sum(r["domain"] == "government" for r in regions)
    assert first.cell(head + 1, 6).number_format == "#,##0"
    readable = book["지역별 결과"]
    assert [c.value for c in readable[1]][:3] == ["코드", "지역", "시도"]
    assert "전라북도" in [c.value for c in readable["C"]]
    _set_up_for_print_and_reading(book)
    # the data sheet reads back as the batch's results (report and diff take it)
    assert [r["region_code"] for r in results.read(out)] == [r["region_code"] for r in regions]
    again, _ = _report(tmp_path, str(PROFILES), str(PROFILES / "2025"), "--lang", "ko",
                       name="again.xlsx")
    assert again.read_bytes() == out.read_bytes()


def test_one_region_as_a_japanese_workbook(tmp_path):
    profile = tmp_path / "gunsan.yaml"  # the official figures of 2022, as `init` fills them
    done = runner.invoke(app, ["init", "45130", "--year", "2022", "-o", str(profile)])
    assert done.exit_code == 0, done.output
    _, book = _report(tmp_path, str(profile), "--lang", "ja")
    cat = load_catalogue()
    first = book.active
    assert first["A1"].value == "Gunsan (군산시) — 2022"
    head, rows = _table(first)
    assert rows[0][:7] == ["革新主体", "力量", "区分", "全国順位", "パーセンタイル", "全国の中央値",
                           "広域の中央値"]
    residents = next(r for r in rows[1:] if r[0] == cat.title("actors", "residents", "ja"))
    assert all(isinstance(residents[i], float | int) for i in (1, 4, 5))  # numbers
    assert "226" in residents[3]  # the rank among the nation, in words
    assert first.cell(head + 1, 2).number_format == "0.0"
    evidence = book[cat.label("evidence", "ja")]
    _, figures = _table(evidence)
    header = figures[0]
    value, year, agency = (header.index(cat.label(k, "ja"))
                           for k in ("value", "figure_year", "agency"))
    assert all(isinstance(r[value], float | int) and isinstance(r[year], int)
               for r in figures[1:])
    assert any("(NEC)" in r[agency] for r in figures[1:])  # the source agency beside it
    annex = book[cat.label("profile_annex", "ja")]  # each indicator's source and method
    _, indicators = _table(annex)
    details = indicators[0].index(cat.label("details", "ja"))
    assert all("。" in r[details] for r in indicators[1:])  # in Japanese, agencies kept
    assert any("(KOSTAT)" in r[details] for r in indicators[1:])
    reasons = book[cat.label("reasons", "ja")]
    assert reasons.max_row > 2 and reasons["A2"].alignment.wrap_text
    _set_up_for_print_and_reading(book)
    # no English for the reader: only ids in their own column, names, the allow-list
    from test_report_i18n import allowed, region_names
    readers = [s for s in book.worksheets if s.title not in ("結果データ", "エラー")]
    foreign = {w for s in readers for row in s.iter_rows(values_only=True)
               for v in row[:-1] if isinstance(v, str) for w in LATIN.findall(v)
               if w not in allowed() and w not in region_names()}
    assert foreign == set()


def test_regions_over_the_years_as_a_workbook(tmp_path):
    out, book = _report(tmp_path, str(PROFILES), str(PROFILES / "2025"), "--years")
    first = book.active
    head, rows = _table(first)
    rows_by_year = {}
    for r in run_batch([PROFILES, PROFILES / "2025"]).rows:
        rows_by_year[r["year"]] = rows_by_year.get(r["year"], 0) + 1
    years = [y for y in rows[0][1:]]
    assert years == [str(y) for y in sorted(rows_by_year)]
    assert [sum(r[i + 1] for r in rows[1:]) for i in range(len(years))] == \
        [rows_by_year[y] for y in sorted(rows_by_year)]
    regions = book["Regions"]
    assert [c.value for c in regions[1]] == ["Code", "Region", "Province", *years]
    assert {r["year"] for r in results.read(out)} == set(rows_by_year)
    government = load_catalogue().title("domains", "government", "en")
    cell = next(c for c in regions["D"] if c.value == government)  # in the domain's tint
    assert cell.fill.fgColor.rgb[-6:] == palette.domain_tint("government")[1:]


def test_two_years_as_a_workbook_is_the_diffs(tmp_path):
    _, book = _report(tmp_path, str(PROFILES), str(PROFILES / "2025"), "--two-years",
                      "--lang", "ko")
    assert book.sheetnames == ["요약", "변경 데이터", "오류"]


def test_text_from_a_profile_never_becomes_a_formula(tmp_path, write_profile):
    data = profile_data()
    data["region"]["name"] = '=HYPERLINK("http://x")'
    path = write_profile(data)
    out = tmp_path / "one.xlsx"
    done = runner.invoke(app, ["report", str(path), "-o", str(out)])
    assert done.exit_code == 0, done.output
    book = load_workbook(out)
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


def test_nothing_to_write_keeps_the_old_workbook(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.yaml").write_text("format: regionlab/profile/v1\nregion: 3\n", encoding="utf-8")
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"the old one")
    done = runner.invoke(app, ["report", str(bad), "-o", str(out)])
    assert done.exit_code == 1 and out.read_bytes() == b"the old one"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_the_workbook_is_bytes_and_the_page_is_text(lang):
    """build.report gives the workbook's bytes for xlsx and text for the others."""
    assert isinstance(build.report([GUNSAN], lang, fmt="xlsx"), bytes)
    assert isinstance(build.report([GUNSAN], lang, fmt="markdown"), str)
