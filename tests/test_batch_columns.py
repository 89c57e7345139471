"""One declaration per batch column (issue 17, item 3): BatchRow's types are the
columns' kinds, and every column reads back from every format with its declared type
(ten columns once came back as text from CSV, JSON and XLSX)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regionlab.nation.batch import run_batch
from regionlab.output.results import read, write
from regionlab.output.rows import COLUMNS, KINDS

PYTHON = {"list": tuple, "number": (float, int), "integer": int, "text": str}


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    from regionlab.korea import reference
    from regionlab.nation.init_profiles import template

    folder = tmp_path_factory.mktemp("profiles")
    for code in ("45130", "41130", "11620"):
        (folder / f"{code}.yaml").write_text(template(reference.by_code(code), 2022),
                                             encoding="utf-8")
    root = Path(__file__).resolve().parents[1] / "profiles"
    return run_batch([folder, root / "gunsan.yaml"])


def test_every_column_has_a_kind():
    assert set(KINDS) == set(COLUMNS)
    assert KINDS["residents_evidence"] == "number" and KINDS["oldest_figure"] == "integer"


@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl", ".xlsx"])
def test_every_column_reads_back_with_its_declared_type(rows, suffix, tmp_path):
    path = tmp_path / f"out{suffix}"
    write(rows, path)
    rows = rows.rows
    back = read(path)
    assert len(back) == len(rows)
    for made, got in zip(rows, back, strict=True):
        for column in COLUMNS:
            value = got[column]
            if value is None:
                assert made[column] in (None, ""), (suffix, column)
                continue
            assert isinstance(value, PYTHON[KINDS[column]]), (suffix, column, value)
            if column != "file":
                assert value == made[column], (suffix, column)
