"""`batch` given random mixes of good, bad, duplicate, missing and looping paths
(issue 10), hidden files, YAML 1.1 numbers and several years of a region (issue 19):
every good row written once, every problem listed, the old output left alone when
nothing was assessed, never a traceback, the exit status as documented (0 with no
problem, else 1); and `diff` of the folder, or of the result file, against itself
refuses exactly the regions it holds in several years, and keeps codes abroad that
Korea's code history joins apart."""

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

KINDS = ("good", "bad", "duplicate", "missing", "loop", "again", "hidden", "octal",
         "second-year", "twins-abroad")
# two codes that Korea's code history makes one territory (Gwangsan-gu, 12330 -> 29200);
# abroad they are two regions
TWINS = ("29200", "12330")
OLD = '{"results": [], "note": "yesterday\'s output"}\n'
runner = CliRunner()


class Tree:
    """The files of one drawn mix, and what a batch of them must report."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.good: dict[tuple[str, int], str] = {}  # (code, year) -> the file that keeps it
        self.expected: dict[str, str] = {}  # name or path -> the problem code for it
        self.paths: list[Path] = []  # given one by one

    def add(self, i: int, kind: str) -> None:
        name = f"p{i:02d}.yaml"
        path = self.folder / name
        if kind == "duplicate" and self.good:  # a later name: the earlier one is kept
            self._profile(path, *next(iter(self.good)))
            self.expected[name] = "duplicate-region"
        elif kind == "second-year" and self.good:  # another year of a region: a row too
            code, year = next(iter(self.good))
            year = max(y for c, y in self.good if c == code) + 1
            self._profile(path, code, year)
            self.good[code, year] = name
        elif kind in ("good", "duplicate", "second-year"):
            code = f"{i:05d}"
            self._profile(path, code)
            self.good[code, 2019] = name
        elif kind == "twins-abroad":  # both rows kept, never one duplicate-region
            if (TWINS[0], 2019) in self.good:
                return
            for n, code in enumerate(TWINS):
                twin = self.folder / f"p{i:02d}{'ab'[n]}.yaml"
                self._profile(twin, code)
                self.good[code, 2019] = twin.name
                self.paths.append(twin)
            return
        elif kind == "hidden":  # skipped in a folder; never named: only found there
            self._profile(self.folder / f".{name}", f"{i:05d}")
            (self.folder / f"._{name}").write_bytes(b"\x00\x05\x16\x07\x00\x02Mac OS X")
            return
        elif kind == "octal":  # YAML 1.1 would read 0261000 as 90624
            self._profile(path, f"{i:05d}")
            path.write_text(path.read_text(encoding="utf-8") + "context: {population: 0261000}\n",
                            encoding="utf-8")
            self.expected[name] = "yaml-1-1-number"
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

    def _profile(self, path: Path, code: str, year: int = 2019) -> None:
        data = profile_data(year=year)
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
        if tree.good:  # the result file against itself: regions as in the profiles
            _check_diff(tree, out)
        if as_folder and tree.good:
            _check_diff(tree, tree.folder)


def _check_diff(tree: Tree, side: Path) -> None:
    """`diff` of a side (the folder, or the result file) against itself."""
    r = runner.invoke(app, ["diff", str(side), str(side), "--format", "json"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    codes = [c for c, _ in tree.good]
    several = {c for c in codes if codes.count(c) > 1}
    refused = {line.split("region ")[1].split(" ")[0] for line in r.stderr.splitlines()
               if "[several-years]" in line}
    assert refused == several, r.stderr
    compared = {x["code_new"] for x in json.loads(r.stdout)["regions"]}
    assert compared == set(codes) - several


def _check(r, tree: Tree, out: Path) -> None:
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.output + r.stderr
    for name, code in tree.expected.items():  # every problem listed, with its code
        assert any(name in line and f"[{code}]" in line for line in r.stderr.splitlines()), \
            (name, code, r.stderr)
    if tree.good:  # every good row written once, from the file that keeps it
        rows = json.loads(out.read_text(encoding="utf-8"))["results"]
        assert sorted((r["region_code"], r["year"]) for r in rows) == sorted(tree.good)
        assert {(r["region_code"], r["year"]): Path(r["file"]).name for r in rows} == tree.good
    else:  # nothing assessed: yesterday's output stays
        assert out.read_text(encoding="utf-8") == OLD
        assert "nothing assessed" in r.stderr
    assert r.exit_code == (1 if tree.expected or not tree.good else 0), r.stderr
