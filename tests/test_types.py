"""Typed records: a batch row has exactly the keys its TypedDict declares, in the
order of the result files' columns; and `mypy src` finds no error."""

from __future__ import annotations

from pathlib import Path
from typing import get_type_hints

from conftest import PROFILES

from regionlab.nation.batch import run_batch
from regionlab.output import results
from regionlab.output.rows import COLUMNS, FIGURES, BatchRow, Sides

ROOT = Path(__file__).resolve().parents[1]


def test_batch_row_declares_every_column_it_works_out_in_order():
    # the others carry figures, filled from their declaration (data/columns.yaml)
    assert tuple(BatchRow.__annotations__) == tuple(c for c in COLUMNS if c not in FIGURES)
    assert BatchRow.__total__ and BatchRow.__required_keys__ == frozenset(
        BatchRow.__annotations__)
    assert Sides.__required_keys__ <= BatchRow.__required_keys__
    get_type_hints(BatchRow)  # every annotation names a real type


def test_rows_made_and_rows_read_back_have_the_declared_keys(tmp_path):
    made = run_batch([PROFILES]).rows
    assert made and all(tuple(r) == COLUMNS for r in made)
    for suffix in (".csv", ".json", ".jsonl", ".xlsx"):
        out = tmp_path / f"r{suffix}"
        results.write(run_batch([PROFILES]), out)
        assert all(tuple(r) == COLUMNS for r in results.read(out)), suffix


def test_mypy_finds_no_error_in_src(tmp_path):
    """The type checker is part of the suite (issue 12): `mypy src` as configured in
    pyproject.toml, with a cache of its own so a stale one cannot hide an error."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "mypy", "src", "--cache-dir",
                             str(tmp_path / "mypy-cache")], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_engine_rules_and_profile_are_held_to_strict_typing():
    """Issue 17, item 8: the engine, the rules and the profile (every module of each) are
    checked with mypy's strict flags (the run above applies them); they stay
    declared in pyproject.toml."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    strict = next(o for o in config["tool"]["mypy"]["overrides"]
                  if "regionlab.engine.*" in o["module"])
    assert {"regionlab.engine.*", "regionlab.rules.*", "regionlab.profile.*"} <= set(
        strict["module"])
    assert all(strict.get(flag) for flag in (
        "disallow_untyped_defs", "disallow_incomplete_defs", "disallow_any_generics",
        "disallow_untyped_calls", "warn_return_any"))


def test_a_row_sets_every_column(monkeypatch):
    """`batch.row` fills a blank row (rows.blank_row): a column it forgot would stay
    blank, and show as empty in every output, without this test."""
    from regionlab.nation.batch import row
    from regionlab.output import rows
    from regionlab.trust.engine import Engine

    unset = object()
    monkeypatch.setattr(rows, "_BLANK", dict.fromkeys(COLUMNS, unset))
    engine = Engine()
    for path in sorted(PROFILES.glob("*.yaml")):
        made = row(engine.assess_file(path, trace=False), engine.framework)
        assert [c for c, v in made.items() if v is unset] == [], path
