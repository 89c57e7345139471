"""The README's design map cannot drift from the tree (issue 17, item 8): every module
of src/regionlab/ is named in its folder's row of the Design table, and every file the
table names exists there."""

from __future__ import annotations

import re

from conftest import ROOT

PACKAGE = ROOT / "src" / "regionlab"


def _table() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    design = text[text.index("## Design"):]
    design = design[:design.index("\n## ", 5)]
    rows = {}
    for line in design.splitlines():
        m = re.match(r"^\| `([a-z_]+/|[a-z_]+\.py)` \| (.*) \|$", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def test_every_module_is_on_the_map_and_every_name_on_it_exists():
    rows = _table()
    folders = sorted(p.name + "/" for p in PACKAGE.iterdir()
                     if p.is_dir() and (p / "__init__.py").exists())
    assert sorted(f for f in rows if f.endswith("/")) == folders
    for folder in folders:
        modules = {p.name for p in (PACKAGE / folder).glob("*.py") if p.name != "__init__.py"}
        named = set(re.findall(r"`([a-z_]+\.py)`", rows[folder]))
        assert modules <= named, (folder, sorted(modules - named))
        assert named <= modules, (folder, sorted(named - modules))
