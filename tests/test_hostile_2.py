"""Careless and hostile use, second round (issue 19): nothing lost, nothing misread.
One class per numbered item of the issue; each test failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import PROFILES, profile_data
from typer.testing import CliRunner

from regionlab.cli import app
from regionlab.errors import InputError
from regionlab.policy.framework import load_framework
from regionlab.profile.validate import load_profile

GUNSAN = PROFILES / "gunsan.yaml"
GUNSAN_2025 = PROFILES / "2025" / "gunsan.yaml"
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


class TestYaml11Numbers:
    """1: a leading zero (YAML 1.1 octal) or colons (base 60) never give another
    number: refused with file, line and field."""

    @pytest.mark.parametrize("text, says", [
        ("0261000", "leading zero"), ("-0261000", "leading zero"), ("0_261_000", "leading zero"),
        ("4:21:00", "base 60"), ("190:20:30.15", "base 60"), ("-1:30", "base 60"),
    ])
    def test_a_yaml_1_1_number_is_refused_where_it_is(self, tmp_path, text, says):
        lines = GUNSAN_2025.read_text(encoding="utf-8").splitlines(keepends=True)
        [at] = [i for i, line in enumerate(lines) if line.lstrip().startswith("population: ")]
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        lines[at] = f"{indent}population: {text}\n"
        path = tmp_path / "p.yaml"
        path.write_text("".join(lines), encoding="utf-8")
        [problem] = problems_of(path)
        assert problem.file == str(path) and problem.line == at + 1
        assert problem.field == "context.population", problem
        assert says in problem.message and text in problem.message
        assert problem.code == "yaml-1-1-number"

    @pytest.mark.parametrize("text, value", [
        ("261000", 261000), ("0", 0), ("0.5", 0.5), ("1_000", 1000), ("0x1F", 31),
        ("'0261000'", "0261000"), ("'4:21:00'", "4:21:00"),
        ("-0", 0), ("+12", 12),
    ])
    def test_ordinary_numbers_and_quoted_text_are_read_as_before(self, text, value):
        from regionlab.base import yamlio

        data, _ = yamlio.parse(f"a: {text}\n", "x.yaml")
        assert data == {"a": value} and type(data["a"]) is type(value)

    def test_in_a_list_the_field_names_the_item(self):
        from regionlab.base import yamlio

        with pytest.raises(InputError) as e:
            yamlio.parse("a:\n  b: [1, 2, 017]\n", "x.yaml")
        [problem] = e.value.problems
        assert (problem.line, problem.field) == (2, "a.b.2")


class TestSeveralYearsInADiff:
    """2: a side holding several years of a region is not silently cut to its last
    year: the region is refused with a message naming the files."""

    def test_a_folder_of_two_years_against_itself(self, tmp_path):
        for year in ("2019", "2022"):
            assert run("init", "Jongno", "--year", year, "-o", tmp_path).exit_code == 0
        write(tmp_path, "other.yaml", year=2022)
        files = sorted(p.name for p in tmp_path.glob("11110-*"))
        assert len(files) == 2
        r = run("diff", tmp_path, tmp_path)
        assert r.exit_code == 1
        assert "11110" not in r.stdout and "Jongno" not in r.stdout
        assert "Testville (99999, 2022 → 2022): unchanged" in r.stdout  # the rest compared
        assert "[several-years]" in r.stderr
        line = next(x for x in r.stderr.splitlines() if "[several-years]" in x)
        assert all(name in line for name in files), line
        assert "2019" in line and "2022" in line

    def test_a_batch_file_of_two_years_is_refused_too(self, tmp_path):
        folder = tmp_path / "in"
        write(folder, "a.yaml", year=2019)
        write(folder, "b.yaml", year=2022)
        out = tmp_path / "r.csv"
        assert run("batch", folder, "-o", out).exit_code == 0
        r = run("diff", out, folder / "b.yaml", "--format", "json")
        assert r.exit_code == 1 and "[several-years]" in r.stderr
        import json

        assert json.loads(r.stdout)["regions"] == []

    def test_one_year_a_side_is_compared_as_before(self, tmp_path):
        write(tmp_path / "old", "a.yaml", year=2019)
        write(tmp_path / "new", "a.yaml", year=2022)
        r = run("diff", tmp_path / "old", tmp_path / "new")
        assert r.exit_code == 0 and "2019 → 2022" in r.stdout


class TestOtherCountries:
    """3: codes outside Korea are not matched by the Korean code history."""

    def test_two_regions_abroad_are_two_regions(self, tmp_path):
        folder = tmp_path / "in"
        write(folder, "a.yaml", code="29200")
        write(folder, "b.yaml", code="12330")
        r = run("batch", folder, "-o", tmp_path / "r.json")
        assert r.exit_code == 0 and "duplicate-region" not in r.stderr, r.stderr
        r = run("validate", folder)
        assert r.exit_code == 0 and "duplicate-region" not in r.stdout, r.stdout
        old = tmp_path / "old"
        write(old, "a.yaml", code="29200", year=2018)
        write(old, "b.yaml", code="12330", year=2018)
        r = run("diff", old, folder, "--format", "json")
        assert r.exit_code == 0, r.stderr
        import json

        regions = json.loads(r.stdout)["regions"]
        assert sorted((x["code_old"], x["code_new"]) for x in regions) == [
            ("12330", "12330"), ("29200", "29200")]

    @pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl", ".xlsx"])
    def test_result_files_abroad_keep_their_regions_apart(self, tmp_path, suffix):
        """Batch result files carry each region's country, so a diff of two of them
        does not match codes abroad by the Korean code history either."""
        import json

        for year in (2018, 2019):
            write(tmp_path / str(year), "a.yaml", code="29200", year=year)
            write(tmp_path / str(year), "b.yaml", code="12330", year=year)
            r = run("batch", tmp_path / str(year), "-o", tmp_path / f"{year}{suffix}")
            assert r.exit_code == 0, r.stderr
        r = run("diff", tmp_path / f"2018{suffix}", tmp_path / f"2019{suffix}",
                "--format", "json")
        assert r.exit_code == 0 and "duplicate-region" not in r.stderr, r.stderr
        regions = json.loads(r.stdout)["regions"]
        assert sorted((x["code_old"], x["code_new"], x["status"]) for x in regions) == [
            ("12330", "12330", "unchanged"), ("29200", "29200", "unchanged")]

    def test_a_report_of_two_result_files_keeps_them_apart(self, tmp_path):
        for year in (2018, 2019):
            write(tmp_path / str(year), "a.yaml", code="29200", year=year)
            write(tmp_path / str(year), "b.yaml", code="12330", year=year)
            assert run("batch", tmp_path / str(year), "-o",
                       tmp_path / f"{year}.csv").exit_code == 0
        r = run("report", tmp_path / "2018.csv", tmp_path / "2019.csv", "--two-years",
                "-o", tmp_path / "r.md")
        assert r.exit_code == 0, r.stderr
        page = (tmp_path / "r.md").read_text(encoding="utf-8")
        assert "| XX-12330 |" in page and "| XX-29200 |" in page  # the key column
        assert "Gwangju" not in page  # 29200 abroad is not Gwangsan-gu

    def test_a_region_abroad_is_not_the_korean_one_of_its_code(self, tmp_path):
        import json

        for year in (2018, 2019):
            write(tmp_path / str(year), "abroad.yaml", code="45130", year=year)
            gunsan = profile_data(year=year)
            gunsan["region"] = {"code": "45130", "name": "Gunsan", "country": "KR"}
            (tmp_path / str(year) / "gunsan.yaml").write_text(yaml.safe_dump(gunsan),
                                                              encoding="utf-8")
            r = run("batch", tmp_path / str(year), "-o", tmp_path / f"{year}.csv")
            assert r.exit_code == 0 and "duplicate-region" not in r.stderr, r.stderr
        for old, new in ((tmp_path / "2018", tmp_path / "2019"),
                         (tmp_path / "2018.csv", tmp_path / "2019.csv")):
            r = run("diff", old, new, "--format", "json")
            assert r.exit_code == 0, r.stderr
            regions = json.loads(r.stdout)["regions"]
            assert sorted((x["name"], x["status"]) for x in regions) == [
                ("Gunsan", "unchanged"), ("Testville", "unchanged")], regions

    def test_a_result_file_without_the_country_column_is_read_as_korea(self, tmp_path):
        """Result files written before the column: their regions are Korea's, as a
        profile without `country` is."""
        import csv

        write(tmp_path / "in", "a.yaml", code="11110")
        out = tmp_path / "r.csv"
        assert run("batch", tmp_path / "in", "-o", out).exit_code == 0
        rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
        assert rows[0][-1] == "country" and rows[1][-1] == "XX"
        old = tmp_path / "old.csv"
        old.write_text("\n".join(",".join(row[:-1]) for row in rows) + "\n", encoding="utf-8")
        from regionlab.output.results import read

        [row] = read(old)
        assert row["country"] == "KR" and row["region_code"] == "11110"
        assert read(out)[0]["country"] == "XX"

    def test_the_same_codes_in_korea_are_still_one_territory(self):
        from regionlab.korea import reference

        on = reference.date_for_year(2019)
        assert reference.territory("29200", on) == reference.territory("12330", on)
        assert reference.territory("29200", on, "XX") == "29200"


class TestHiddenFiles:
    """6: dot-files and macOS AppleDouble files (._x.yaml) in a folder are not
    profiles; named explicitly, a file is read whatever its name."""

    def _tree(self, folder: Path) -> Path:
        write(folder, "a.yaml")
        (folder / "._a.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
        write(folder, ".a-stale.yaml", municipality=1)  # a hidden copy, first by name
        write(folder / ".hidden", "b.yaml", code="88888")
        return folder

    @pytest.mark.parametrize("recursive", [[], ["-r"]])
    def test_a_folder_skips_hidden_files(self, tmp_path, recursive):
        folder = self._tree(tmp_path / "in")
        out = tmp_path / "r.json"
        r = run("batch", folder, *recursive, "-o", out)
        assert r.exit_code == 0, r.stderr
        import json

        [row] = json.loads(out.read_text(encoding="utf-8"))["results"]
        assert Path(row["file"]).name == "a.yaml" and row["municipality"] == 50.0
        r = run("validate", folder, *recursive)
        assert r.exit_code == 0 and "1 file checked" in r.stderr

    def test_named_explicitly_a_hidden_file_is_read(self, tmp_path):
        folder = self._tree(tmp_path / "in")
        r = run("validate", folder / ".a-stale.yaml", folder / ".hidden")
        assert r.exit_code == 0 and "2 files checked" in r.stderr
        r = run("validate", folder / "._a.yaml")
        assert r.exit_code == 1

    def test_help_says_so(self):
        for command in ("batch", "validate", "report", "diff"):
            r = run(command, "--help")
            assert "hidden" in r.stdout.lower().replace("\n", " "), command


class TestUnicodeNormalForm:
    """7: Hangul typed or pasted decomposed (NFD, as macOS file names and some editors
    give it) is the same text as composed (NFC)."""

    def test_a_decomposed_name_is_the_name(self, tmp_path):
        import unicodedata

        text = GUNSAN.read_text(encoding="utf-8")
        assert "군산시" in text
        decomposed = unicodedata.normalize("NFD", "군산시")
        assert decomposed != "군산시"
        path = tmp_path / "nfd.yaml"
        path.write_text(text.replace("군산시", decomposed), encoding="utf-8")
        profile = load_profile(path, load_framework())
        assert profile.region.name_local == "군산시"
        r = run("assess", path, "--format", "json")
        assert r.exit_code == 0, r.stderr
        assert decomposed not in r.stdout

    def test_init_finds_a_decomposed_place(self, tmp_path):
        import unicodedata

        r = run("init", unicodedata.normalize("NFD", "군산"), "--year", "2025", "-o", tmp_path)
        assert r.exit_code == 0, r.stderr
        assert [p.name for p in tmp_path.iterdir()] == ["52130-gunsan-2025.yaml"]


def _regionlab(args, stdout=None, file_limit: int | None = None, cwd=None):
    """regionlab in a process of its own; `file_limit` bytes at most per file written
    (RLIMIT_FSIZE, as a full disk: a write past it fails with EFBIG)."""
    import os
    import resource
    import signal
    import subprocess
    import sys

    def limit():
        if file_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    env = {**os.environ, "REGIONLAB_CACHE": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "regionlab", *map(str, args)],
                          stdout=stdout if stdout is not None else subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, preexec_fn=limit, env=env,
                          cwd=cwd, timeout=300)


def _one_line_failure(r) -> str:
    assert r.returncode not in (0, 2), r.stderr
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    return last


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
class TestFullDisk:
    """8: a full disk or a standard output that fails: a one-line message, a non-zero
    exit, no traceback; an old output is kept."""

    @pytest.mark.parametrize("args", [
        ["assess", GUNSAN], ["assess", GUNSAN, "--format", "json"], ["explain", GUNSAN],
        ["batch", PROFILES], ["diff", PROFILES, PROFILES / "2025"],
        ["validate", "--format", "json", PROFILES], ["--help"], ["batch", "--help"],
        ["validate", Path(__file__).parent / "fixtures" / "hostile" / "code-letters.yaml"],
    ])
    def test_standard_output_on_a_full_disk(self, args):
        with open("/dev/full", "w") as full:
            r = _regionlab(args, stdout=full)
        last = _one_line_failure(r)
        assert "standard output" in last and "No space left on device" in last, r.stderr

    @pytest.mark.parametrize("args, name", [
        (["batch", PROFILES, "-o"], "r.csv"), (["batch", PROFILES, "-o"], "r.json"),
        (["batch", PROFILES, "-o"], "r.xlsx"), (["report", GUNSAN, "-o"], "r.html"),
        (["report", GUNSAN, "-o"], "r.md"),
    ])
    def test_an_output_file_on_a_full_disk_keeps_the_old_one(self, tmp_path, args, name):
        out = tmp_path / name
        out.write_text("old\n", encoding="utf-8")
        r = _regionlab([*args, out], file_limit=1000)
        last = _one_line_failure(r)
        assert str(out) in last and "[cannot-write]" in last, r.stderr
        assert out.read_text(encoding="utf-8") == "old\n"
        assert [p.name for p in tmp_path.iterdir()] == [name]  # no .part left

    @pytest.mark.parametrize("fmt", ["table", "csv", "json"])
    def test_agreement_on_a_full_disk(self, rated, fmt):
        _, sheets, _ = rated
        with open("/dev/full", "w") as full:
            r = _regionlab(["ratings", "agreement", *sheets, "--format", fmt], stdout=full)
        last = _one_line_failure(r)
        assert "standard output" in last and "No space left on device" in last, r.stderr

    def test_init_on_a_full_disk_writes_nothing(self, tmp_path):
        r = _regionlab(["init", "--all", tmp_path / "kr", "--year", "2022"], file_limit=1000)
        last = _one_line_failure(r)
        assert "[cannot-write]" in last and str(tmp_path / "kr") in last, r.stderr
        assert not list((tmp_path / "kr").iterdir())
        r = _regionlab(["init", "Gunsan", "-o", tmp_path], file_limit=1000)
        assert "[cannot-write]" in _one_line_failure(r)
        assert [p.name for p in tmp_path.iterdir()] == ["kr"]


class TestResultFiles:
    """9: what `batch` wrote, `diff` and `report` read back, whatever its size and line
    ends; every bad row is reported at its line, in words, not Python's."""

    def _batch(self, tmp_path: Path, name: str, **extra) -> Path:
        write(tmp_path / "in", "a.yaml", **extra)
        write(tmp_path / "in", "b.yaml", code="99998", municipality=5)
        out = tmp_path / name
        r = run("batch", tmp_path / "in", "-o", out)
        assert r.exit_code == 0, r.stderr
        return out

    def test_a_huge_field_is_read(self, tmp_path):
        out = self._batch(tmp_path, "r.csv", initiatives=[
            {"name": "x" * 200_000, "type": "process", "stage": "prototype",
             "lead": "residents", "outcome": "improved"}])
        assert len(max(out.read_text(encoding="utf-8").split(","), key=len)) > 200_000
        r = run("diff", out, out)
        assert r.exit_code == 0 and "2 matched" in r.stdout, r.stderr
        r = run("report", out, "-o", tmp_path / "r.md")
        assert r.exit_code == 0, r.stderr

    def test_carriage_returns_alone_end_lines(self, tmp_path):
        out = self._batch(tmp_path, "r.csv")
        mac = tmp_path / "mac.csv"
        mac.write_bytes(out.read_bytes().replace(b"\n", b"\r"))
        r = run("diff", out, mac)
        assert r.exit_code == 0 and "2 matched, 0 changed" in r.stdout, r.stderr
        crlf = tmp_path / "windows.csv"
        crlf.write_bytes(out.read_bytes().replace(b"\n", b"\r\n"))
        assert run("diff", crlf, mac).exit_code == 0

    def test_every_bad_csv_row_is_reported_in_words(self, tmp_path):
        out = self._batch(tmp_path, "r.csv")
        lines = out.read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        first = lines[1].split(",")
        first[header.index("year")] = "two thousand"
        second = lines[2].split(",")
        second[header.index("municipality")] = "lots"
        bad = tmp_path / "bad.csv"
        bad.write_text("\n".join([lines[0], ",".join(first), ",".join(second)]) + "\n",
                       encoding="utf-8")
        r = run("diff", bad, out)
        assert r.exit_code == 1
        found = [x for x in r.stderr.splitlines() if "[bad-result-row]" in x]
        assert len(found) == 2, r.stderr
        assert f"{bad}:2: year: 'two thousand' is not a year" in found[0]
        assert f"{bad}:3: municipality: 'lots' is not a number" in found[1]
        assert "invalid literal" not in r.stderr and "could not convert" not in r.stderr

    def test_a_year_no_profile_may_have_is_a_bad_row_not_a_traceback(self, tmp_path):
        """A table edited by hand to year 10000 gave the report a traceback (there is no
        date in that year): now its row is a problem, as a year in words is."""
        out = self._batch(tmp_path, "r.csv")
        lines = out.read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        row = lines[1].split(",")
        row[header.index("year")] = "10000"
        bad = tmp_path / "bad.csv"
        bad.write_text("\n".join([lines[0], ",".join(row)]) + "\n", encoding="utf-8")
        for command in (("report", bad, "-o", tmp_path / "r.html"), ("diff", bad, out)):
            r = run(*command)
            assert r.exit_code == 1 and "Traceback" not in r.stderr, r.stderr
            assert f"{bad}:2: year: '10000' is not a year from 1900 to 2100" in r.stderr

    def test_jsonl_rows_are_named_by_their_line(self, tmp_path):
        out = self._batch(tmp_path, "r.jsonl")
        rows = out.read_text(encoding="utf-8").splitlines()
        broken = json_edit(rows[1], year="twenty")
        bad = tmp_path / "bad.jsonl"
        bad.write_text("\n".join(["", rows[0], "", "", broken, "{not json"]) + "\n",
                       encoding="utf-8")
        r = run("diff", bad, out)
        assert r.exit_code == 1
        found = [x for x in r.stderr.splitlines() if str(bad) in x]
        assert [x.split(":")[1] for x in found] == ["5", "6"], r.stderr
        assert "'twenty' is not a year" in found[0] and "is not JSON" in found[1]
        assert "Expecting" not in r.stderr


def json_edit(line: str, **changes) -> str:
    import json

    return json.dumps({**json.loads(line), **changes}, ensure_ascii=False)


@pytest.fixture(scope="module")
def rated(tmp_path_factory):
    """30 templates of 2022, and three raters' filled sheets for them."""
    import shutil

    from test_ratings import RATERS, fill

    where = tmp_path_factory.mktemp("rated")
    every = where / "all"
    assert run("init", "--all", every, "--year", "2022").exit_code == 0
    folder = where / "kr"
    folder.mkdir()
    for path in sorted(every.glob("*.yaml"))[::8]:
        shutil.copy(path, folder)
    assert run("ratings", "sheet", folder, "-o", where / "sheet.xlsx").exit_code == 0
    sheets = [fill(where / "sheet.xlsx", where / f"{name}.xlsx", i)
              for i, name in enumerate(RATERS)]
    after = where / "after"
    shutil.copytree(folder, after)
    assert run("ratings", "apply", *sheets, after).exit_code == 0
    return folder, sheets, after


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


def _signalled(args, moment: str, signum: int, watch: Path, delay: float):
    """Run regionlab and end it with `signum`: after `delay` seconds ("early"), or as
    soon as its first temporary file appears in `watch` ("writing")."""
    import os
    import subprocess
    import sys
    import time

    env = {**os.environ, "REGIONLAB_CACHE": "0"}
    process = subprocess.Popen([sys.executable, "-m", "regionlab", *map(str, args)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env)
    start = time.monotonic()
    while process.poll() is None and time.monotonic() - start < 120:
        if moment == "early" and time.monotonic() - start >= delay:
            break
        if moment == "writing" and watch.exists() and any(
                p.name.endswith(".part") for p in watch.iterdir()):
            break
        time.sleep(0.0005 if moment == "writing" else 0.01)
    if process.poll() is None:
        process.send_signal(signum)
    out, err = process.communicate(timeout=120)
    assert "Traceback" not in err, err
    return process.returncode, err


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGHUP"), reason="POSIX signals")
class TestEndedBySignals:
    """5: SIGTERM and SIGHUP (a timeout, a kill, a cancelled job) are handled as Ctrl-C:
    `ratings apply` and `init --all` leave every profile as before or all as after, and
    no .part file."""

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=8, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(moment=st.sampled_from(["writing", "early"]),
           signum=st.sampled_from(["SIGTERM", "SIGHUP"]),
           delay=st.floats(0.2, 4.0))
    def test_ratings_apply_is_all_or_nothing(self, rated, tmp_path_factory, moment, signum,
                                             delay):
        import shutil
        import signal

        folder, sheets, after = rated
        work = tmp_path_factory.mktemp("apply") / "kr"
        shutil.copytree(folder, work)
        code, err = _signalled(["ratings", "apply", *sheets, work], moment,
                               getattr(signal, signum), work, delay)
        now = _files(work)
        assert not [n for n in now if n.endswith(".part")], (code, err)
        assert now in (_files(folder), _files(after)), (code, err)
        if now == _files(folder):
            assert code != 0, err

    @settings(max_examples=8, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(moment=st.sampled_from(["writing", "early"]),
           signum=st.sampled_from(["SIGTERM", "SIGHUP"]),
           delay=st.floats(0.1, 1.5))
    def test_init_all_is_all_or_nothing(self, tmp_path_factory, moment, signum, delay):
        import signal

        out = tmp_path_factory.mktemp("init") / "kr"
        code, err = _signalled(["init", "--all", out, "--year", "2022"], moment,
                               getattr(signal, signum), out, delay)
        now = _files(out)
        assert not [n for n in now if n.endswith(".part")], (code, err)
        assert len(now) in (0, 226), (len(now), code, err)
        if not now:  # stopped by the signal, or killed before regionlab started
            assert code != 0 and ("stopped by SIG" in err or code < 0), err


_UNESCAPED_BAR = __import__("re").compile(r"(?<!\\)\|")


def _tables_hold(markdown: str) -> None:
    """Every row of each table has its header's cells; no raw HTML from the profile."""
    header = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = len(_UNESCAPED_BAR.findall(line))
        header = header or cells
        assert cells == header, line
    lowered = markdown.lower()
    assert "<script" not in lowered and "<img" not in lowered, markdown


class TestMarkdownEscapes:
    """13: text from a profile cannot break a Markdown table or bring raw HTML."""

    HOSTILE_NAME = "A|B <script>alert(1)</script> `x` *y*"

    def _profile(self, folder: Path, year: int = 2019, municipality: int = 3) -> Path:
        data = profile_data(year=year, municipality=municipality, initiatives=[
            {"name": "pay|day <img src=x onerror=alert(1)>", "type": "process",
             "stage": "prototype", "lead": "residents", "outcome": "improved"}])
        data["region"] = {"code": "9|9`9", "name": self.HOSTILE_NAME,
                          "name_local": "지역|<b>굵게</b>", "parent": "P|<i>", "country": "XX"}
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "p.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    @pytest.mark.parametrize("explain", [[], ["--explain"]])
    def test_assess_markdown(self, tmp_path, explain):
        path = self._profile(tmp_path)
        r = run("assess", path, "--format", "markdown", *explain)
        assert r.exit_code == 0, r.stderr
        _tables_hold(r.stdout)
        assert "&lt;script&gt;" in r.stdout  # shown, as text
        title = r.stdout.splitlines()[0]
        assert "\\|" in title and "\\`x\\`" in title and "\\*y\\*" in title

    def test_report_markdown(self, tmp_path):
        """The region's Markdown through `report -o x.md`: its own sections (standing,
        peers) and the title line with the province too."""
        path = self._profile(tmp_path)
        r = run("report", path, "-o", tmp_path / "x.md")
        assert r.exit_code == 0, r.stderr
        text = (tmp_path / "x.md").read_text(encoding="utf-8")
        _tables_hold(text)
        assert "&lt;script&gt;" in text and "&lt;i&gt;" in text  # the parent, as text
        title = text.splitlines()[0]
        assert "\\|" in title and "\\`x\\`" in title and "\\*y\\*" in title
        assert text.splitlines()[2] == "9\\|9\\`9 · P\\|&lt;i&gt;"  # code · parent

    def test_diff_markdown(self, tmp_path):
        self._profile(tmp_path / "old", 2019)
        self._profile(tmp_path / "new", 2022, municipality=5)
        r = run("diff", tmp_path / "old", tmp_path / "new", "--format", "markdown")
        assert r.exit_code == 0, r.stderr
        _tables_hold(r.stdout)
        assert "&lt;script&gt;" in r.stdout


class TestSheetFormulas:
    """12: a rating sheet sent to raters carries no live formula from profile text or
    --rater, in .xlsx or .csv; and what was written is read back as written."""

    NAMES = {"code": "=1+1", "name": "=HYPERLINK(\"http://x\",\"y\")", "name_local": "+SUM(1)",
             "parent": "@A1", "country": "XX"}
    RATER = '=HYPERLINK("http://evil","kim")'

    def _folder(self, tmp_path: Path) -> Path:
        folder = tmp_path / "in"
        folder.mkdir()
        data = profile_data(municipality=None)
        data["region"] = dict(self.NAMES)
        (folder / "p.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                       encoding="utf-8")
        return folder

    def test_xlsx(self, tmp_path):
        from openpyxl import load_workbook

        folder = self._folder(tmp_path)
        sheet = tmp_path / "s.xlsx"
        r = run("ratings", "sheet", folder, "-o", sheet, "--rater", self.RATER)
        assert r.exit_code == 0, r.stderr
        book = load_workbook(sheet)
        ratings = book.worksheets[0]
        formulas = [c.coordinate for row in ratings.iter_rows() for c in row
                    if c.data_type == "f"]
        assert formulas == []
        texts = [c for row in ratings.iter_rows(min_row=4) for c in row
                 if isinstance(c.value, str) and c.value[:1] in "=+-@"]
        assert {c.value for c in texts} >= {self.NAMES["code"], self.NAMES["name"],
                                            self.NAMES["name_local"], self.RATER}
        assert all(c.quotePrefix for c in texts)  # text even when edited in Excel
        column = {c.value: c.column for c in ratings[3]}
        ratings.cell(4, column["municipality_rating"]).value = 4
        book.save(sheet)
        r = run("ratings", "apply", sheet, folder)
        assert r.exit_code == 0, r.stderr
        assert "municipality" in (folder / "p.yaml").read_text(encoding="utf-8")
        assert load_profile(folder / "p.yaml", load_framework()).actors[
            "municipality"].rating == 4

    def test_csv(self, tmp_path):
        import csv

        folder = self._folder(tmp_path)
        sheet = tmp_path / "s.csv"
        r = run("ratings", "sheet", folder, "-o", sheet, "--rater", self.RATER)
        assert r.exit_code == 0, r.stderr
        rows = list(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines()))
        cells = [v for row in rows[1:] for v in row if v]
        assert not [v for v in cells if v[0] in "=+-@"], cells
        header = rows[0]
        rows[1][header.index("municipality_rating")] = "4"
        with sheet.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(rows)
        r = run("ratings", "apply", sheet, folder)
        assert r.exit_code == 0, r.stderr
        assert load_profile(folder / "p.yaml", load_framework()).actors[
            "municipality"].rating == 4


class TestNamesInMessages:
    """15: a file name with a line break, a right-to-left override or a zero-width
    character is shown escaped: one problem stays one line, and reads as it is."""

    NAMES = {"line\nbreak.yaml": "line\\nbreak.yaml",
             "\u202egnp.yaml": "\\u202egnp.yaml",
             "zero\u200bwidth.yaml": "zero\\u200bwidth.yaml",
             "tab\there.yaml": "tab\\there.yaml"}

    @pytest.mark.parametrize("name", sorted(NAMES))
    def test_validate_and_batch(self, tmp_path, name):
        (tmp_path / name).write_text("a: [", encoding="utf-8")
        r = run("validate", tmp_path)
        assert r.exit_code == 1
        [line] = r.stdout.splitlines()
        assert self.NAMES[name] in line and "[yaml-syntax]" in line
        for text in (r.stdout, r.stderr):
            assert not {"\u202e", "\u200b", "\t"} & set(text)
        r = run("batch", tmp_path, "-o", tmp_path / "r.csv")
        assert r.exit_code == 1
        [line] = [x for x in r.stderr.splitlines() if "[yaml-syntax]" in x]
        assert self.NAMES[name] in line
        assert not {"\u202e", "\u200b", "\t"} & set(r.stderr)

    def test_json_keeps_the_name_as_it_is(self, tmp_path):
        import json

        name = "\u202egnp.yaml"
        (tmp_path / name).write_text("a: [", encoding="utf-8")
        r = run("validate", tmp_path, "--format", "json")
        assert Path(json.loads(r.stdout)["problems"][0]["file"]).name == name

    def test_an_output_named_so_is_escaped_too(self, tmp_path):
        out = tmp_path / "out\nput.csv"
        r = run("batch", GUNSAN, "-o", out)
        assert r.exit_code == 0, r.stderr
        assert "out\\nput.csv" in r.stderr and "out\nput" not in r.stderr


@pytest.fixture
def panel(rated, tmp_path):
    """A fresh copy of the 30 templates, and the three raters' sheets."""
    import shutil

    folder, sheets, _ = rated
    work = tmp_path / "kr"
    shutil.copytree(folder, work)
    return work, sheets


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


class TestRatingsApplyCareless:
    """4: what ratings apply used to do silently: replace the analyst's own rating and
    its note, drop a rating under merged cells, take a copied sheet for a second rater,
    skip a misspelt column, apply an empty sheet."""

    def test_an_analysts_own_rating_replaced_is_said(self, panel):
        folder, sheets = panel
        path = sorted(folder.glob("*.yaml"))[0]
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        assert int(data["region"]["code"]) % 5 == 0  # the raters leave a note on it
        data["actors"]["residents"]["rating"] = 2
        data["actors"]["residents"]["note"] = "From the 2021 council survey (source: X)"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        r = run("ratings", "apply", *sheets, folder)
        assert r.exit_code == 0, r.stderr
        [said] = [x for x in r.stderr.splitlines() if path.name in x]
        assert "residents" in said and "rating 2" in said and "note 'From the 2021" in said
        assert "replaced" in said
        again = run("ratings", "apply", *sheets, folder)  # a panel's own: nothing to say
        assert path.name not in again.stderr

    def test_merged_rating_cells_are_refused(self, panel, tmp_path):
        from openpyxl import load_workbook

        folder, sheets = panel
        book = load_workbook(sheets[0])
        sheet = book.worksheets[0]
        column = {c.value: c.column_letter for c in sheet[3]}["municipality_rating"]
        sheet.merge_cells(f"{column}4:{column}5")
        merged = tmp_path / "merged.xlsx"
        book.save(merged)
        before = _snapshot(folder)
        r = run("ratings", "apply", merged, folder)
        assert r.exit_code == 1 and "[merged-cells]" in r.stderr
        assert f"{column}4:{column}5" in r.stderr
        assert _snapshot(folder) == before

    def test_a_copied_sheet_is_not_a_second_rater(self, panel, tmp_path):
        import shutil

        folder, sheets = panel
        copy = tmp_path / "kim-copy.xlsx"
        shutil.copy(sheets[0], copy)
        for command in (["apply", sheets[0], copy, folder], ["agreement", sheets[0], copy]):
            r = run("ratings", *command)
            assert r.exit_code == 1 and "[copied-sheet]" in r.stderr, r.stdout + r.stderr
            assert "kim-copy.xlsx" in r.stderr

    def test_a_misspelt_column_key_is_refused(self, panel, tmp_path):
        from openpyxl import load_workbook

        folder, sheets = panel
        book = load_workbook(sheets[0])
        sheet = book.worksheets[0]
        cell = next(c for c in sheet[3] if c.value == "residents_rating")
        cell.value = "residents_ratng"
        typo = tmp_path / "typo.xlsx"
        book.save(typo)
        r = run("ratings", "apply", typo, folder)
        assert r.exit_code == 1 and "[unknown-column]" in r.stderr
        assert "did you mean 'residents_rating'" in r.stderr

    def test_an_empty_sheet_is_not_applied(self, panel, tmp_path):
        folder, _ = panel
        empty = tmp_path / "empty.xlsx"
        assert run("ratings", "sheet", folder, "-o", empty).exit_code == 0
        before = _snapshot(folder)
        r = run("ratings", "apply", empty, folder)
        assert r.exit_code == 1 and "[empty-sheet]" in r.stderr
        assert _snapshot(folder) == before


def _bigger_sheet(sheet: Path, out: Path, rows: int) -> Path:
    """`sheet` with `rows` more rows of two cells each, packed small (a zip bomb)."""
    import re
    import zipfile

    with zipfile.ZipFile(sheet) as given:
        xml = given.read("xl/worksheets/sheet1.xml").decode()
        head, rest = xml.split("<sheetData>")
        data, tail = rest.split("</sheetData>")
        have = len(re.findall(r"<row ", data))
        extra = "".join(f'<row r="{i}"><c r="AZ{i}"><v>1</v></c></row>'
                        for i in range(have + 1, have + 1 + rows))
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as packed:
            for item in given.infolist():
                packed.writestr(item.filename, head + "<sheetData>" + data + extra
                                + "</sheetData>" + tail
                                if item.filename == "xl/worksheets/sheet1.xml"
                                else given.read(item.filename))
    return out


class TestSheetBounds:
    """14: a rating sheet is read in time and memory in proportion to what it holds;
    a macro-enabled workbook, a ';' or TAB separated CSV are read, an old .xls named."""

    def test_a_stray_cell_far_down_costs_nothing(self, panel, tmp_path, monkeypatch):
        """Counted, not timed: the cells the reader is handed (the 11.8 s of the issue
        were 40 empty cells for each of a million rows that the file does not have)."""
        from openpyxl import load_workbook

        from regionlab.ratings import xlsx

        folder, sheets = panel
        book = load_workbook(sheets[0])
        book.worksheets[0].cell(1_048_576, 40).value = "stray"
        stray = tmp_path / "stray.xlsx"
        book.save(stray)
        handed: list[int] = []
        rows = xlsx._Cells.rows

        def counted(self, *args, **kwargs):
            for number, row in rows(self, *args, **kwargs):
                handed.append(len(row))
                yield number, row

        monkeypatch.setattr(xlsx._Cells, "rows", counted)
        r = run("ratings", "agreement", stray, sheets[1])
        assert r.exit_code == 0, r.stderr
        assert 0 < sum(handed) < 100_000, sum(handed)  # was 40 x 1,048,576

    def test_a_packed_sheet_of_a_million_rows_is_refused_in_bounded_memory(self, panel,
                                                                             tmp_path):
        import subprocess
        import sys

        _, sheets = panel
        bomb = _bigger_sheet(sheets[0], tmp_path / "bomb.xlsx", 1_000_000)
        assert bomb.stat().st_size < 10_000_000
        script = ("import sys, tracemalloc; from regionlab.cli import main; sys.argv = "
                  f"['regionlab', 'ratings', 'agreement', {str(bomb)!r}]\n"
                  "tracemalloc.start()\n"
                  "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
                  "print(code, tracemalloc.get_traced_memory()[1])")
        r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=300)
        code, peak = r.stdout.split()[-2:]
        assert code == "1" and "[too-many-rows]" in r.stderr, r.stderr
        assert int(peak) < 100_000_000, peak  # took 712 MB and two minutes

    def test_a_macro_enabled_workbook_is_a_workbook(self, panel, tmp_path):
        import shutil

        folder, sheets = panel
        xlsm = tmp_path / "kim.xlsm"
        shutil.copy(sheets[0], xlsm)
        r = run("ratings", "agreement", xlsm, sheets[1])
        assert r.exit_code == 0, r.stderr

    def test_an_old_excel_file_is_named(self, tmp_path):
        old = tmp_path / "kim.xls"
        old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
        r = run("ratings", "agreement", old)
        assert r.exit_code == 1 and "save it as .xlsx" in r.stderr
        assert "not UTF-8" not in r.stderr and "CP949" not in r.stderr

    @pytest.mark.parametrize("separator", [";", "\t"])
    def test_csv_separated_otherwise_is_read(self, panel, tmp_path, separator):
        import csv

        folder, _ = panel
        rows = _filled_csv_sheet(folder, tmp_path, "3.5")
        other = tmp_path / "other.csv"
        with other.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, delimiter=separator).writerows(rows)
        r = run("ratings", "apply", other, folder)
        assert r.exit_code == 0, r.stderr
        assert f"{len(rows) - 1} ratings" in r.stderr


@pytest.mark.skipif(__import__("os").name != "posix", reason="links, modes, FIFOs")
class TestOutputsAndConcurrency:
    """16: an output that is a link is written where it points, the link kept; two
    init --all runs into one folder never write a file twice; a FIFO or a device in a
    folder is named, not skipped without a word."""

    def test_an_output_that_is_a_link_is_written_through(self, tmp_path):
        import os
        import stat

        real = tmp_path / "shared" / "kr.csv"
        real.parent.mkdir()
        real.write_text("old\n", encoding="utf-8")
        os.chmod(real, 0o640)
        link = tmp_path / "kr.csv"
        link.symlink_to(real)
        r = run("batch", GUNSAN, "-o", link)
        assert r.exit_code == 0, r.stderr
        assert link.is_symlink() and os.readlink(link) == str(real)
        assert real.read_text(encoding="utf-8").startswith("region_code,")
        assert stat.S_IMODE(real.stat().st_mode) == 0o640
        assert sorted(p.name for p in real.parent.iterdir()) == ["kr.csv"]

    def test_a_file_that_appears_meanwhile_is_not_overwritten(self, tmp_path, monkeypatch):
        import tempfile

        from regionlab.output import atomic

        targets = [tmp_path / f"{i}.yaml" for i in range(3)]
        real_mkstemp = tempfile.mkstemp

        def another_run_first(*args, **kwargs):  # the other init writes 1.yaml now
            if not targets[1].exists():
                targets[1].write_text("the other run's\n", encoding="utf-8")
            return real_mkstemp(*args, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", another_run_first)
        written, skipped = atomic.write_many([(t, "mine\n") for t in targets])
        assert targets[1].read_text(encoding="utf-8") == "the other run's\n"
        assert written == [targets[0], targets[2]] and skipped == [targets[1]]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["0.yaml", "1.yaml", "2.yaml"]

    def test_two_init_runs_into_one_folder_write_each_file_once(self, tmp_path):
        import re
        import subprocess
        import sys

        folder = tmp_path / "kr"
        runs = [subprocess.Popen([sys.executable, "-m", "regionlab", "init", "--all",
                                  str(folder), "--year", "2022"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
        said = [p.communicate(timeout=120)[1] for p in runs]
        assert all(p.returncode == 0 for p in runs), said
        written = sum(int(re.search(r"(\d+) profiles? written", s).group(1)) for s in said)
        assert written == 226, said
        assert len(list(folder.glob("*.yaml"))) == 226
        assert not [p for p in folder.iterdir() if p.name.endswith(".part")]

    @pytest.mark.parametrize("command", ["batch", "validate"])
    def test_a_fifo_in_a_folder_is_named(self, tmp_path, command):
        import os

        write(tmp_path, "a.yaml")
        os.mkfifo(tmp_path / "pipe.yaml")
        r = run(command, tmp_path, *(["-o", tmp_path / "r.csv"] if command == "batch" else []))
        assert r.exit_code == 1
        both = r.stdout + r.stderr
        assert "pipe.yaml" in both and "[not-a-file]" in both and "named pipe" in both


class TestWordsMisread:
    """17 (in part): words a user misread."""

    def test_stability_says_how_many_runs_keep_the_domain(self):
        r = run("assess", GUNSAN)
        assert "Stability: 1.00 — 100 of 100 perturbed runs keep the domain" in r.stdout
        assert "(100)" not in r.stdout
        for lang, words in (("ko", "교란 실행 100회 중 100회"), ("ja", "摂動試行100回中100回")):
            assert words in run("assess", GUNSAN, "--lang", lang).stdout

    def test_rating_and_evidence_side_by_side_are_not_a_sum(self, tmp_path):
        assert run("init", "Gunsan", "--year", "2025", "-o", tmp_path).exit_code == 0
        path = next(tmp_path.glob("*.yaml"))
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        data["actors"]["municipality"]["rating"] = 3
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        out = run("assess", path).stdout
        assert "Rating 50 + Evidence" not in out and "(Rating 50, Evidence " in out

    def test_quote_it_is_said_once(self, tmp_path):
        path = tmp_path / "p.yaml"
        data = profile_data()
        data["region"]["name"] = True
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        [problem] = problems_of(path)
        assert problem.message.count("quote it") == 1, problem.message

    def test_a_null_key_is_named_as_written(self, tmp_path):
        path = tmp_path / "p.yaml"
        path.write_text(yaml.safe_dump(profile_data()) + "~: 1\n", encoding="utf-8")
        [problem] = problems_of(path)
        assert problem.field == "~" and "None" not in problem.message
        assert problem.line == path.read_text(encoding="utf-8").count("\n")

    def test_version_after_a_command_gives_the_version(self):
        import subprocess
        import sys

        r = subprocess.run([sys.executable, "-m", "regionlab", "validate", "--version"],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and r.stdout.startswith("regionlab "), r.stderr
        assert "--recursive" not in r.stderr

    def test_one_profile_is_one_profile(self, tmp_path):
        from regionlab.cli.main import _plural

        assert _plural(1, "profile") == "profile"
        r = run("init", "--all", tmp_path, "--year", "2022")
        assert "226 profiles written" in r.stderr and "0 existing files" in r.stderr
        (tmp_path / next(iter(sorted(p.name for p in tmp_path.iterdir())))).unlink()
        r = run("init", "--all", tmp_path, "--year", "2022")
        assert "1 profile written" in r.stderr and "225 existing files" in r.stderr


class TestExitCodes:
    """10 (in part): usage errors exit 2, as documented; nothing to check is not a
    success."""

    @pytest.mark.parametrize("args", [
        ["report", PROFILES, "--years"], ["report", PROFILES, "--two-years"],
        ["report", PROFILES, PROFILES / "2025", PROFILES, "--two-years"],
    ])
    def test_reports_of_the_wrong_number_of_sides(self, tmp_path, args):
        r = run(*args, "-o", tmp_path / "r.html")
        assert r.exit_code == 2 and not (tmp_path / "r.html").exists()

    @pytest.mark.parametrize("place", ["Nowhere", "중구"])
    def test_init_of_an_unknown_or_ambiguous_place(self, tmp_path, place):
        r = run("init", place, "-o", tmp_path)
        assert r.exit_code == 2 and not list(tmp_path.iterdir())

    def test_batch_refuses_a_language_it_does_not_have(self, tmp_path):
        assert run("batch", GUNSAN, "--lang", "fr").exit_code == 2
        assert run("batch", GUNSAN, "--lang", "fr", "-o", tmp_path / "r.csv").exit_code == 2
        assert not (tmp_path / "r.csv").exists()

    def test_validate_of_nothing_is_not_a_success(self, tmp_path):
        r = run("validate", tmp_path)
        assert r.exit_code == 1 and "no profile files" in r.stderr


class TestAgreementOutputs:
    """17 (agreement) and 12 (its CSV): --lang for the table, --bom for the CSV, and
    names from the sheets made safe for a spreadsheet."""

    def test_the_table_in_korean_and_japanese(self, rated):
        _, sheets, _ = rated
        for lang, words in (("ko", ("평가자 3명", "신뢰")), ("ja", ("評価者3人", "信頼"))):
            r = run("ratings", "agreement", *sheets, "--lang", lang)
            assert r.exit_code == 0, r.stderr
            assert all(w in r.stdout for w in words), r.stdout
            assert "actor" not in r.stdout and "regions" not in r.stdout
        assert run("ratings", "agreement", *sheets, "--lang", "fr").exit_code == 2

    def test_the_csv_with_a_byte_order_mark_and_safe_cells(self, rated, tmp_path):
        import shutil

        _, sheets, _ = rated
        evil = tmp_path / "=cmd.xlsx"  # the rater is the file's name: a formula
        shutil.copy(sheets[0], evil)
        r = run("ratings", "agreement", evil, *sheets[1:], "--format", "csv", "--bom")
        assert r.exit_code == 0, r.stderr
        assert r.stdout.startswith("\ufeffcode,")
        header = r.stdout.splitlines()[0]
        assert ",'=cmd" in header and ",=cmd" not in header
        assert run("ratings", "agreement", *sheets, "--bom").exit_code == 2


def _filled_csv_sheet(folder, tmp_path, rating: str) -> list[list[str]]:
    """The rows of a CSV rating sheet of `folder`, every municipality rated `rating`."""
    import csv

    sheet = tmp_path / "s.csv"
    assert run("ratings", "sheet", folder, "-o", sheet).exit_code == 0
    rows = list(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines()))
    column = rows[0].index("municipality_rating")
    for row in rows[1:]:
        row[column] = rating
    return rows


def test_a_sheet_with_decomposed_hangul_matches_its_profiles(panel, tmp_path):
    """7: a rating sheet saved with decomposed Hangul (NFD) names the same regions."""
    import unicodedata

    folder, _ = panel
    rows = _filled_csv_sheet(folder, tmp_path, "3")
    text = "\n".join(",".join(f'"{v}"' for v in row) for row in rows) + "\n"
    nfd = tmp_path / "nfd.csv"
    nfd.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    assert unicodedata.normalize("NFD", text) != text
    r = run("ratings", "apply", nfd, folder)
    assert r.exit_code == 0, r.stderr


def test_a_path_that_cannot_be_looked_at_is_a_problem_of_its_own(tmp_path, monkeypatch):
    """10: a path under a folder without permission (is_dir raises PermissionError in
    Python 3.11) is a problem of that path; the batch goes on with the rest."""
    import errno
    import os

    locked = tmp_path / "locked" / "a.yaml"
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path / "locked")):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    r = run("batch", locked, GUNSAN, "-o", tmp_path / "r.csv")
    assert r.exit_code == 1, r.output
    assert "locked/a.yaml" in r.stderr and "Permission denied" in r.stderr
    assert "1 assessed" in r.stderr


HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"


class TestHostileFixtures:
    """The hostile fixtures of this round (fixtures/hostile/): YAML 1.1 numbers (1),
    codes abroad that Korea's code history joins (3), hidden files (6), decomposed
    Hangul (7)."""

    @pytest.mark.parametrize("name, says", [("population-octal.yaml", "90624, not 261000"),
                                            ("population-base-60.yaml", "(15660)")])
    def test_yaml_1_1_numbers(self, name, says):
        [problem] = problems_of(HOSTILE / name)
        assert (problem.line, problem.field, problem.code) == (
            8, "context.population", "yaml-1-1-number")
        assert says in problem.message

    def test_decomposed_hangul(self):
        import unicodedata

        assert not unicodedata.is_normalized("NFC", (HOSTILE / "name-local-nfd.yaml")
                                             .read_text(encoding="utf-8"))
        profile = load_profile(HOSTILE / "name-local-nfd.yaml", load_framework())
        assert profile.region.name_local == "군산시"

    def test_codes_abroad_are_two_regions(self, tmp_path):
        files = [HOSTILE / "abroad-29200.yaml", HOSTILE / "abroad-12330.yaml"]
        out = tmp_path / "r.csv"
        r = run("batch", *files, "-o", out)
        assert r.exit_code == 0 and "duplicate-region" not in r.stderr, r.stderr
        r = run("diff", out, out, "--format", "json")
        assert r.exit_code == 0, r.stderr
        import json

        assert json.loads(r.stdout)["summary"]["matched"] == 2

    def test_hidden_files_are_not_read_in_the_folder(self):
        from regionlab.profile.discover import profile_paths

        hidden = {p.name for p in HOSTILE.iterdir() if p.name.startswith(".")}
        assert hidden == {"._appledouble.yaml", ".stale-copy.yaml"}
        assert not hidden & {p.name for p in profile_paths([HOSTILE], problems=[])}
        r = run("validate", HOSTILE / ".stale-copy.yaml")  # named, it is read
        assert r.exit_code == 1 and "[yaml-syntax]" in r.stdout


def _deny(monkeypatch, *denied: Path) -> None:
    """As a user without permission on `denied` sees them (tests run as root, who may
    read anything): os.access says no, listing or opening them fails."""
    import errno
    import os

    def no(path) -> bool:
        return any(str(path) == str(d) for d in denied)

    def refused(path):
        return PermissionError(errno.EACCES, "Permission denied", str(path))

    real_access, real_scandir, real_open = os.access, os.scandir, os.open

    def access(path, mode, *args, **kwargs):
        return False if no(path) and mode & os.R_OK else real_access(path, mode, *args,
                                                                     **kwargs)

    def scandir(path="."):
        if no(path):
            raise refused(path)
        return real_scandir(path)

    def open_(path, flags, *args, **kwargs):
        if no(path):
            raise refused(path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)


def _unreadable_tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    good = write(tmp_path, "good.yaml")
    locked = tmp_path / "locked"
    write(locked, "b.yaml", code="88888")
    unread = write(tmp_path, "unread.yaml", code="77777")
    return good, locked, unread


class TestUnreadable:
    """10: a file or folder regionlab may not read is a problem of that path, named,
    exit 1 (not a usage error, 2); a batch goes on with the rest."""

    def test_assess_and_explain_of_an_unreadable_file_exit_1(self, tmp_path, monkeypatch):
        _, locked, unread = _unreadable_tree(tmp_path)
        _deny(monkeypatch, locked, unread)
        for command in ("assess", "explain"):
            r = run(command, unread)
            assert r.exit_code == 1, r.output
            assert f"{unread}: cannot read: Permission denied [unreadable]" in r.stderr

    def test_a_batch_goes_on_past_an_unreadable_folder_and_file(self, tmp_path,
                                                                monkeypatch):
        import csv

        good, locked, unread = _unreadable_tree(tmp_path)
        _deny(monkeypatch, locked, unread)
        out = tmp_path / "r.csv"
        r = run("batch", locked, unread, good, "-o", out)
        assert r.exit_code == 1, r.output
        assert f"{locked}: cannot list this folder: Permission denied [unreadable-folder]" \
            in r.stderr
        assert f"{unread}: cannot read" in r.stderr and "1 assessed" in r.stderr
        rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
        assert [row["file"] for row in rows] == [str(good)]
        r = run("validate", locked, unread, good)
        assert r.exit_code == 1 and "[unreadable-folder]" in r.stdout, r.output

    def test_unreadable_result_files_and_rulebooks_are_named(self, tmp_path, monkeypatch):
        good, _, unread = _unreadable_tree(tmp_path)
        results = tmp_path / "r.csv"
        assert run("batch", good, "-o", results).exit_code == 0
        sheet = tmp_path / "sheet.csv"
        assert run("ratings", "sheet", good, "-o", sheet).exit_code == 0
        _deny(monkeypatch, results, unread, sheet)
        for args in (["diff", results, good], ["report", results, "-o", tmp_path / "r.md"],
                     ["assess", good, "--rules", unread], ["ratings", "agreement", sheet],
                     ["ratings", "apply", sheet, tmp_path]):
            r = run(*args)
            assert r.exit_code == 1 and "Permission denied" in r.stderr, (args, r.output)

    def test_no_path_is_refused_by_typer_before_regionlab_sees_it(self):
        """Every path parameter of every command, now and added later, is left to
        regionlab to read and name (typer's readable check makes it exit 2)."""
        import typer.main

        def paths(command):  # typer's own Path type (its copy of click's)
            return [p for p in command.params if hasattr(p.type, "readable")]

        def commands(command, name=""):
            yield name, command
            for sub, child in getattr(command, "commands", {}).items():
                yield from commands(child, f"{name} {sub}".strip())

        every = [(name, p) for name, command in commands(typer.main.get_command(app))
                 for p in paths(command)]
        assert {("assess", "profile"), ("batch", "paths"), ("ratings apply", "folder"),
                ("diff", "old_rules")} <= {(name, p.name) for name, p in every}
        readable = [(name, p.name) for name, p in every if p.type.readable]
        assert readable == []

    def test_as_a_user_without_permission(self, tmp_path):
        """The same, with the files' modes: as a user who may not read them (root
        without the capabilities that let it read anything)."""
        import os
        import shutil
        import subprocess
        import sys

        if os.name != "posix":
            pytest.skip("file modes")
        prefix: list[str] = []
        if os.geteuid() == 0:
            prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
            if not shutil.which("setpriv") or subprocess.run(
                    [*prefix, "true"], capture_output=True).returncode != 0:
                pytest.skip("cannot run without root's permission to read anything")
        good, locked, unread = _unreadable_tree(tmp_path)
        locked.chmod(0)
        unread.chmod(0)
        try:
            def regionlab(*args):
                return subprocess.run([*prefix, sys.executable, "-m", "regionlab",
                                       *map(str, args)], capture_output=True, text=True,
                                      timeout=300)

            r = regionlab("assess", unread)
            assert r.returncode == 1 and "[unreadable]" in r.stderr, r.stderr
            out = tmp_path / "r.csv"
            r = regionlab("batch", locked, unread, good, "-o", out)
            assert r.returncode == 1 and "[unreadable-folder]" in r.stderr, r.stderr
            assert "1 assessed" in r.stderr and str(good) in out.read_text(encoding="utf-8")
        finally:
            locked.chmod(0o755)
            unread.chmod(0o644)


@pytest.mark.parametrize("lang, reading", [("ko", "에 대한 regionlab의 해석"),
                                           ("ja", "に関するregionlabの解釈")])
def test_the_terminal_words_a_rules_source_in_the_language(lang, reading):
    """17: the terminal's source lines stayed English in ko and ja."""
    for args in (["assess", GUNSAN], ["assess", GUNSAN, "--explain"]):
        out = run(*args, "--lang", lang).stdout
        assert reading in out and "regionlab's reading" not in out, out


def test_a_report_of_two_years_without_a_flag_says_so(tmp_path):
    """17: `report` of two folders of different years, without --two-years or --years,
    makes one overview of both: it says so and how to compare them."""
    r = run("report", PROFILES, PROFILES / "2025", "-o", tmp_path / "r.md")
    assert r.exit_code == 0, r.stderr
    [note] = [x for x in r.stderr.splitlines() if x.startswith("note:")]
    assert "2019" in note and "2025" in note and "--two-years" in note and "--years" in note
    r = run("report", PROFILES, "-o", tmp_path / "one.md")
    assert "note:" not in r.stderr
    r = run("report", PROFILES, PROFILES / "2025", "--two-years", "-o", tmp_path / "two.md")
    assert "note:" not in r.stderr
