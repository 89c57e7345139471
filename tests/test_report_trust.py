"""Reports a reader can trust at a glance (issue 18), as far as the HTML shows it
without a browser: marks drawn where the data are, and tooltips that print them;
the page says when figures are repeated vintages or carried back; captions that
leave nothing out; sources and an edition date; ties read as ties."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import PROFILES

from regionlab.errors import RegionlabError
from regionlab.korea import reference
from regionlab.nation import init_profiles
from regionlab.nation.diff import load_side
from regionlab.policy.catalogue import load_catalogue
from regionlab.report import build, charts


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> dict:
    folders = {}
    for year in (2019, 2022, 2025):
        folders[year] = tmp_path_factory.mktemp(f"kr{year}")
        init_profiles.init_all(year, folders[year])
    return folders


@pytest.fixture(scope="module")
def two_years(national) -> str:
    return build.report([national[2019], national[2025]], "en", two_years=True)


@pytest.fixture(scope="module")
def over_the_years(national) -> str:
    return build.report([national[y] for y in (2019, 2022, 2025)], "en", years=True)


def _chart(page: str, scope: str) -> str:
    start = page.index(f'data-chart="{scope}"')
    return page[start:page.index("</svg>", start)]


def _tracks(svg: str) -> list[str]:
    return re.findall(r'<g [^>]*class="track"[^>]*>.*?</g>', svg)


def _places(rows) -> set[tuple[float, float]]:
    return {(round(r["municipality"], 1), round(r["residents"], 1)) for r in rows
            if r["municipality"] is not None and r["residents"] is not None}


def test_the_two_year_plane_draws_every_mark_at_its_figures(national, two_years):
    """No nudging apart: every dot, ring and arrow tip of the moves is at a place some
    region's figures give, inside 0-100, and each tooltip prints those figures."""
    rows = [*load_side(national[2019]).rows, *load_side(national[2025]).rows]
    places = _places(rows)
    f = charts._Frame(64, 10, 560)
    svg = _chart(two_years, "moves")
    tracks = _tracks(svg)
    assert len(tracks) > 100
    for g in tracks:
        hover = html.unescape(re.search(r"<title>(.*?)</title>", g).group(1))
        shown = {(float(x), float(y)) for x, y in re.findall(r"\((-?[\d.]+), (-?[\d.]+)\)", hover)}
        assert shown and shown <= places, hover
        marks = [(float(x), float(y)) for x, y in
                 re.findall(r'<circle cx="([\d.-]+)" cy="([\d.-]+)"', g)]
        tip = re.search(r'<polygon points="([\d.-]+),([\d.-]+)', g)
        if tip:
            marks.append((float(tip.group(1)), float(tip.group(2))))
        for px, py in marks:
            x = (px - f.left) / f.size * 108 - 4
            y = 104 - (py - f.top) / f.size * 108
            assert 0 - 0.05 <= x <= 100.05 and 0 - 0.05 <= y <= 100.05, (hover, x, y)
            assert any(abs(x - a) < 0.06 and abs(y - b) < 0.06 for a, b in places), (hover, x, y)


def test_the_panels_over_the_years_draw_their_figures(national, over_the_years):
    rows = [r for y in (2019, 2022, 2025) for r in load_side(national[y]).rows]
    places = _places(rows)
    for hover in re.findall(r'class="track"[^>]*><title>(.*?)</title>', over_the_years):
        shown = {(float(x), float(y)) for x, y in
                 re.findall(r"\((-?[\d.]+), (-?[\d.]+)\)", html.unescape(hover))}
        assert shown and shown <= places, hover


def test_tracks_at_one_place_are_one_mark_with_all_their_names():
    a = charts.Track("a", "Alpha", [(2019, 0.0, 100.0), (2025, 0.0, 100.0)], "social")
    b = charts.Track("b", "Beta", [(2019, 0.0, 100.0), (2025, 0.0, 100.0)], "social")
    svg = charts.tracks([a, b], {"low": 40, "high": 60}, None,
                        charts.PlaneText("x", "y", {}), "t", "alt")
    (g,) = _tracks(svg)
    assert "Alpha, Beta: 2019 (0.0, 100.0) → 2025 (0.0, 100.0)" in g
    assert 'data-n="2"' in g


def test_the_years_page_says_which_figures_are_repeated_or_carried_back(national,
                                                                      over_the_years):
    cat = load_catalogue()
    note = cat.label("vintage_same", "en").format(
        actor=cat.title("actors", "municipality", "en"), years="2019, 2022, 2025",
        vintages="2023")
    assert html.escape(note, quote=True) in over_the_years or note in over_the_years
    assert f"2023 ({cat.label('carried_back', 'en')})" in over_the_years
    assert "Ministry of the Interior and Safety (MOIS)" in over_the_years


def test_the_years_page_shows_every_region_that_changed_domain(national, over_the_years):
    domains: dict[str, set] = {}
    for y in (2019, 2022, 2025):
        for r in load_side(national[y]).rows:
            domains.setdefault(r["region_code"][:5], set()).add(r["domain"])
    changed = sum(len(d) > 1 for d in domains.values())
    assert changed > 0
    panels = over_the_years.count("<figure>")
    assert panels >= changed
    assert f"Every one of the {changed} regions that changed domain is shown." in over_the_years


def test_the_two_year_page_says_which_figures_it_compares(two_years):
    assert "Local government: 2019, 2025 read the same figures (2023)" in two_years
    assert "Moves between domains" in two_years


@pytest.fixture(scope="module")
def jongno_2022(national) -> Path:
    return next(national[2022].glob("11110-*.yaml"))


@pytest.mark.parametrize("lang,agencies", [
    ("en", ("Ministry of the Interior and Safety (MOIS)", "National Election Commission (NEC)",
            "Statistics Korea (KOSTAT)")),
    ("ko", ("행정안전부(MOIS)", "중앙선거관리위원회(NEC)", "통계청(KOSTAT)"))])
def test_the_region_page_names_the_agency_and_year_of_each_figure(jongno_2022, lang, agencies):
    page = build.report([jongno_2022], lang)
    table = page[page.index(load_catalogue().label("figure_year", lang)):]
    table = table[:table.index("</table>")]
    for agency in agencies:
        assert agency in table
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    assert rows and all(re.search(r"<td>20\d\d", r) for r in rows)  # each with its year


def test_the_edition_date_comes_from_the_data_or_an_option_never_the_clock(
        jongno_2022, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build.report([jongno_2022], "en")
    assert first == build.report([jongno_2022], "en")
    assert f"Edition of {reference.as_of().isoformat()}" in first
    assert "the date of the reference data it uses" in first
    given = build.report([jongno_2022], "en", edition="2026-01-15")
    assert "Edition of 2026-01-15" in given and "reference data it uses" not in given
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    assert "Edition of 2026-01-01" in build.report([jongno_2022], "en")
    assert f"Edition of {date.today().isoformat()}" in build.report([jongno_2022], "en",
                                                                     edition="today")
    with pytest.raises(RegionlabError):
        build.report([jongno_2022], "en", edition="tomorrow")


def test_a_shared_rank_reads_as_a_tie(jongno_2022, national):
    page = build.report([jongno_2022], "en")
    level = re.findall(r"(\d+)(?:st|nd|rd|th) of 226, level with (\d+) others", page)
    assert level, "Jongno's local government capacity of 100 is shared"
    nation = [r["municipality"] for r in load_side(national[2022]).rows]
    rank, others = (int(x) for x in level[0])
    assert others == nation.count(100.0) - 1 and rank == 1


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_reader_text_has_no_command_lines_paths_or_jargon(jongno_2022, lang):
    for page in (build.report([jongno_2022], lang), build.report([PROFILES / "gunsan.yaml"], lang)):
        visible = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
        for bad in ("regionlab init", "--all", "docs/", ".md", "perturbed", "교란", "摂動"):
            assert bad not in visible, bad


def test_a_region_rated_by_an_analyst_says_its_ranks_compare_a_judgement():
    page = build.report([PROFILES / "gunsan.yaml"], "en")
    assert "include the analyst&#39;s ratings" in page
