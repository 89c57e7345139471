"""Korean and Japanese reports are wholly in their language: no word in Latin letters
outside ids (in their own small columns), proper names of regions, and the words the
allow-list in data/untranslated.yaml leaves as they are written (issue 11, point 13)."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from html.parser import HTMLParser

import pytest
import yaml
from conftest import PROFILES, ROOT
from test_markdown import assess

from regionlab.korea import reference
from regionlab.nation import init_profiles
from regionlab.nation.batch import run_batch
from regionlab.policy import languages
from regionlab.policy.catalogue import load_catalogue
from regionlab.report import build, maps, overview

SRC = ROOT / "src" / "regionlab"
LATIN = re.compile(r"[A-Za-z][A-Za-z_'-]*")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
VOID = {"br", "input", "meta", "path", "circle", "rect", "line", "polygon", "polyline", "img"}
# report modules whose label keys tests/test_labels.py does not scan
MODULES = ("overview.py", "years.py", "standing.py", "words.py", "geo.py", "nation.py",
           "vintages.py")
CALL = re.compile(r"""\b(?:label|L)\(\s*["']([a-z0-9_]+)["']""")


@cache
def allowed() -> frozenset[str]:
    return frozenset(languages.untranslated()["words"])


@cache
def region_names() -> frozenset[str]:
    """Romanised names of every unit the reference tables know: proper names."""
    from datetime import date

    names = set()
    for year in range(2015, 2027):
        for g in reference.local_governments(min(date(year, 12, 31), reference.as_of()),
                                             None):
            for text in (g.name_en, g.name_en_full):
                names.update(LATIN.findall(text))
                names.update(re.split(r"[-\s]", text))
    for feature in maps.boundaries()["features"]:  # Sejong, Jeju-si, Seogwipo-si too
        names.update(LATIN.findall(feature["properties"]["name_en"]))
    return frozenset(names)


class VisibleText(HTMLParser):
    """The words a reader sees (hover titles and placeholders included), leaving out
    scripts and styles, ids (class "id", <code>) and text marked as another language."""

    def __init__(self):
        super().__init__()
        self.skipping: list[bool] = []
        self.words: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("placeholder"):
            self.words.update(LATIN.findall(a["placeholder"]))
        if tag in VOID:
            return
        skip = (tag in ("script", "style", "code") or "id" in (a.get("class") or "").split()
                or (tag != "html" and "lang" in a))
        self.skipping.append(skip)

    def handle_endtag(self, tag):
        if tag not in VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not any(self.skipping):
            self.words.update(LATIN.findall(data))


def foreign_words(page: str) -> dict[str, int]:
    parser = VisibleText()
    parser.feed(re.sub(r"`[^`\n]+`", "", page))  # Markdown code spans: ids
    return {w: n for w, n in parser.words.items()
            if w not in allowed() and w not in region_names()}


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """Result rows of every municipality in 2019, 2022 and 2025 (the evidence alone)."""
    rows = {}
    for year in (2019, 2022, 2025):
        folder = tmp_path_factory.mktemp(f"kr{year}")
        init_profiles.init_all(year, folder)
        rows[year] = folder
    return rows


# the languages not written in Latin letters: an English word in them is foreign
NOT_LATIN = [lang.id for lang in languages.languages().values() if not lang.latin]


@pytest.mark.parametrize("lang", NOT_LATIN)
def test_reports_show_no_english_outside_ids_and_proper_names(lang, national):
    pages = {
        "single": build.report([PROFILES / "gunsan.yaml"], lang),
        "single-2025": build.report([PROFILES / "2025" / "suncheon.yaml"], lang)
        if (PROFILES / "2025" / "suncheon.yaml").exists() else "",
        "batch": build.report([PROFILES, PROFILES / "2025"], lang),
        "national": build.report([national[2022]], lang),
        "two-years": build.report([PROFILES, PROFILES / "2025"], lang, two_years=True),
        "years": build.report([national[y] for y in (2019, 2022, 2025)], lang, years=True),
        "two-national": build.report([national[2019], national[2025]], lang, two_years=True),
        "markdown": build.report([PROFILES / "gunsan.yaml"], lang, fmt="markdown"),
        # the same region's Markdown as `assess` prints it, every rule and step with it
        "assess-markdown": assess(PROFILES / "gunsan.yaml", lang, "--explain"),
        "assess-markdown-evidence": assess(national[2022] / "45130-gunsan-2022.yaml", lang,
                                           "--explain"),
        "two-national-markdown": build.report([national[2019], national[2025]], lang,
                                              two_years=True, fmt="markdown"),
    }
    found = {name: foreign_words(page) for name, page in pages.items() if page}
    assert {k: v for k, v in found.items() if v} == {}


def _labelled_texts() -> list[tuple[str, str, dict[str, str]]]:
    """(file, field, {language: text}) of every labelled text of every data file: the
    catalogue and labels, and the framework's indicator labels, sources and notes (the
    annex of a region's report shows them in the language; issue 18)."""
    return [(path.name, field, given) for path in languages.labelled_files()
            for field, _, given in languages.labelled(path)]


@pytest.mark.parametrize("lang", NOT_LATIN)
def test_every_korean_and_japanese_text_of_the_data_keeps_to_the_allow_list(lang):
    """Any labelled text can appear in a report: none may bring English."""
    foreign = Counter()
    for file, field, given in _labelled_texts():
        text = given.get(lang) or ""
        foreign.update(f"{file}:{field}: {w}" for w in LATIN.findall(PLACEHOLDER.sub("", text))
                       if w not in allowed())
    assert foreign == Counter()


def test_every_indicator_says_its_source_and_note_in_every_language():
    """The annex of a region's report gives each indicator's source and what it can
    stand for in the reader's language (issue 18): none is left in English alone."""
    from regionlab.policy.framework import load_framework

    every = set(languages.ids())
    untold = [f"{actor}.{name}" for actor, indicators in load_framework().indicators.items()
              for name, ind in indicators.items()
              if set(ind.source_in) != every or (ind.note and set(ind.note_in) != every)]
    assert untold == []


def test_the_allow_list_holds_only_words_that_are_used():
    """A word nobody shows any more leaves the list (it would hide a regression)."""
    cat = load_catalogue()
    every = yaml.safe_dump([cat.data, cat.labels, *(given for _, _, given in _labelled_texts())],
                           allow_unicode=True)
    assert [w for w in allowed() if w not in every] == []


@pytest.mark.parametrize("module", MODULES)
def test_every_label_the_report_modules_use_exists_in_every_language(module):
    cat = load_catalogue()
    keys = set(CALL.findall((SRC / "report" / module).read_text(encoding="utf-8")))
    missing = {k for k in keys if not all((cat.labels.get(k) or {}).get(lang, "").strip()
                                          for lang in languages.ids())}
    assert missing == set()


def test_the_province_is_named_in_the_reader_language():
    rows = run_batch([PROFILES]).rows
    cat = load_catalogue()
    gunsan = next(r for r in rows if r["region_code"] == "45130")
    assert {lang: overview.table_row(gunsan, cat, lang)["province"] for lang in
            ("en", "ko", "ja")} == {"en": "Jeollabuk-do", "ko": "전라북도", "ja": "全羅北道"}


def test_a_japanese_workbook_lists_titles_with_the_japanese_comma(tmp_path):
    """Issue 18, item 7: the reader's sheet of a Japanese workbook joins the titles of a
    cell (cases, strategies) with 、, not a half-width ', '."""
    from openpyxl import load_workbook

    from regionlab.output.excel import write_xlsx

    write_xlsx(run_batch([PROFILES]), tmp_path / "r.xlsx", lang="ja")
    sheet = load_workbook(tmp_path / "r.xlsx").worksheets[2]
    cells = [c for row in sheet.iter_rows(min_row=2, values_only=True) for c in row
             if isinstance(c, str)]
    assert any("、" in c for c in cells)
    assert not any(", " in c for c in cells)
