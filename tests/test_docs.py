"""The documentation tells the truth about the tool."""

from __future__ import annotations

import re

from conftest import ROOT

from regionlab.cli import app
from regionlab.policy.framework import load_framework

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_outputs_are_the_real_outputs(monkeypatch):
    """Every `$ regionlab ...` block in the README shows what the command prints
    (refresh them with scripts/readme_outputs.py)."""
    import sys

    monkeypatch.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "scripts"))
    from readme_outputs import BLOCK, refresh

    assert len(BLOCK.findall(README)) >= 2
    assert refresh(README) == README


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    test_command = ci[-1]
    assert f"```sh\n{test_command}\n```" in README


def test_readme_setup_runs_the_bundled_example():
    assert "pip install . && regionlab assess profiles/gunsan.yaml" in README


def test_every_command_is_documented():
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"`regionlab {name} " in README, name


def test_every_framework_name_is_in_the_format_docs():
    doc = (ROOT / "docs" / "profile-format.md").read_text(encoding="utf-8")
    fw = load_framework()
    names = [n for actor in fw.indicators.values() for n in actor] + list(fw.context)
    names += list(fw.designations)
    missing = [n for n in names if f"`{n}`" not in doc]
    assert not missing, f"document these in docs/profile-format.md: {missing}"


# -- honest sources (docs/reading.md, "How sources are cited") -----------------
_SECTION = r"(?:1\.[12]|2\.[123])(?:–(?:1\.[12]|2\.[123]))?(?: \([^()]*\))?"
_SECTIONS = rf"{_SECTION}(?:, {_SECTION})*"


def source_kind(source: str) -> str:
    """'words', 'reading', 'regionlab' or 'other'; AssertionError for a source
    that takes none of the forms docs/reading.md lists."""
    if source == "regionlab":
        return "regionlab"
    if "regionlab's reading" in source:
        assert (re.search(rf"regionlab's reading of KRILA 2019, {_SECTIONS}$", source)
                or re.fullmatch(rf"KRILA 2019, {_SECTIONS}; fits: regionlab's reading",
                                source)), source
        return "reading"
    if "KRILA" in source:
        assert re.fullmatch(rf"KRILA 2019, {_SECTIONS}", source), source
        return "words"
    assert "regionlab" not in source and not re.match(r"[\d.]", source), source
    return "other"


def _catalogue_sources():
    from regionlab.policy.catalogue import SECTIONS, load_catalogue

    data = load_catalogue().data
    return {(section, id_): entry.get("source")
            for section in SECTIONS for id_, entry in data[section].items()}


def test_every_rule_says_whether_it_follows_the_presentation_or_reads_it():
    from regionlab.rules.rulebook import load_rulebook

    kinds = {rule.id: source_kind(rule.source) for rule in load_rulebook().rules}
    assert kinds["strategies-government"] == "words"
    assert kinds["domain-government"] == kinds["grade-advanced"] == "reading"
    reading = (ROOT / "docs" / "reading.md").read_text(encoding="utf-8")
    undocumented = [id_ for id_, kind in kinds.items()
                    if kind == "reading" and f"`{id_}`" not in reading]
    assert not undocumented, f"explain these rules in docs/reading.md: {undocumented}"


def test_every_catalogue_entry_has_an_honest_source():
    sources = _catalogue_sources()
    assert [key for key, source in sources.items() if not source] == []
    kinds = {key: source_kind(source) for key, source in sources.items()}
    assert kinds[("funding", "own")] == "regionlab"  # the presentation names contests only
    assert kinds[("funding", "central_contest")] == "words"
    reading = (ROOT / "docs" / "reading.md").read_text(encoding="utf-8")
    undocumented = [id_ for (_, id_), kind in kinds.items()
                    if kind == "reading" and f"`{id_}`" not in reading]
    assert not undocumented, f"explain these entries in docs/reading.md: {undocumented}"


def test_manage_disparities_is_within_the_region_as_the_source_says():
    from regionlab.policy.catalogue import load_catalogue

    cat = load_catalogue()
    assert cat.text("strategies", "manage-disparities", "description", "ko").count("지역내") >= 2
    assert "within the region" in cat.text("strategies", "manage-disparities", "description")
