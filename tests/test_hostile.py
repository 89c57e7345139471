"""Careless and hostile use (issue 10): nothing lost, nothing hangs, nothing silently
wrong. One class per kind of failure, a hostile fixture per case (fixtures/hostile/
or made here when it cannot be a file: links, loops, devices); every bad input gives
a message naming the file and what is wrong, a non-zero exit and no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import PROFILES, profile_data
from typer.testing import CliRunner

from regionlab.cli import app
from regionlab.errors import MAX_PROBLEMS, InputError
from regionlab.policy.framework import load_framework
from regionlab.profile.validate import load_profile

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
GUNSAN = PROFILES / "gunsan.yaml"
runner = CliRunner()


def run(*args):
    r = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in r.output + r.stderr
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


def write(folder: Path, name: str, code: str = "99999", year: int = 2019, **extra) -> Path:
    data = profile_data(year=year, **extra)
    data["region"]["code"] = code
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems_of(path: Path) -> list:
    with pytest.raises(InputError) as e:
        load_profile(path, load_framework())
    return e.value.problems


class TestNothingLost:
    """1-3: an output is never replaced by nothing, nor an input by an output; one
    region and year is one row."""

    @pytest.mark.parametrize("inputs", ["typo", "bad", "empty"])
    def test_nothing_assessed_leaves_the_old_output(self, tmp_path, inputs):
        (tmp_path / "bad").mkdir()
        (tmp_path / "bad" / "a.yaml").write_text("a: [", encoding="utf-8")
        (tmp_path / "empty").mkdir()
        out = tmp_path / "kr.csv"
        out.write_text("yesterday's results\n", encoding="utf-8")
        r = run("batch", tmp_path / inputs, "-o", out)
        assert r.exit_code == 1 and "nothing assessed" in r.stderr
        assert "left as it was" in r.stderr
        assert out.read_text(encoding="utf-8") == "yesterday's results\n"

    def test_nothing_assessed_writes_nothing_to_standard_output(self, tmp_path):
        r = run("batch", tmp_path)
        assert r.exit_code == 1 and r.stdout == "" and "no profile files" in r.stderr

    def test_a_missing_path_is_not_counted_as_a_profile(self, tmp_path):
        r = run("batch", GUNSAN, tmp_path / "nope", "-o", tmp_path / "r.csv")
        assert r.exit_code == 1
        assert "nope: no such file or folder [no-such-file]" in r.stderr
        assert "1 profile, 1 assessed, 0 failed; 1 path not read" in r.stderr

    def test_a_report_of_nothing_leaves_the_old_report(self, tmp_path):
        (tmp_path / "bad").mkdir()
        (tmp_path / "bad" / "a.yaml").write_text("a: [", encoding="utf-8")
        out = tmp_path / "r.md"
        out.write_text("old report\n", encoding="utf-8")
        for given in (tmp_path / "bad", tmp_path / "typo", tmp_path / "empty"):
            (tmp_path / "empty").mkdir(exist_ok=True)
            r = run("report", given, "-o", out)
            assert r.exit_code == 1, given
            assert out.read_text(encoding="utf-8") == "old report\n"

    @pytest.mark.parametrize("name", ["p.json", "kr.csv"])
    def test_an_output_that_is_an_input_is_refused(self, tmp_path, name):
        given = tmp_path / name
        given.write_text("precious\n", encoding="utf-8")
        r = run("batch", given, GUNSAN, "-o", given)
        assert r.exit_code == 2 and "is also an input" in r.stderr
        assert given.read_text(encoding="utf-8") == "precious\n"

    def test_two_profiles_of_one_region_and_year_are_an_error_naming_both(self, tmp_path):
        write(tmp_path, "a.yaml")
        write(tmp_path, "b.yaml", municipality=5)
        write(tmp_path, "c.yaml", year=2020)
        out = tmp_path / "r.json"
        r = run("batch", tmp_path, "-o", out)
        assert r.exit_code == 1
        data = json.loads(out.read_text(encoding="utf-8"))
        assert [Path(row["file"]).name for row in data["results"]] == ["a.yaml", "c.yaml"]
        [error] = data["errors"]
        assert error["code"] == "duplicate-region" and Path(error["file"]).name == "b.yaml"
        assert "a.yaml" in error["message"]

    def test_a_file_given_twice_counts_once(self, tmp_path):
        r = run("batch", GUNSAN, GUNSAN, PROFILES, "-o", tmp_path / "r.csv")
        assert r.exit_code == 0, r.stderr
        assert "5 profiles, 5 assessed, 0 failed" in r.stderr

    def test_validate_names_both_files_of_one_region(self, tmp_path):
        write(tmp_path, "a.yaml")
        write(tmp_path, "b.yaml")
        r = run("validate", tmp_path)
        assert r.exit_code == 1 and "b.yaml" in r.stdout and "also in" in r.stdout
        assert "a.yaml" in r.stdout and "[duplicate-region]" in r.stdout


def _links(folder: Path) -> Path:
    """A folder with a good profile, a link to itself and a folder loop."""
    write(folder, "good.yaml")
    (folder / "self.yaml").symlink_to("self.yaml")
    (folder / "nowhere.yaml").symlink_to("missing.yaml")
    (folder / "again").symlink_to(".")
    return folder


@pytest.mark.skipif(os.name != "posix", reason="symbolic links and devices")
class TestNothingHangs:
    """4-7: loops, huge mappings, endless files and too many processes."""

    @pytest.mark.parametrize("command", [["batch", "-r"], ["validate", "-r"], ["batch"]])
    def test_each_loop_is_a_problem_of_its_path_and_the_rest_is_read(self, tmp_path,
                                                                   command):
        folder = _links(tmp_path / "tree")
        r = run(*command, folder)
        both = r.stdout + r.stderr
        assert r.exit_code == 1
        assert both.count("self.yaml:") == 1 and "[link-loop]" in both
        assert "nowhere.yaml: is a link to missing.yaml, which does not exist" in both
        if "-r" in command:
            assert both.count("[folder-loop]") == 1
        if command[0] == "batch":
            assert "good.yaml" in r.stdout

    def test_a_report_and_a_diff_go_past_a_loop(self, tmp_path):
        folder = _links(tmp_path / "tree")
        r = run("report", folder, "-o", tmp_path / "r.md")
        assert r.exit_code == 1 and "[link-loop]" in r.stderr
        assert (tmp_path / "r.md").exists()
        r = run("diff", folder, folder)
        assert r.exit_code == 1 and "[link-loop]" in r.stderr

    def test_a_link_given_by_name_that_loops(self, tmp_path):
        (tmp_path / "self.yaml").symlink_to("self.yaml")
        r = run("assess", tmp_path / "self.yaml")
        assert r.exit_code == 1 and "[link-loop]" in r.stderr

    def test_unknown_keys_are_counted_past_the_first_problems(self, tmp_path, monkeypatch):
        """Counted, not timed (it took 35 s): only the problems shown are worded, each
        with its 'did you mean' search; the rest are counted."""
        from regionlab.base import schema

        worded = []
        describe, suggest = schema._describe, schema.suggest
        monkeypatch.setattr(schema, "_describe",
                            lambda *a: worded.append("describe") or describe(*a))
        monkeypatch.setattr(schema, "suggest",
                            lambda *a: worded.append("suggest") or suggest(*a))
        text = GUNSAN.read_text(encoding="utf-8")
        path = tmp_path / "many.yaml"
        path.write_text(text + "".join(f"junk_{i}: {i}\n" for i in range(40_000)),
                        encoding="utf-8")
        found = problems_of(path)
        assert 0 < worded.count("describe") <= MAX_PROBLEMS
        assert 0 < worded.count("suggest") <= MAX_PROBLEMS
        assert len(found) == MAX_PROBLEMS + 1
        assert found[-1].code == "too-many-problems" and "39,900 more" in found[-1].message
        assert found[0].line == text.count("\n") + 1

    def test_an_endless_device_is_read_only_up_to_the_limit(self):
        start = time.perf_counter()
        r = run("assess", "/dev/zero")
        assert r.exit_code == 1 and "is larger than" in r.stderr
        assert time.perf_counter() - start < 10

    def test_an_endless_pipe_is_read_only_up_to_the_limit(self, tmp_path):
        feeder = subprocess.Popen(["yes", "a: b"], stdout=subprocess.PIPE)
        try:
            r = run("validate", f"/dev/fd/{feeder.stdout.fileno()}")
        finally:
            feeder.kill()
            feeder.wait()
        assert r.exit_code == 1 and "is larger than" in r.stdout

    def test_a_named_pipe_nobody_writes_to_does_not_hang(self, tmp_path):
        fifo = tmp_path / "fifo.yaml"
        os.mkfifo(fifo)
        start = time.perf_counter()
        r = run("assess", fifo)
        assert r.exit_code == 1 and "[empty-file]" in r.stderr
        assert time.perf_counter() - start < 10

    def test_jobs_are_capped_at_the_processors_and_zero_is_refused(self, tmp_path):
        assert run("batch", GUNSAN, "--jobs", "0").exit_code == 2
        assert run("batch", GUNSAN, "--jobs", "-3").exit_code == 2
        r = run("batch", GUNSAN, "--jobs", "1000", "-o", tmp_path / "r.csv")
        assert r.exit_code == 0 and r.stderr.count("--jobs 1000: using") == 1


class TestSilentlyWrong:
    """8-12: region codes, impossible figures, init's years and files, formulas in
    CSV, a reader that stops early."""

    CODES = {
        "code-letters.yaml": ("region.code", "unknown-region-code", "did you mean 45130"),
        "code-unknown.yaml": ("region.code", "unknown-region-code", "did you mean 45130"),
        "code-of-an-earlier-year.yaml": ("region.code", "unknown-region-code",
                                         "in 2025 Gunsan is 52130"),
        "code-of-a-later-year.yaml": ("region.code", "unknown-region-code",
                                      "in 2019 Gunsan is 45130"),
        "name-not-of-code.yaml": ("region.name", "name-not-of-code", "did you mean 45130"),
    }

    @pytest.mark.parametrize("name", sorted(CODES))
    def test_korean_codes_are_checked_in_their_year(self, name):
        field, code, hint = self.CODES[name]
        [problem] = [p for p in problems_of(HOSTILE / name) if p.field == field]
        assert problem.code == code and hint in problem.message and problem.line == 4 + (
            field == "region.name")

    def test_other_countries_are_not_checked(self, tmp_path):
        data = yaml.safe_load((HOSTILE / "code-letters.yaml").read_text(encoding="utf-8"))
        data["region"]["country"] = "JP"
        path = tmp_path / "jp.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        assert load_profile(path, load_framework()).region.code == "ABCDE"

    def test_every_shipped_profile_has_its_code_of_its_year(self):
        assert run("validate", "-r", PROFILES).exit_code == 0

    def test_impossible_figures_are_out_of_range(self):
        found = {p.field.rsplit(".", 1)[-1]: p for p in
                 problems_of(HOSTILE / "indicator-out-of-range.yaml")}
        assert set(found) == {"fiscal_self_reliance_pct", "innovation_staff",
                              "participatory_budget_pct"}
        assert all(p.code == "out-of-range" and "between" in p.message
                   for p in found.values())

    @pytest.mark.parametrize("year", ["3000", "2014", "1900"])
    def test_init_refuses_years_the_reference_table_does_not_cover(self, tmp_path, year):
        r = run("init", "Gunsan", "--year", year, "-o", tmp_path)
        assert r.exit_code == 2 and "2015" in r.stderr and not list(tmp_path.iterdir())
        r = run("init", "--all", tmp_path / "kr", "--year", year)
        assert r.exit_code == 2 and not (tmp_path / "kr").exists()

    def test_init_keeps_the_years_apart_in_one_folder(self, tmp_path):
        assert run("init", "Gunsan", "--year", "2025", "-o", tmp_path).exit_code == 0
        assert run("init", "Gunsan", "--year", "2026", "-o", tmp_path).exit_code == 0
        names = sorted(p.name for p in tmp_path.iterdir())
        assert names == ["52130-gunsan-2025.yaml", "52130-gunsan-2026.yaml"]
        assert run("validate", tmp_path).exit_code == 0

    def test_init_output_is_a_profile_file_or_a_folder(self, tmp_path):
        r = run("init", "Gunsan", "-o", tmp_path / "g.txt")
        assert r.exit_code == 2 and ".yaml" in r.stderr
        assert not (tmp_path / "g.txt").exists()
        assert run("init", "Gunsan", "-o", tmp_path / "g.yaml").exit_code == 0
        assert (tmp_path / "g.yaml").is_file()

    def test_formulas_are_text_in_csv_and_read_back_as_given(self, tmp_path):
        names = {"code": "=1+1", "name": "=HYPERLINK(\"http://x\")", "name_local": "@SUM(A1)",
                 "parent": "'quoted", "country": "XX"}
        data = profile_data(municipality=2, initiatives=[
            {"name": "-2+3", "type": "process", "stage": "prototype", "lead": "residents",
             "outcome": "improved"}])
        data["region"] = names
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "p.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        out = tmp_path / "r.csv"
        assert run("batch", tmp_path / "in", "-o", out).exit_code == 0
        import csv

        [row] = list(csv.DictReader(out.open(encoding="utf-8")))
        cells = [v for v in row.values() if v]
        assert not [v for v in cells if v[0] in "=+-@"], cells
        from regionlab.output.results import read

        [back] = read(out)
        assert (back["region_code"], back["region_name"], back["region_name_local"],
                back["parent"]) == tuple(names[k] for k in ("code", "name", "name_local",
                                                             "parent"))
        r = run("diff", out, out, "--format", "csv")
        assert r.exit_code == 0 and "'=1+1" in r.stdout and ",=1+1" not in r.stdout

    def test_a_reader_that_stops_early_is_not_taken_for_success(self, tmp_path):
        for i in range(300):  # long names: far more than a pipe holds (64 KB)
            path = write(tmp_path, f"p{i:03d}.yaml", code=f"{i:05d}")
            path.write_text(path.read_text(encoding="utf-8").replace(
                "Testville", "Testville" * 500), encoding="utf-8")
        reader = subprocess.Popen(
            f"{sys.executable} -m regionlab batch {tmp_path} --no-stability | head -n 1",
            shell=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            executable="/bin/bash")
        out, err = reader.communicate(timeout=120)
        assert out.startswith("region_code,")
        assert "standard output was closed" in err and "Traceback" not in err


def _edit(path: Path, old: str, new: str) -> None:
    """Change a file so that a run can tell (its size may stay the same)."""
    info = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


class TestStaleState:
    """13-14: nothing checked or loaded by yesterday's code or yesterday's file."""

    def test_the_disk_cache_is_keyed_on_the_code_that_checks(self, tmp_path, monkeypatch):
        import shutil

        from regionlab.policy import cache

        package = tmp_path / "regionlab"
        shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("data"))
        monkeypatch.setattr(cache, "PACKAGE", package)
        for fn in (cache.code_fingerprint, cache._source_crc):
            fn.cache_clear()
        before = {k: cache.code_fingerprint(k) for k in ("framework", "rulebook")}
        _edit(package / "policy" / "framework.py", '"""', '"""A changed validator. ')
        for fn in (cache.code_fingerprint, cache._source_crc):
            fn.cache_clear()
        assert cache.code_fingerprint("framework") != before["framework"]
        assert cache.code_fingerprint("rulebook") == before["rulebook"]
        for fn in (cache.code_fingerprint, cache._source_crc):
            fn.cache_clear()  # the real package again for the tests that follow
        monkeypatch.undo()

    @pytest.mark.parametrize("name, load, edit, read", [
        ("rulebook.yaml", "rules.rulebook:load_rulebook", ("value: 40", "value: 35"),
         lambda r: r.thresholds["low"]),
        ("framework.yaml", "policy.framework:load_framework",
         ("disagreement_points: 25", "disagreement_points: 30"),
         lambda f: f.disagreement_points),
        ("robustness.yaml", "trust.stability:load_settings", ("seed: ", "seed: 1"),
         lambda s: s.seed),
        ("catalogue.yaml", "policy.catalogue:load_catalogue", ("Government", "Gov't"),
         lambda c: c.title("domains", "government")),
    ])
    def test_a_changed_file_is_read_again(self, tmp_path, name, load, edit, read):
        import importlib
        import shutil

        from regionlab.policy.packaged import packaged

        module, function = load.split(":")
        loader = getattr(importlib.import_module(f"regionlab.{module}"), function)
        path = tmp_path / name
        shutil.copy(packaged(name), path)
        given = str(path) if name in ("robustness.yaml", "catalogue.yaml") else path
        first = read(loader(given))
        _edit(path, *edit)
        assert read(loader(given)) != first


class TestMessages:
    """15-18: words that say what is wrong, and one convention everywhere."""

    @pytest.mark.parametrize("name, says", [
        ("utf16-no-bom.yaml", "UTF-16LE text without a byte-order mark"),
        ("utf32-bom.yaml", "UTF-32LE text"),
    ])
    def test_the_encoding_is_named_as_it_is(self, name, says):
        [problem] = problems_of(HOSTILE / name)
        assert problem.code == "not-utf8" and says in problem.message
        assert "cp949" not in problem.message

    def test_a_date_for_a_year_is_called_a_date(self):
        [problem] = problems_of(HOSTILE / "year-as-date.yaml")
        assert "the date 2025-01-01" in problem.message and "datetime" not in problem.message

    def test_empty_lists_are_none(self):
        profile = load_profile(HOSTILE / "designations-empty.yaml", load_framework())
        assert profile.initiatives == () and profile.context["designations"] == []

    def test_a_cp949_results_file_is_named_as_such(self, tmp_path):
        out = tmp_path / "r.csv"
        assert run("batch", PROFILES, "-o", out).exit_code == 0
        legacy = tmp_path / "legacy.csv"
        legacy.write_bytes(out.read_text(encoding="utf-8").encode("cp949"))
        r = run("diff", legacy, out)
        assert r.exit_code == 1 and "CP949" in r.stderr and "codec" not in r.stderr

    def test_an_output_under_a_file_is_called_a_file(self, tmp_path):
        (tmp_path / "afile").write_text("", encoding="utf-8")
        r = run("batch", GUNSAN, "-o", tmp_path / "afile" / "r.csv")
        assert r.exit_code == 1 and "afile is a file, not a folder" in r.stderr

    def test_a_read_only_file_system_is_called_that(self, tmp_path, monkeypatch):
        class ReadOnly:
            f_flag = os.ST_RDONLY

        monkeypatch.setattr(os, "statvfs", lambda path: ReadOnly)
        r = run("batch", GUNSAN, "-o", tmp_path / "r.csv")
        assert r.exit_code == 1 and f"{tmp_path} is on a read-only file system" in r.stderr
        r = run("init", "Gunsan", "-o", tmp_path)
        assert r.exit_code == 1 and "read-only file system" in r.stderr
        assert "52130-gunsan-2025.yaml" in r.stderr  # the file it could not write

    def test_counts_agree_with_their_nouns(self):
        r = run("validate", GUNSAN)
        assert "1 file checked, 1 valid, 0 invalid" in r.stderr

    def test_upper_case_suffixes_are_profiles(self, tmp_path):
        write(tmp_path, "SHOUT.YAML")
        r = run("validate", tmp_path)
        assert "1 file checked" in r.stderr

    def test_output_formats_are_usage_errors_everywhere(self, tmp_path):
        assert run("batch", GUNSAN, "-o", tmp_path / "out.txt").exit_code == 2
        assert run("report", GUNSAN, "-o", tmp_path / "out.pdf").exit_code == 2

    def test_a_byte_order_mark_only_where_it_applies(self, tmp_path):
        r = run("batch", GUNSAN, "--bom", "-o", tmp_path / "r.json")
        assert r.exit_code == 2 and "--bom" in r.stderr
        r = run("batch", GUNSAN, "--bom")
        assert r.exit_code == 0 and r.stdout.startswith("\ufeffregion_code")

    def test_a_diff_with_an_empty_side_says_so(self, tmp_path):
        r = run("diff", PROFILES, tmp_path)
        assert r.exit_code == 1 and "nothing to compare" in r.stderr

    def test_output_fits_80_columns_on_a_terminal_and_is_whole_when_piped(self):
        import io

        from rich.cells import cell_len
        from rich.console import Console

        from regionlab.output import terminal
        from regionlab.trust.engine import Engine
        from regionlab.trust.what_it_takes import what_it_takes

        engine = Engine()
        a = engine.assess_file(GUNSAN)
        shown = {}
        for on_terminal in (True, False):
            buffer = io.StringIO()
            console = Console(file=buffer, width=80, force_terminal=on_terminal,
                              color_system=None, highlight=False)
            terminal.to_terminal(a, engine.catalogue, "en", console, True,
                                 what_it_takes(a, engine.framework))
            shown[on_terminal] = buffer.getvalue()
        assert max(map(cell_len, shown[True].splitlines())) <= 80
        assert max(map(cell_len, shown[False].splitlines())) > 80  # piped: lines whole
        # the same words, re-broken (the capacity bars are shorter on a narrow terminal)
        words = {k: [w for w in v.split() if not set(w) <= set("█░")] for k, v in shown.items()}
        assert words[True] == words[False]
        table = run("diff", PROFILES, PROFILES / "2025").stdout
        fitted = terminal.fit_text(table, 80)
        assert max(map(cell_len, fitted.splitlines())) <= 80
        assert fitted.split() == table.split()

    def test_help_fits_80_columns_and_says_it_all(self):
        env = {**os.environ, "COLUMNS": "80"}
        helps = {}
        for command in ("", "assess", "batch", "init"):
            helps[command] = subprocess.run(
                [sys.executable, "-m", "regionlab", *command.split(), "-h"],
                capture_output=True, text=True, env=env, check=True).stdout
            assert max(map(len, helps[command].splitlines())) <= 80, command
        # the --set help whole, not cut at the column's edge
        assert "(municipality.innovation_staff.weight=2)" in helps["assess"]
        version = subprocess.run([sys.executable, "-m", "regionlab", "--version"],
                                 capture_output=True, text=True, check=True).stdout
        assert version.startswith("regionlab ")
