"""One region in Markdown is one text (issue 17, item 5): `regionlab assess --format
markdown` and `regionlab report X.yaml -o x.md` say every section they share in the same
words, in every language; the report adds where the region stands among all
municipalities and its peers, `assess --explain` what it would take and every rule."""

from __future__ import annotations

import re

import pytest
from conftest import PROFILES
from typer.testing import CliRunner

from regionlab.cli import app
from regionlab.korea import reference
from regionlab.nation.init_profiles import template
from regionlab.output.wording import aside
from regionlab.policy.catalogue import load_catalogue
from regionlab.trust.engine import Engine

runner = CliRunner()
GUNSAN = PROFILES / "gunsan.yaml"  # rated, 2019
LANGS = ("en", "ko", "ja")


@pytest.fixture(scope="module")
def with_evidence(tmp_path_factory):
    """Gunsan in 2022 as `init` writes it: official figures, no ratings."""
    path = tmp_path_factory.mktemp("evidence") / "gunsan-2022.yaml"
    path.write_text(template(reference.by_code("45130"), 2022), encoding="utf-8")
    return path


def assess(path, lang: str, *more: str) -> str:
    r = runner.invoke(app, ["assess", str(path), "--format", "markdown", "--lang", lang, *more])
    assert r.exit_code == 0, r.output
    return r.stdout


def report(path, lang: str, out) -> str:
    r = runner.invoke(app, ["report", str(path), "-o", str(out), "--lang", lang])
    assert r.exit_code == 0, r.output
    return out.read_text(encoding="utf-8")


def sections(markdown: str) -> dict[str, str]:
    """The text under each `## ` heading, up to the next (the title and what follows
    it, before the first heading, under "")."""
    parts = re.split(r"^(## .*)$", markdown, flags=re.M)
    found = {"": parts[0]}
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        assert heading not in found, heading  # a heading said twice would hide one
        found[heading] = body
    return found


def heading(key: str, lang: str) -> str:
    return f"## {load_catalogue().label(key, lang)}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("which", ["rated", "evidence"])
def test_assess_and_report_say_each_section_they_share_alike(lang, which, with_evidence,
                                                             tmp_path):
    path = GUNSAN if which == "rated" else with_evidence
    mine, theirs = sections(assess(path, lang)), sections(report(path, lang, tmp_path / "x.md"))
    assert {h: theirs.get(h) for h in mine} == mine
    assert set(theirs) - set(mine) == {heading("nation", lang), heading("peers", lang)}
    # what both show: the title with the province, the capacities, the verdict, the reasons
    assert mine[""].splitlines()[2] == "45130 · " + load_catalogue().label("sido_45000", lang)
    for key in ("capacities", "cases", "strategies", "flags", "reasons"):
        assert heading(key, lang) in mine, key
    assert (heading("evidence", lang) in mine) == (which == "evidence")
    # the nation's standing: a row per actor with its rank
    standing = theirs[heading("nation", lang)]
    assert len(re.findall(r"^\| .+ \| \d+\.\d \| .+ \| \d+ \|", standing, flags=re.M)) == 4


@pytest.mark.parametrize("lang", LANGS)
def test_the_evidence_is_shown_with_its_year_and_agency_in_both(lang, with_evidence, tmp_path):
    cat = load_catalogue()
    mine = sections(assess(with_evidence, lang))[heading("evidence", lang)]
    for label in ("value", "figure_year", "agency", "score"):
        assert f"| {cat.label(label, lang)} |" in mine, label
    assert cat.label("agency_nec", lang) in mine  # the turnout's agency, in the language
    carried = aside(cat.label("carried_back", lang), lang)  # '(carried back)', '（…）' in ja
    assert f"| 2023{carried} |" in mine  # the fiscal figure of 2023 stands for 2022
    counted = [line.split(" | ")[-1] for line in mine.splitlines()[4:]]
    assert counted and cat.label("not_counted", lang) + " |" in counted


@pytest.mark.parametrize("lang", LANGS)
def test_explain_adds_what_it_takes_and_every_rule_considered(lang, tmp_path):
    plain, explained = sections(assess(GUNSAN, lang)), sections(assess(GUNSAN, lang, "--explain"))
    reasons = heading("reasons", lang)
    assert set(explained) - set(plain) == {heading("what_it_takes", lang)}
    assert {h: b for h, b in explained.items() if h in plain and h != reasons} == \
        {h: b for h, b in plain.items() if h != reasons}
    rows = [r for r in explained[reasons].splitlines() if r.startswith("| ") and "`" in r]
    assert len(rows) == len(Engine().assess_file(GUNSAN).evaluations)
    assert sum(r.count("→ ✔") for r in rows) == plain[reasons].count("`") // 2


def test_a_region_the_nation_does_not_hold_says_so_in_the_report(tmp_path, write_profile):
    """A region outside Korea: the report's standing and peers sections say why they are
    empty; every other section is the assessment's."""
    import yaml

    data = yaml.safe_load(GUNSAN.read_text(encoding="utf-8"))
    data["region"] = {"code": "99999", "name": "Testville", "country": "XX"}
    path = write_profile(data)
    cat = load_catalogue()
    mine, theirs = sections(assess(path, "en")), sections(report(path, "en", tmp_path / "x.md"))
    assert {h: theirs.get(h) for h in mine} == mine
    assert theirs[heading("nation", "en")].strip() == f"_{cat.label('nation_none', 'en')}_"
    assert theirs[heading("peers", "en")].strip() == cat.label("peers_none", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_the_html_page_words_each_basis_as_the_terminal_and_markdown_do(tmp_path, lang):
    """A rating and evidence side by side read "Rating 50, Evidence 29" everywhere; the
    HTML page said "Rating 50 + Indicators 29", read as a sum."""
    import html as html_module

    from regionlab.output.terminal import basis_text

    rated = tmp_path / "gunsan-2022.yaml"
    rated.write_text(template(reference.by_code("45130"), 2022)
                     .replace("rating: null", "rating: 3   "), encoding="utf-8")
    a = Engine().assess_file(rated)
    cat = load_catalogue()
    page = html_module.unescape(report(rated, lang, tmp_path / "r.html"))
    markdown = assess(rated, lang)
    for actor in ("municipality", "business_finance", "universities"):
        said = basis_text(a.scores[actor], lambda key: cat.label(key, lang))
        assert cat.label("evidence", lang) in said
        assert said in page and said in markdown, said
