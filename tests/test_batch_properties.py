"""`batch` given random mixes of good, bad, duplicate, missing and looping paths
(issue 10): every good row written once, every problem listed, the old output left
alone when nothing was assessed, never a traceback, the exit status as documented
(0 with no problem, else 1)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import profile_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from regionlab.cli import app

KINDS = ("good", "bad", "duplicate", "missing", "loop", "again")
OLD = '{"results": [], "note": "yesterday\'s output"}\n'
runner = CliRunner()


class Tree:
    """The files of one drawn mix, and what a batch of them must report."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.good: dict[str, str] = {}  # code -> the file that keeps it
        self.expected: dict[str, str] = {}  # name or path -> the problem code for it
        self.paths: list[Path] = []  # given one by one

    def add(self, i: int, kind: str) -> None:
        name = f"p{i:02d}.yaml"
        path = self.folder / name
        if kind == "duplicate" and self.good:  # a later name: the earlier one is kept
            self._profile(path, next(iter(self.good)))
            self.expected[name] = "duplicate-region"
        elif kind in ("good", "duplicate"):
            code = f"{i:05d}"
            self._profile(path, code)
            self.good[code] = name
        elif kind == "bad":
            path.write_text("actors: [", encoding="utf-8")
            self.expected[name] = "yaml-syntax"
        elif kind == "missing":
            path = self.folder / "gone" / name
            self.expected[str(path)] = "no-such-file"
        elif kind == "loop":
            path.symlink_to(name)
            self.expected[name] = "link-loop"
        elif kind == "again":  # a path given twice counts once
            if not self.paths:
                return
            path = self.paths[0]
        self.paths.append(path)

    def _profile(self, path: Path, code: str) -> None:
        data = profile_data()
        data["region"]["code"] = code
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(KINDS), max_size=8), st.booleans())
def test_batch_of_any_mix_keeps_its_promises(kinds, as_folder):
    with tempfile.TemporaryDirectory() as where:
        tree = Tree(Path(where) / "in")
        tree.folder.mkdir()
        for i, kind in enumerate(kinds):
            tree.add(i, kind)
        missing = [p for p in tree.paths if not p.parent.exists()]
        paths = [tree.folder, *missing, *tree.paths[:1]] if as_folder else tree.paths
        if not paths:
            paths = [tree.folder]
        out = Path(where) / "out.json"
        out.write_text(OLD, encoding="utf-8")
        r = runner.invoke(app, ["batch", *map(str, paths), "-o", str(out), "--no-stability"])
        _check(r, tree, out)


def _check(r, tree: Tree, out: Path) -> None:
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.output + r.stderr
    for name, code in tree.expected.items():  # every problem listed, with its code
        assert any(name in line and f"[{code}]" in line for line in r.stderr.splitlines()), \
            (name, code, r.stderr)
    if tree.good:  # every good row written once, from the file that keeps it
        rows = json.loads(out.read_text(encoding="utf-8"))["results"]
        assert sorted(r["region_code"] for r in rows) == sorted(tree.good)
        assert {r["region_code"]: Path(r["file"]).name for r in rows} == tree.good
    else:  # nothing assessed: yesterday's output stays
        assert out.read_text(encoding="utf-8") == OLD
        assert "nothing assessed" in r.stderr
    assert r.exit_code == (1 if tree.expected or not tree.good else 0), r.stderr
