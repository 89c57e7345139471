"""Batches: every good row written, every bad file listed, same bytes every run,
and output files that are whole or absent."""

from __future__ import annotations

import gc
import json

import pytest
from conftest import PROFILES, profile_data
from typer.testing import CliRunner

from regionlab.cli import app
from regionlab.errors import InputError
from regionlab.nation.batch import run_batch
from regionlab.output import atomic, results
from regionlab.output.rows import CORE

runner = CliRunner()


@pytest.fixture
def folder(tmp_path, write_profile):
    """Three good profiles (written out of order) and two broken ones."""
    for code, year, residents in (("300", 2020, 2), ("100", 2021, 3), ("100", 2019, 4)):
        data = profile_data(residents=residents, year=year)
        data["region"]["code"] = code
        write_profile(data, f"r{code}-{year}.yaml")
    (tmp_path / "broken.yaml").write_text("format: regionlab/profile/v1\nregion: [\n",
                                          encoding="utf-8")
    bad = profile_data()
    bad["actors"]["residents"]["rating"] = 7
    write_profile(bad, "bad-rating.yaml")
    return tmp_path


def test_good_rows_written_bad_files_listed_exit_1(folder, tmp_path):
    out = tmp_path / "out" / "results.csv"
    out.parent.mkdir()
    r = runner.invoke(app, ["batch", str(folder), "-o", str(out)])
    assert r.exit_code == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[:12] == list(CORE)
    assert [line.split(",")[:3] for line in lines[1:]] == [
        ["100", "Testville", "2019"], ["100", "Testville", "2021"], ["300", "Testville", "2020"]]
    assert "broken.yaml:" in r.stderr and "bad-rating.yaml:" in r.stderr
    assert "5 profiles, 3 assessed, 2 failed" in r.stderr


def test_same_inputs_same_bytes(folder, tmp_path):
    outputs = []
    for name in ("a.csv", "b.csv"):
        runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / name)])
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_parallel_gives_the_same_rows(tmp_path, write_profile, monkeypatch):
    import regionlab.nation.batch as batch

    monkeypatch.setattr(batch, "CHUNK", 2)  # force several chunks for a small batch
    for i in range(7):
        data = profile_data(residents=1 + i % 5)
        data["region"]["code"] = f"{i:03d}"
        write_profile(data, f"p{i}.yaml")
    one = run_batch([tmp_path], jobs=1)
    two = run_batch([tmp_path], jobs=2)
    assert one.rows == two.rows and len(one.rows) == 7


def test_insufficient_data_is_a_row_not_a_failure(tmp_path, write_profile):
    write_profile(profile_data(universities=None))
    result = run_batch([tmp_path])
    assert not result.problems
    assert result.rows[0]["domain"] is None
    assert "insufficient-data" in result.rows[0]["flags"]


@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl", ".xlsx"])
def test_every_format_round_trips(suffix, tmp_path):
    result = run_batch([PROFILES], recursive=True)
    out = tmp_path / f"results{suffix}"
    results.write(result, out)
    back = results.read(out)
    keep = [c for c in CORE]
    assert [{c: r[c] for c in keep} for r in back] == [{c: r[c] for c in keep}
                                                        for r in result.rows]


def test_json_lists_errors_and_xlsx_has_an_errors_sheet(folder, tmp_path):
    from openpyxl import load_workbook

    result = run_batch([folder])
    results.write(result, tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert {e["file"].rsplit("/", 1)[-1] for e in data["errors"]} == {"broken.yaml",
                                                                      "bad-rating.yaml"}
    results.write(result, tmp_path / "r.xlsx")
    book = load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert book.sheetnames[:2] == ["results", "errors"]
    assert len(list(book["errors"].iter_rows())) == 1 + len(result.problems)


@pytest.mark.parametrize("lang,sheets", [
    ("ko", ["결과 데이터", "오류", "지역별 결과", "범례"]),
    ("ja", ["結果データ", "エラー", "地域別の結果", "凡例"])])
def test_a_korean_or_japanese_workbook_names_its_sheets_so_and_reads_back(lang, sheets,
                                                                           tmp_path):
    """Issue 18, item 7: every sheet of a ko or ja workbook is named in the language, and
    `diff` and `report` still read the workbook back."""
    from openpyxl import load_workbook

    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    for folder, out in ((PROFILES, old), (PROFILES / "2025", new)):
        done = runner.invoke(app, ["batch", str(folder), "-o", str(out), "--lang", lang])
        assert done.exit_code == 0, done.output
    assert load_workbook(new, read_only=True).sheetnames == sheets
    compared = runner.invoke(app, ["diff", str(old), str(new), "-f", "csv"])
    assert compared.exit_code == 0, compared.output
    assert "45130" in compared.stdout and "52130" in compared.stdout
    page = tmp_path / "r.md"
    done = runner.invoke(app, ["report", str(new), "-o", str(page), "--lang", lang])
    assert done.exit_code == 0, done.output
    assert "52130" in page.read_text(encoding="utf-8")


def test_a_workbook_with_the_old_english_sheet_names_still_reads(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "old.xlsx"
    result = run_batch([PROFILES])
    results.write(result, path)
    book = load_workbook(path)
    book.worksheets[0].title = "results"  # as every workbook before issue 18 named it
    book.worksheets[1].title = "errors"
    book.save(path)
    assert [r["region_code"] for r in results.read(path)] == [r["region_code"]
                                                             for r in result.rows]
    book.worksheets[0].title = "Sheet9"  # a workbook without results: said, not a traceback
    book.save(path)
    with pytest.raises(InputError, match="has no sheet of results .*Sheet9"):
        results.read(path)


def test_bom_for_excel(tmp_path):
    out = tmp_path / "r.csv"
    runner.invoke(app, ["batch", str(PROFILES), "-o", str(out), "--bom"])
    assert out.read_bytes().startswith("\ufeff".encode())
    assert "군산시" in out.read_text(encoding="utf-8-sig")


def test_unknown_output_format_is_refused_before_work(tmp_path):
    r = runner.invoke(app, ["batch", str(PROFILES), "-o", str(tmp_path / "r.txt")])
    assert r.exit_code == 2 and "r.txt" in r.stderr  # a usage error, as for `report`
    assert not (tmp_path / "r.txt").exists()


def test_failure_mid_write_leaves_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "r.csv"
    out.write_text("old results\n", encoding="utf-8")
    result = run_batch([PROFILES], recursive=True)
    real_writer = results._write_csv

    def interrupted(result, f):  # half the rows written, then Ctrl-C
        real_writer(type(result)(result.rows[:3], [], 3), f)
        raise KeyboardInterrupt

    monkeypatch.setattr(results, "_write_csv", interrupted)
    with pytest.raises(KeyboardInterrupt):
        results.write(result, out)
    assert out.read_text(encoding="utf-8") == "old results\n"
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_failure_mid_write_leaves_no_file(tmp_path):
    target = tmp_path / "new.csv"
    with pytest.raises(RuntimeError), atomic.replacing(target) as f:
        f.write("half")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_bad_rulebook_stops_before_any_output(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("format: regionlab/rulebook/v1\n", encoding="utf-8")
    out = tmp_path / "r.csv"
    r = runner.invoke(app, ["batch", str(PROFILES), "-o", str(out), "--rules", str(rules)])
    assert r.exit_code == 1 and "rules.yaml" in r.stderr
    assert not out.exists()


def test_written_files_get_ordinary_permissions(tmp_path):
    import os
    import stat

    out = tmp_path / "r.csv"
    atomic.write_text(out, "x\n")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    out.chmod(0o640)
    atomic.write_text(out, "y\n")  # replacing keeps the file's own permissions
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_an_output_folder_that_is_not_there_is_refused_before_work(tmp_path):
    r = runner.invoke(app, ["batch", str(PROFILES), "-o", str(tmp_path / "no" / "r.csv")])
    assert r.exit_code == 1 and "does not exist" in r.stderr
    assert "Traceback" not in r.output + r.stderr
    r = runner.invoke(app, ["batch", str(PROFILES), "-o", str(tmp_path)])
    assert r.exit_code == 1 and "is a folder" in r.stderr


def test_a_missing_path_is_listed_and_the_rest_is_written(tmp_path):
    out = tmp_path / "r.csv"
    r = runner.invoke(app, ["batch", str(PROFILES / "gunsan.yaml"), str(tmp_path / "nope.yaml"),
                            "-o", str(out)])
    assert r.exit_code == 1 and "nope.yaml: no such file" in r.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_text_never_becomes_an_excel_formula(tmp_path, write_profile):
    from openpyxl import load_workbook

    data = profile_data()
    data["region"]["name"] = "=HYPERLINK(\"http://x\")"
    write_profile(data)
    results.write(run_batch([tmp_path]), tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx")["results"]
    name = next(c for c in sheet[2] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert name.data_type == "s"


def test_bom_only_for_csv_and_bad_result_files_are_named(tmp_path):
    result = run_batch([PROFILES])
    results.write(result, tmp_path / "r.json", bom=True)
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["results"]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    bad_row = tmp_path / "bad.csv"
    results.write(result, bad_row)
    lines = bad_row.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",2019,", ",two thousand,", 1)
    bad_row.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from regionlab.errors import InputError

    for path, line in ((broken, None), (bad_row, 3)):
        with pytest.raises(InputError) as e:
            results.read(path)
        assert e.value.problems[0].line == line


def test_assessing_leaves_nothing_for_the_garbage_collector(folder, tmp_path):
    # A batch pauses the cyclic garbage collector (regionlab/base/gc_pause.py). That is
    # safe only while assessing a profile, good or broken, leaves no reference
    # cycles behind: else memory would grow with the batch.
    run_batch([tmp_path])  # the first run loads the rulebook and data files
    gc.collect()
    gc.disable()
    try:
        result = run_batch([tmp_path])
        left = gc.collect()
    finally:
        gc.enable()
    assert len(result.rows) == 3 and result.failed_files
    assert left == 0


def test_a_result_row_without_a_region_code_reads_as_empty_text(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(",".join(results.COLUMNS) + "\n" + ",x,2019" + "," * (len(results.COLUMNS) - 3)
                    + "\n", encoding="utf-8")
    (row,) = results.read(path)
    assert row["region_code"] == "" and row["year"] == 2019


def test_a_batch_leaves_the_callers_own_frozen_objects_frozen(folder, tmp_path):
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        run_batch([tmp_path])
        assert gc.get_freeze_count() == frozen > 0
    finally:
        gc.unfreeze()
