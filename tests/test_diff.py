"""diff: regions matched across code changes, what moved, and why."""

from __future__ import annotations

import json

import pytest
from conftest import PROFILES, profile_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from regionlab.cli import app
from regionlab.nation.batch import run_batch
from regionlab.nation.diff import Side, diff, load_side
from regionlab.output import results
from regionlab.rules.rulebook import load_rulebook

runner = CliRunner()


@pytest.fixture(scope="module")
def examples():
    return diff(load_side(PROFILES), load_side(PROFILES / "2025"), load_rulebook())


def by_name(result, name):
    return next(r for r in result.regions if r["name"] == name)


def test_gunsan_is_matched_across_its_code_change(examples):
    gunsan = by_name(examples, "Gunsan")
    assert (gunsan["code_old"], gunsan["code_new"]) == ("45130", "52130")
    assert gunsan["status"] == "changed"
    assert gunsan["domain"] == ("government", "overlap")  # a Change(old, new)
    assert gunsan["domain"].new == "overlap"


def test_the_driver_names_the_actor_and_threshold(examples):
    drivers = by_name(examples, "Gunsan")["drivers"]
    assert "domain government → overlap: rule domain-government → domain-overlap" in drivers
    assert "residents rose to low (40): 25.0 → 50.0" in drivers


def test_drivers_as_data_and_in_the_language(examples):
    gunsan = by_name(examples, "Gunsan")
    assert {"kind": "crossed", "name": "residents", "threshold": "low", "limit": 40,
            "before": 25.0, "after": 50.0} in gunsan["driver_facts"]
    text = runner.invoke(app, ["diff", str(PROFILES), str(PROFILES / "2025"),
                               "--lang", "ko"]).stdout
    assert "주민 25.0 → 50.0: 낮음 기준값(40) 이상으로 상승" in text  # the threshold in Korean
    assert "군산시 (45130 → 52130, 2019 → 2025)" in text  # the name as the reference has it
    assert "모범 사례 - 미국 로체스터의 NBN" in text and "rochester-nbn" not in text
    assert "영역 정부 → 정부·사회 중첩: 규칙 domain-government → domain-overlap" in text
    assert "rose to" not in text
    data = json.loads(runner.invoke(app, ["diff", str(PROFILES), str(PROFILES / "2025"),
                                          "--format", "json", "--lang", "ko"]).stdout)
    gunsan = next(r for r in data["regions"] if r["name"] == "Gunsan")
    assert "residents rose to low (40): 25.0 → 50.0" in gunsan["drivers"]  # ids, in English


def test_summary_counts_moves(examples):
    s = examples.summary
    assert s["matched"] == 5 and s["moved_domain"] == 2
    assert s["into"]["overlap"] == 2 and s["out_of"]["government"] == 1
    assert s["out_of"]["social"] == 1
    assert s["only_old"] == [] and s["only_new"] == []


def test_unchanged_region_and_only_changed(examples):
    assert by_name(examples, "Seongnam")["status"] == "unchanged"
    r = runner.invoke(app, ["diff", str(PROFILES), str(PROFILES / "2025"), "--only-changed",
                            "--format", "json"])
    names = [x["name"] for x in json.loads(r.stdout)["regions"]]
    assert "Seongnam" not in names and "Gunsan" in names


def test_regions_on_one_side_only(tmp_path, write_profile):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    for folder, code in ((old, "111"), (old, "222"), (new, "222"), (new, "333")):
        data = profile_data()
        data["region"]["code"] = code
        (folder / f"{code}.yaml").write_text(json.dumps(data), encoding="utf-8")
    result = diff(load_side(old), load_side(new), load_rulebook())
    assert result.summary["only_old"] == ["XX-111"] and result.summary["only_new"] == ["XX-333"]


def test_batch_files_and_folders_give_the_same_diff(tmp_path, examples):
    old_file, new_file = tmp_path / "old.csv", tmp_path / "new.xlsx"
    results.write(run_batch([PROFILES]), old_file)
    results.write(run_batch([PROFILES / "2025"]), new_file)
    from_files = diff(load_side(old_file), load_side(new_file), load_rulebook())
    assert from_files.summary == examples.summary
    assert [r["drivers"] for r in from_files.regions] == [r["drivers"] for r in examples.regions]


def test_fail_on_change_and_formats():
    args = ["diff", str(PROFILES), str(PROFILES / "2025")]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args, "--fail-on-change"]).exit_code == 3
    same = runner.invoke(app, ["diff", str(PROFILES), str(PROFILES), "--fail-on-change"])
    assert same.exit_code == 0
    for fmt in ("table", "csv", "json", "markdown"):
        r = runner.invoke(app, [*args, "--format", fmt])
        assert r.exit_code == 0 and "Gunsan" in r.stdout, fmt
    csv_out = runner.invoke(app, [*args, "--format", "csv"]).stdout
    assert csv_out == runner.invoke(app, [*args, "--format", "csv"]).stdout
    assert runner.invoke(app, [*args, "--format", "xml"]).exit_code == 2


def test_initiative_outcomes_are_reported(tmp_path, write_profile):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    (old / "a.yaml").write_text(json.dumps(profile_data()), encoding="utf-8")
    later = profile_data(year=2020, initiatives=[
        {"name": "Shared parking", "type": "process", "stage": "sustaining", "lead": "residents",
         "outcome": "improved"},
        {"name": "Flood wall", "type": "service", "stage": "prototype", "lead": "municipality",
         "outcome": "worsened"}])
    (new / "a.yaml").write_text(json.dumps(later), encoding="utf-8")
    result = diff(load_side(old), load_side(new), load_rulebook())
    region = result.regions[0]
    assert region["outcomes"] == {"improved": ["Shared parking"], "maintained": [],
                                  "worsened": ["Flood wall"]}
    assert result.summary["outcomes"] == {"improved": 1, "maintained": 0, "worsened": 1}


# -- properties --------------------------------------------------------------------

ratings = st.sampled_from([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, None])


@st.composite
def sides(draw):
    """Two sides over the same few regions, with random ratings on each."""
    codes = draw(st.lists(st.sampled_from(["A1", "B2", "C3", "D4"]), min_size=1, max_size=4,
                          unique=True))
    return [[(code, [draw(ratings) for _ in range(4)]) for code in codes] for _ in range(2)]


def rows_of(engine, write, regions, year):
    rows = []
    for code, (m, r, b, u) in regions:
        data = profile_data(municipality=m, residents=r, business_finance=b, universities=u,
                            year=year)
        data["region"]["code"] = code
        from regionlab.nation.batch import row
        rows.append(row(engine.assess_file(write(data, f"{code}-{year}.yaml"))))
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=sides())
def test_diff_properties(pair, write_profile):
    from regionlab.trust.engine import Engine

    engine = Engine()
    old = rows_of(engine, write_profile, pair[0], 2019)
    new = rows_of(engine, write_profile, pair[1], 2020)
    rulebook = engine.rulebook
    forward = diff(Side(old), Side(new), rulebook)
    backward = diff(Side(new), Side(old), rulebook)
    same = diff(Side(old), Side(old), rulebook)
    assert all(r["status"] == "unchanged" for r in same.regions)
    assert forward.summary["into"] == backward.summary["out_of"]
    for f, b in zip(forward.regions, backward.regions, strict=True):
        assert tuple(f["domain"]) == tuple(b["domain"])[::-1]
        for name in ("cases", "strategies", "flags"):
            assert f[name]["added"] == b[name]["removed"]
        moved = f["domain"][0] != f["domain"][1]
        assert moved == any(d.startswith("domain ") for d in f["drivers"])
        low = rulebook.thresholds["low"]
        for actor in ("residents", "municipality"):
            before, after, _ = f["capacities"][actor]
            if before is not None and after is not None and (before < low) != (after < low):
                crossed = [d for d in f["drivers"] if d.startswith(f"{actor} ")]
                assert crossed or not moved


# -- rulebooks over time ----------------------------------------------------------

def _rules_with_low(tmp_path, value):
    from conftest import ROOT

    text = (ROOT / "src" / "regionlab" / "data" / "rulebook.yaml").read_text(encoding="utf-8")
    path = tmp_path / f"rules-{value}.yaml"
    path.write_text(text.replace("  low:\n    value: 40\n", f"  low:\n    value: {value}\n", 1),
                    encoding="utf-8")
    return path


def test_changes_are_put_down_to_data_rules_or_both(tmp_path):
    from regionlab.nation.diff import compare
    from regionlab.trust.engine import Engine

    stricter = _rules_with_low(tmp_path, 55)
    new_rules = Engine(stricter).rulebook
    same_data = compare(PROFILES, PROFILES, new_rules, None, stricter)
    causes = {r["name"]: r.get("cause") for r in same_data.regions}
    assert causes["Geumcheon-gu"] == "rules"  # municipality 50: overlap -> social at 55
    assert causes["Seongnam"] is None  # unchanged
    assert same_data.summary["causes"]["data"] == 0
    both = compare(PROFILES, PROFILES / "2025", new_rules, None, stricter)
    assert {r.get("cause") for r in both.changed} <= {"rules", "data", "both"}
    assert by_name(both, "Gunsan")["cause"] == "both"
    one_rulebook = compare(PROFILES, PROFILES / "2025", load_rulebook())
    assert {r["cause"] for r in one_rulebook.changed} == {"data"}


def test_without_old_profiles_the_cause_is_unknown(tmp_path):
    from regionlab.nation.diff import compare
    from regionlab.trust.engine import Engine

    stricter = _rules_with_low(tmp_path, 55)
    old_csv = tmp_path / "old.csv"
    results.write(run_batch([PROFILES]), old_csv)
    result = compare(old_csv, PROFILES / "2025", Engine(stricter).rulebook, None, stricter)
    assert {r["cause"] for r in result.changed} == {"unknown"}


def test_diff_cli_takes_a_rulebook_per_side(tmp_path):
    stricter = _rules_with_low(tmp_path, 55)
    r = runner.invoke(app, ["diff", str(PROFILES), str(PROFILES), "--new-rules", str(stricter),
                            "--format", "csv"])
    assert r.exit_code == 0
    assert ",rules\n" in r.stdout


def test_two_profiles_of_one_region_and_year_are_a_problem(tmp_path):
    import shutil

    side = tmp_path / "side"
    side.mkdir()
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(PROFILES / "gunsan.yaml", side / name)
    result = diff(load_side(side), load_side(PROFILES), load_rulebook())
    assert [p.code for p in result.problems] == ["duplicate-region"]
    r = runner.invoke(app, ["diff", str(side), str(PROFILES)])
    assert r.exit_code == 1 and "duplicate-region" in r.stderr


def test_a_capacity_that_appears_is_a_change(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    (old / "a.yaml").write_text(json.dumps(profile_data(residents=None)), encoding="utf-8")
    (new / "a.yaml").write_text(json.dumps(profile_data(year=2020)), encoding="utf-8")
    region = diff(load_side(old), load_side(new), load_rulebook()).regions[0]
    assert region["status"] == "changed"
    assert region["capacities"]["residents"] == (None, 50.0, None)  # old, new, change


def test_two_single_profiles_can_be_compared():
    r = runner.invoke(app, ["diff", str(PROFILES / "gunsan.yaml"),
                            str(PROFILES / "2025" / "gunsan.yaml")])
    assert r.exit_code == 0 and "Gunsan (45130 → 52130, 2019 → 2025)" in r.stdout


# --- diff -o: a file, in the format its name gives ---------------------------------------------

def test_diff_writes_a_workbook_to_read_in_the_language_and_to_filter(tmp_path):
    import openpyxl

    out = tmp_path / "changes.xlsx"
    done = CliRunner().invoke(app, ["diff", str(PROFILES), str(PROFILES / "2025"), "-o",
                                    str(out), "--lang", "ko"])
    assert done.exit_code == 0, done.output
    book = openpyxl.load_workbook(out)
    reader = book.active  # it opens on the sheet for a reader, in Korean
    assert reader.title == "요약" and book.sheetnames[1:] == ["변경 데이터", "오류"]
    rows = list(reader.iter_rows(values_only=True))
    assert rows[0][:4] == ("지역", "시도", "영역 (이전)", "영역 (이후)")
    assert "군산시" in [r[0] for r in rows[1:]]
    assert not any(c.isascii() and c.isalpha() for r in rows[1:] for c in "".join(r[:6]))
    # the machine sheet: the CSV's rows, with capacities and years as numbers
    machine = list(book["변경 데이터"].iter_rows(values_only=True))
    csv_text = CliRunner().invoke(app, ["diff", str(PROFILES), str(PROFILES / "2025"),
                                        "-f", "csv"]).stdout
    import csv
    import io

    from_csv = list(csv.reader(io.StringIO(csv_text)))
    assert machine[0] == tuple(from_csv[0])
    assert len(machine) == len(from_csv) == len(rows)
    column = from_csv[0].index("residents_new")
    assert all(isinstance(r[column], (int, float)) for r in machine[1:] if r[column] is not None)
    assert [r[column] for r in machine[1:]] == [float(r[column]) if r[column] else None
                                                for r in from_csv[1:]]
    assert isinstance(machine[1][from_csv[0].index("year_new")], int)
    # the same inputs, the same bytes
    again = tmp_path / "again.xlsx"
    CliRunner().invoke(app, ["diff", str(PROFILES), str(PROFILES / "2025"), "-o", str(again),
                             "--lang", "ko"])
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("suffix,fmt", [(".csv", "csv"), (".json", "json"), (".md", "markdown")])
def test_diff_to_a_file_is_what_it_prints(tmp_path, suffix, fmt):
    out = tmp_path / f"changes{suffix}"
    args = ["diff", str(PROFILES), str(PROFILES / "2025"), "--lang", "ja"]
    done = CliRunner().invoke(app, [*args, "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert out.read_text(encoding="utf-8") == CliRunner().invoke(app, [*args, "-f", fmt]).stdout


def test_diff_to_a_file_keeps_the_old_one_when_nothing_is_compared(tmp_path):
    out = tmp_path / "changes.xlsx"
    out.write_bytes(b"the analyst's earlier file")
    empty = tmp_path / "empty"
    empty.mkdir()
    done = CliRunner().invoke(app, ["diff", str(empty), str(PROFILES), "-o", str(out)])
    assert done.exit_code == 1
    assert out.read_bytes() == b"the analyst's earlier file"
    unknown = CliRunner().invoke(app, ["diff", str(PROFILES), str(PROFILES), "-o",
                                       str(tmp_path / "changes.txt")])
    assert unknown.exit_code == 2 and "cannot tell the format" in unknown.output


def test_text_in_a_diff_workbook_is_never_a_formula(tmp_path):
    import openpyxl
    import yaml

    for year, folder in ((2019, "a"), (2022, "b")):
        (tmp_path / folder).mkdir()
        data = profile_data(year=year)
        data["region"]["name"] = "=HYPERLINK(\"http://x\")"
        (tmp_path / folder / "p.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "changes.xlsx"
    done = CliRunner().invoke(app, ["diff", str(tmp_path / "a"), str(tmp_path / "b"), "-o",
                                    str(out)])
    assert done.exit_code == 0, done.output
    book = openpyxl.load_workbook(out)
    cells = [c for ws in book for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_figures_compared_say_which_ones_are_only_shown(tmp_path, lang):
    """The diff of two national years lists the vintages each figure reads; one shown
    beside the others at weight 0 moves no verdict, and the line says so."""
    from regionlab.nation.init_profiles import init_one
    from regionlab.policy.catalogue import load_catalogue
    from regionlab.policy.framework import load_framework

    init_one("Gunsan", 2019, tmp_path / "old")
    init_one("Gunsan", 2022, tmp_path / "new")
    out = CliRunner().invoke(app, ["diff", str(tmp_path / "old"), str(tmp_path / "new"),
                                   "--lang", lang]).output
    marker = f"({load_catalogue().label('not_counted', lang)})"
    compared = load_catalogue().label("figures_compared", lang)
    listed = {}
    for indicators in load_framework().indicators.values():
        for name, ind in indicators.items():
            head = f"  {compared}: {ind.label[lang]} "
            rest = next((x[len(head):] for x in out.splitlines() if x.startswith(head)
                         and x[len(head):][:1] in "(0123456789—"), None)
            if rest is not None:
                listed[name] = (rest.startswith(marker), ind.counted)
    assert any(counted for _, counted in listed.values())
    assert any(not counted for _, counted in listed.values())
    wrong = {n: v for n, v in listed.items() if v[0] == v[1]}
    assert not wrong, wrong
