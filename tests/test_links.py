"""The repository stands alone: the README, the docs, the data files and the example
profiles refer to nothing outside it — not to a folder beside the checkout
(`../shared`), nor to the documents a workspace may keep there (DOMAIN.md,
PROFILE-FORMAT.md, STYLE.md, the presentation's text in seed/) — and their relative
links and paths lead to files inside it. What a reader needs is in docs/ (the
framework: docs/framework.md; regionlab's reading of it: docs/reading.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

# documents and folders that live beside a checkout, never in it
OUTSIDE = re.compile(
    r"\b(?:DOMAIN|PROFILE-FORMAT|STYLE)\.md\b"
    r"|(?<![\w./-])seed/"
    r"|(?<![\w-])shared/"
    r"|(?<![\w.])/(?:work|home|tmp|Users)/"
    r"|\bfile://")
RELATIVE = re.compile(r"(?<![\w/])(?:\.\./)+[^\s)\]\"'`,;<>]*")
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")


def documents() -> list[Path]:
    """README.md, docs/*.md, the packaged data files and the example profiles."""
    data = ROOT / "src" / "regionlab" / "data"
    found = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
             *sorted(data.rglob("*.yaml")), *sorted(data.rglob("*.csv")),
             *sorted((ROOT / "profiles").rglob("*.yaml")),
             *sorted((ROOT / "profiles").rglob("*.md"))]
    return [p for p in found if p.is_file()]


def text_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".csv":  # the header's comment lines name sources; rows are data
        return "\n".join(line for line in text.splitlines() if line.startswith("#"))
    return text


def outside_references(path: Path, text: str, root: Path = ROOT) -> list[str]:
    """Each reference in `text` (of the file at `path`) that points outside `root`,
    as 'line N: what'."""
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        found += [f"line {n}: {m.group(0)}" for m in OUTSIDE.finditer(line)]
        for m in RELATIVE.finditer(line):
            target = (path.parent / m.group(0)).resolve()
            if not target.is_relative_to(root.resolve()):
                found.append(f"line {n}: {m.group(0)} (outside the repository)")
    return found


def missing_link_targets(path: Path, text: str, root: Path = ROOT) -> list[str]:
    """Each Markdown link in `text` to a relative path that is not a file or folder
    inside `root`."""
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        for m in MD_LINK.finditer(line):
            link = m.group(1)
            if re.match(r"[a-z][a-z0-9+.-]*:|#", link):  # https:, mailto:, an anchor
                continue
            target = (path.parent / link.split("#")[0]).resolve()
            if not target.is_relative_to(root.resolve()) or not target.exists():
                found.append(f"line {n}: {link}")
    return found


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", documents(), ids=_name)
def test_nothing_points_outside_the_repository(path):
    assert outside_references(path, text_of(path)) == []


@pytest.mark.parametrize("path", [p for p in documents() if p.suffix == ".md"], ids=_name)
def test_relative_links_lead_to_files_in_the_repository(path):
    assert missing_link_targets(path, text_of(path)) == []


def test_the_documents_scanned_include_the_docs_data_and_profiles():
    names = {_name(p) for p in documents()}
    assert {"README.md", "docs/framework.md", "docs/reading.md",
            "src/regionlab/data/rulebook.yaml", "src/regionlab/data/catalogue.yaml",
            "profiles/gunsan.yaml", "profiles/README.md"} <= names


def test_the_checks_find_what_they_look_for(tmp_path):
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "here.md").write_text("x", encoding="utf-8")
    doc = repo / "docs" / "page.md"
    text = ("See ../shared/DOMAIN.md and the seed/ folder.\n"
            "Data in ../../shared/data/raw, or /work/shared/data.\n"
            "Fine: ../README.md, [here](here.md), [web](https://example.org), [a](#b).\n"
            "[gone](gone.md) [up](../../x.md)\n")
    found = outside_references(doc, text, repo)
    assert [f.split(":")[0] for f in found] == ["line 1"] * 3 + ["line 2"] * 4 \
        + ["line 4"]
    assert any("../../shared/data/raw (outside" in f for f in found)
    assert missing_link_targets(doc, text, repo) == ["line 4: gone.md", "line 4: ../../x.md"]
