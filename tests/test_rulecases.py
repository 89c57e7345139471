"""rules test: each case of the shipped rulebook is a test item of its own (as
OpenFisca's YAML tests are), so a failure names the case; every rule is exercised;
an edited threshold fails, naming the case."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT
from typer.testing import CliRunner

from regionlab.cli import app
from regionlab.errors import InputError
from regionlab.rulecases import cases as rule_cases

runner = CliRunner()
SHIPPED = ROOT / "src" / "regionlab" / "data" / "rulebook.yaml"


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("REGIONLAB_CACHE", "0")


def edited(tmp_path, old: str, new: str):
    path = tmp_path / "rules.yaml"
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _case_names() -> list[str]:
    """The names of the shipped cases, read when the tests are collected."""
    data = yaml.safe_load(rule_cases.shipped_cases().read_text(encoding="utf-8"))
    return [case["name"] for case in data["cases"]]


CASE_NAMES = _case_names()


@pytest.fixture(scope="module")
def shipped_report():
    return rule_cases.run([rule_cases.shipped_cases()])


def test_shipped_cases_have_distinct_names():
    assert len(CASE_NAMES) >= 30
    assert sorted(n for n in set(CASE_NAMES) if CASE_NAMES.count(n) > 1) == []


@pytest.mark.parametrize("name", CASE_NAMES, ids=CASE_NAMES)
def test_shipped_case(name, shipped_report):
    [result] = [r for r in shipped_report.results if r.name == name]
    assert not result.differences, (f"{result.file}:{result.line}: case '{name}': "
                                    + "; ".join(result.differences))


def test_every_rule_of_the_shipped_rulebook_is_exercised(shipped_report):
    assert [r.name for r in shipped_report.results] == CASE_NAMES
    assert shipped_report.unexercised == []


def test_an_edited_threshold_fails_naming_the_case(tmp_path):
    rules = edited(tmp_path, "  low:\n    value: 40\n", "  low:\n    value: 41\n")
    r = runner.invoke(app, ["rules", "test", "--rules", str(rules)])
    assert r.exit_code == 1
    assert "case 'residents at low -> overlap': domain: expected overlap, got government" \
        in r.stdout
    assert "residents < low: 40 < 41 -> true" in r.stdout


def test_a_rule_no_case_exercises_is_named(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text("format: regionlab/rule-cases/v1\ncases:\n"
                     "  - name: one\n    capacities: {residents: 20}\n"
                     "    expect: {domain: government}\n", encoding="utf-8")
    report = rule_cases.run([cases])
    assert report.results[0].passed
    assert "domain-overlap" in {rule for rule, _ in report.unexercised}
    r = runner.invoke(app, ["rules", "test", str(cases)])
    assert r.exit_code == 1 and "rule 'domain-overlap' is not exercised" in r.stdout


def test_wrong_expectations_are_each_reported(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "format: regionlab/rule-cases/v1\ncases:\n"
        "  - name: wrong\n    capacities: {residents: 20, municipality: 20}\n"
        "    expect:\n      domain: overlap\n      grade: null\n"
        "      flags_include: [extinction-risk]\n      cases_exclude: []\n", encoding="utf-8")
    result = rule_cases.run([cases]).results[0]
    assert result.line == 3
    assert len(result.differences) == 3
    assert result.differences[0].startswith("domain: expected overlap, got government")
    assert "grade: expected None, got foundational" in result.differences[1]


def test_a_bad_cases_file_is_an_input_error(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text("format: regionlab/rule-cases/v1\ncases:\n  - name: x\n    expct: {}\n",
                     encoding="utf-8")
    with pytest.raises(InputError) as e:
        rule_cases.run([cases])
    assert {p.code for p in e.value.problems} >= {"unknown-key", "missing-key"}
    r = runner.invoke(app, ["rules", "test", str(cases)])
    assert r.exit_code == 1 and "did you mean 'expect'" in r.stderr


def test_an_invalid_case_profile_fails_that_case(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text("format: regionlab/rule-cases/v1\ncases:\n  - name: bad rating\n"
                     "    profile: {actors: {residents: {rating: 9}}}\n    expect: {}\n",
                     encoding="utf-8")
    result = rule_cases.run([cases]).results[0]
    assert not result.passed and "invalid" in result.differences[0]


def test_an_expected_id_the_catalogue_lacks_is_named_as_such(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text("format: regionlab/rule-cases/v1\ncases:\n  - name: typo\n"
                     "    expect: {domain: goverment, cases_include: [rochester]}\n",
                     encoding="utf-8")
    differences = rule_cases.run([cases]).results[0].differences
    assert "did you mean 'government'" in differences[0]
    assert "not a case in the catalogue" in differences[1]
