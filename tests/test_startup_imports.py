"""What `regionlab assess` may not import (issue 20, item 1): the libraries of other
commands cost start-up time every run pays. A deny-list, not a timing: the test fails
when a change brings one of them onto the path of `assess`, whether the profile is
rated or written by `init` with evidence (which takes the method alternatives in)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

# libraries of other commands: tables (pandas, numpy), workbooks (openpyxl), reports
# (jinja2, matplotlib, uharfbuzz, fontTools, markupsafe), rating sheets (ruamel,
# krippendorff); pydantic-core only words what is wrong with a file (base/schema.py):
# a profile that is fine never needs it
DENIED = ("pandas", "numpy", "openpyxl", "jinja2", "matplotlib", "uharfbuzz", "fontTools",
          "markupsafe", "ruamel", "krippendorff", "pydantic", "pydantic_core")

CODE = """
import sys
from regionlab.cli import app
try:
    app(['assess', sys.argv[1], *sys.argv[2:]])
except SystemExit as e:
    assert e.code in (0, None), e.code
print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))
"""


def _imported(*args: str, code: str = CODE) -> set[str]:
    """What running `code` (by default `regionlab assess`) with `args` imported."""
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return set(r.stdout.split("\n")[-2].split())


def test_assess_imports_nothing_on_the_deny_list(tmp_path):
    from regionlab.korea import reference
    from regionlab.nation.init_profiles import template

    evidence = tmp_path / "gunsan-2022.yaml"
    evidence.write_text(template(reference.by_code("45130"), 2022), encoding="utf-8")
    # the first run after an install (or a change of a data file) checks the shipped
    # data files and caches them, pydantic and all; what every later run imports is
    # what counts. Warmed here, not left to whichever tests ran before in this process
    # (the languages' entry was cold after tests/test_batch.py only, say).
    _imported(str(evidence), "--format", "markdown")
    for args in ((str(ROOT / "profiles" / "gunsan.yaml"),),
                 (str(ROOT / "profiles" / "gunsan.yaml"), "--format", "json"),
                 (str(evidence),), (str(evidence), "--format", "markdown")):
        found = _imported(*args) & set(DENIED)
        assert not found, (args, sorted(found))


INIT = CODE.replace("app(['assess', sys.argv[1], *sys.argv[2:]])", "app(sys.argv[1:])")
# every module by its whole name, not only the package it comes from
WHOLE = INIT.replace("m.split('.')[0] for m in sys.modules", "m for m in sys.modules")


def test_init_all_imports_neither_the_deny_list_nor_the_engine(tmp_path):
    """`init --all` writes text by hand: it needs no pydantic-core (its rating scale's
    schema once imported it for a type annotation, a sixth of the command's time). And
    it assesses nothing: the engine and the rules (which `assess` and `explain` need,
    and once came in with the choices of their --format option) are not loaded (about
    20 ms of the command's start-up)."""
    for folder in ("warm", "kr"):  # the first run may check and cache the data files
        loaded = _imported("init", "--all", "--year", "2022", str(tmp_path / folder),
                           code=WHOLE)
    found = {m.split(".")[0] for m in loaded} & set(DENIED)
    assert not found, sorted(found)
    # its data come from the disk cache once checked: PyYAML (13 ms to import) is left
    # to a run that parses a file (base/yamlio.py)
    assert "yaml" not in loaded and "regionlab.base.yamlparse" not in loaded
    assert "regionlab.nation.init_profiles" in loaded
    engine = [m for m in loaded if m.startswith(("regionlab.engine", "regionlab.rules",
                                                 "regionlab.trust"))]
    assert not engine, engine


def test_a_report_of_a_results_table_parses_no_yaml_once_the_data_are_cached(
        tmp_path, monkeypatch):
    """A report of a batch's table reads CSV, and the data files from the disk cache:
    PyYAML, imported on a run's first parse, stays out (13 ms of every such report).
    A cache folder of its own: in the suite's shared one other tests' entries may push
    this one's out (at most 32 a kind)."""
    monkeypatch.setenv("REGIONLAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REGIONLAB_CACHE", raising=False)
    folder, table = tmp_path / "kr", tmp_path / "b.csv"
    _imported("init", "--all", "--year", "2022", str(folder), code=INIT)
    _imported("batch", str(folder), "-o", str(table), code=INIT)
    for name in ("first.html", "again.html"):  # the first may check the data files
        loaded = _imported("report", str(table), "-o", str(tmp_path / name), code=WHOLE)
    assert (tmp_path / "again.html").stat().st_size > 100_000
    assert "regionlab.report.build" in loaded
    assert "yaml" not in loaded and "regionlab.base.yamlparse" not in loaded
