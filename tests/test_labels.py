"""Every interface label that the renderers and reports use exists in English, Korean
and Japanese, and every catalogue entry has its title in all three: a report in any
language never falls back to a label's key or to another language."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from regionlab.nation import diff
from regionlab.policy.catalogue import SECTIONS, load_catalogue
from regionlab.policy.languages import ids
from regionlab.report import pages

SRC = ROOT / "src" / "regionlab"
LANGS = ids()  # every language of data/languages.yaml
SOURCES = ("output/terminal.py", "nation/diff_view.py", "output/excel.py", "report/pages.py",
           "report/maps.py", "report/markdown.py", "output/markdown.py", "output/region_rows.py",
           "output/wording.py")
TEMPLATES = sorted((SRC / "report" / "templates").glob("*.j2"))
# label("key"), cat.label('key', lang), L("key"), L('key'): keys spelt out in the code
CALL = re.compile(r"""\b(?:label|L)\(\s*["']([a-z0-9_]+)["']""")


def _catalogue():
    return load_catalogue()


def spelt_out_keys() -> dict[str, set[str]]:
    found = {name: set(CALL.findall((SRC / name).read_text(encoding="utf-8")))
             for name in SOURCES}
    found.update({f"report/templates/{t.name}": set(CALL.findall(t.read_text(encoding="utf-8")))
                  for t in TEMPLATES})
    return found


def computed_keys(cat) -> set[str]:
    """Keys the code builds from data rather than spells out."""
    severities = {e.get("severity") for e in cat.data["flags"].values()} - {None}
    return ({f"severity_{s}" for s in severities}
            | set(pages.SUMMARY_COUNTS) | set(pages.SUMMARY_LISTS)
            | {"changed", "unchanged", "only_old", "only_new"}  # diff statuses
            | set(pages.CONTEXT_FIGURES) | set(diff.SETS)
            | {"rating", "indicators", "none"}  # parts of ActorScore.basis
            | {"near_above", "near_below"}  # stability.Near.side
            | {f"driver_{k}" for k in ("rule", "rose", "fell", "added", "missing")})  # diff


def test_the_scan_finds_the_labels():
    found = spelt_out_keys()
    assert all(found.values()), [name for name, keys in found.items() if not keys]
    assert {"capacities", "reasons", "why_it_fits", "map", "moves"} <= set().union(*found.values())


@pytest.mark.parametrize("where", [*SOURCES, *(f"report/templates/{t.name}" for t in TEMPLATES)])
def test_every_label_used_exists_in_every_language(where):
    cat = _catalogue()
    keys = spelt_out_keys()[where] | (computed_keys(cat) if where == "report/pages.py" else set())
    missing = {key: [lang for lang in LANGS if not (cat.labels.get(key) or {}).get(lang, "")
                     .strip()] for key in sorted(keys)}
    assert {k: v for k, v in missing.items() if v} == {}


@pytest.mark.parametrize("section", SECTIONS)
def test_every_catalogue_entry_has_a_title_in_every_language(section):
    cat = _catalogue()
    entries = cat.data[section]
    assert entries, f"{section} is empty"
    for id_, entry in entries.items():
        for field in ("title", "description", "place", "fits"):
            text = entry.get(field)
            if field == "title" or text is not None:
                assert all((text or {}).get(lang, "").strip() for lang in LANGS), (id_, field)


def test_every_shipped_rule_gives_its_rationale_in_every_language():
    from regionlab.rules.rulebook import load_rulebook

    rules = load_rulebook(None).rules
    for rule in rules:
        texts = {"en": rule.rationale, **dict(rule.translations)}
        assert all(texts.get(lang, "").strip() for lang in LANGS), rule.id
    assert rules[0].rationale_in("ko") != rules[0].rationale_in("en")
