"""One declaration per batch column (issue 17, item 3): data/columns.yaml declares each
column's kind, formats and labels; BatchRow's types agree with it, every column reads
back from every format with its declared type (ten columns once came back as text from
CSV, JSON and XLSX), and a new indicator's column is data only."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import get_type_hints

import pytest

from regionlab.nation.batch import run_batch
from regionlab.output.results import read, write
from regionlab.output.rows import COLUMNS, FIGURES, KINDS, LABELS, BatchRow

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


def _kind(annotation) -> str:
    text = str(annotation)
    if text.startswith("tuple"):
        return "list"
    if annotation is int or text in ("int | None", "typing.Optional[int]"):
        return "integer"
    if annotation is float or text in ("float | None", "typing.Optional[float]"):
        return "number"
    return "text"


def test_every_column_is_declared_once_with_its_kind_and_labels():
    assert set(KINDS) == set(COLUMNS) == set(LABELS)
    assert KINDS["residents_evidence"] == "number" and KINDS["oldest_figure"] == "integer"
    # what the batch works out is typed by BatchRow as declared; the rest carry figures
    hints = get_type_hints(BatchRow)
    assert {c: _kind(t) for c, t in hints.items()} == {c: KINDS[c] for c in hints}
    assert [c for c in COLUMNS if c not in hints] == list(FIGURES)
    assert all(len(set(label.values())) == len(label) for label in LABELS.values())


def test_the_readable_sheet_is_titled_by_the_declared_labels(rows, tmp_path):
    from openpyxl import load_workbook

    from regionlab.output.excel import write_xlsx

    path = tmp_path / "r.xlsx"
    write_xlsx(rows, path, lang="ko")
    header = [c.value for c in next(load_workbook(path).worksheets[2].iter_rows())]
    for column in ("region_code", "year", "residents", "stability", "domain", "grade"):
        assert LABELS[column]["ko"] in header, column


SOURCE = Path(__file__).resolve().parents[1] / "src" / "regionlab"


def _copy_of_the_package(tmp_path: Path) -> Path:
    copy = tmp_path / "pkg" / "regionlab"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _batch(copy: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(copy.parent), "REGIONLAB_CACHE": "0"}
    return subprocess.run([sys.executable, "-m", "regionlab", "batch", *args], env=env,
                          capture_output=True, text=True, cwd=copy.parent)


def test_a_column_of_a_figure_the_framework_lacks_is_named_not_a_traceback(tmp_path):
    from regionlab.errors import InputError
    from regionlab.output.rows import load_columns

    text = (SOURCE / "data" / "columns.yaml").read_text(encoding="utf-8")
    bad = text.replace("figure: extinction_index", "figure: extinction_indx")
    path = tmp_path / "columns.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_columns(path)
    (problem,) = e.value.problems
    line = bad.splitlines().index("    figure: extinction_indx") + 1
    assert (problem.line, problem.field, problem.code) == (
        line, "columns.extinction_index.figure", "invalid-value")
    assert "did you mean 'extinction_index'" in problem.message
    # shipped so, `regionlab batch` says it and exits 1 (it is read as its module loads)
    copy = _copy_of_the_package(tmp_path)
    (copy / "data" / "columns.yaml").write_text(bad, encoding="utf-8")
    done = _batch(copy, str(tmp_path / "none.yaml"))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"columns.yaml:{line}: columns.extinction_index.figure:" in done.stderr


def test_a_new_indicator_and_its_column_are_data_only(tmp_path):
    """The maintainer's change of issue 17 made again: a residents' indicator added to
    the framework and given a batch column, in a copy of the package with its data
    files edited and not one line of Python changed."""
    source = SOURCE
    copy = _copy_of_the_package(tmp_path)
    framework = copy / "data" / "framework.yaml"
    text = framework.read_text(encoding="utf-8")
    anchor = "  residents:\n    indicators:\n"
    assert anchor in text
    framework.write_text(text.replace(anchor, anchor + """      volunteers_per_1000:
        label: {en: "Volunteers per 1,000 residents", ko: "주민 1,000명당 자원봉사자", ja: "住民1,000人当たりのボランティア"}
        unit: persons
        min: 0
        max: 100
        valid: [0, 1000]
        direction: up
        weight: 1
        source: "analyst-supplied: the volunteer centre's register"
        goalposts: illustrative
        note: "Registered volunteers, not hours given."
""", 1), encoding="utf-8")
    with (copy / "data" / "columns.yaml").open("a", encoding="utf-8") as f:
        f.write("""  residents_volunteers:
    kind: number
    excel: "0.0"
    figure: residents.volunteers_per_1000
    label: {en: "Volunteers per 1,000", ko: "1,000명당 자원봉사자", ja: "1,000人当たりのボランティア"}
""")
    profile = tmp_path / "p.yaml"
    gunsan = (Path(__file__).resolve().parents[1] / "profiles" / "gunsan.yaml")
    text = gunsan.read_text(encoding="utf-8")
    assert "  residents:\n    rating: 2\n" in text
    profile.write_text(text.replace("  residents:\n    rating: 2\n", "  residents:\n    rating: 2\n"
                                    "    indicators: {volunteers_per_1000: 42.5}\n", 1),
                       encoding="utf-8")
    for suffix in (".csv", ".json"):
        done = _batch(copy, str(profile), "-o", str(tmp_path / f"out{suffix}"))
        assert done.returncode == 0, done.stderr
    header, row = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert header.split(",")[-1] == "residents_volunteers" and row.endswith(",42.5")
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["results"][0][
        "residents_volunteers"] == 42.5

    def code(root: Path) -> dict[str, str]:
        return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*.py"))}

    assert code(copy) == code(source)  # no Python file of the copy was changed


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
