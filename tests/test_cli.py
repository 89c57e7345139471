"""The command line as a user meets it: exit codes, messages, formats, languages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import PROFILES, ROOT, profile_data
from typer.testing import CliRunner

from regionlab.cli import app
from regionlab.cli.main import Format

runner = CliRunner()
GUNSAN = str(PROFILES / "gunsan.yaml")


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_assess_prints_the_verdict_with_reasons():
    r = run("assess", GUNSAN)
    assert r.exit_code == 0, r.output
    for text in ("Gunsan", "Government (government)", "rochester-nbn", "Strengthen residents",
                 "domain-government", "residents < low: 25 < 40 -> true"):
        assert text in r.output


def test_json_has_the_stable_core():
    r = run("assess", GUNSAN, "--format", "json")
    data = json.loads(r.stdout)
    assert list(data)[:9] == ["region", "year", "capacities", "domain", "grade", "cases",
                              "strategies", "flags", "reasons"]
    assert data["stability"] == {"domain": 1.0, "samples": 100, "near": [], "fragile": False,
                                 "alternatives": 0, "noise": None,
                                 "methods_changing_domain": []}
    assert data["region"]["code"] == "45130"
    assert data["capacities"] == {"municipality": 50.0, "residents": 25.0,
                                  "business_finance": 25.0, "universities": 25.0}
    assert data["domain"] == "government"
    assert data["cases"][0]["id"] == "rochester-nbn"
    assert all("rule" in reason for reason in data["reasons"])


def test_same_input_same_bytes():
    first = run("assess", GUNSAN, "--format", "json").stdout
    assert first == run("assess", GUNSAN, "--format", "json").stdout


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_renders(fmt):
    r = run("assess", GUNSAN, "--format", fmt.value)
    assert r.exit_code == 0, r.output
    assert "rochester-nbn" in r.stdout


def test_markdown_is_a_report():
    out = run("assess", GUNSAN, "--format", "markdown").stdout
    assert out.startswith("# Gunsan (군산시) — 2019")
    assert "| `domain-government` |" in out


@pytest.mark.parametrize("lang, word", [("ko", "정부"), ("ja", "政府"), ("en", "Government")])
def test_languages(lang, word):
    r = run("assess", GUNSAN, "--lang", lang)
    assert r.exit_code == 0
    assert word in r.stdout


def test_unknown_language_is_a_usage_error():
    r = run("assess", GUNSAN, "--lang", "fr")
    assert r.exit_code == 2


def test_explain_shows_every_rule(tmp_path):
    from regionlab.rules.rulebook import load_rulebook

    r = run("explain", GUNSAN, "--format", "json")
    trace = json.loads(r.stdout)["trace"]
    region_rules = [x for x in load_rulebook().rules if x.applies_to == "region"]
    assert {t["rule"] for t in trace} >= {x.id for x in region_rules}
    overlap = next(t for t in trace if t["rule"] == "domain-overlap")
    assert overlap["fired"] is False
    assert overlap["comparisons"] == ["residents >= low: 25 >= 40 -> false"]
    table = run("explain", GUNSAN).stdout
    assert "domain-overlap" in table and "not fired" in table


def test_bad_profile_exits_1_with_location_and_no_traceback(write_profile):
    data = profile_data()
    data["actors"]["residents"] = {"ratng": 3}
    path = write_profile(data)
    r = run("assess", path)
    assert r.exit_code == 1
    assert f"{path}:" in r.stderr and "did you mean 'rating'" in r.stderr
    assert "Traceback" not in r.output + r.stderr


def test_missing_file_exits_1():
    r = run("assess", "no/such/file.yaml")
    assert r.exit_code == 1
    assert "no/such/file.yaml" in r.stderr


def test_validate_reports_every_bad_file(tmp_path, write_profile):
    write_profile(profile_data(), "good.yaml")
    bad = profile_data()
    bad["year"] = "2019"
    bad["actors"]["municipality"] = {"rating": 9}
    write_profile(bad, "bad.yaml")
    (tmp_path / "worse.yaml").write_text("- a list\n", encoding="utf-8")
    r = run("validate", tmp_path)
    assert r.exit_code == 1
    assert "bad.yaml:" in r.stdout and "worse.yaml:" in r.stdout and "good.yaml" not in r.stdout
    assert r.stdout.count("bad.yaml:") == 2  # both problems of the file
    assert "3 files checked, 1 valid, 2 invalid" in r.stderr


def test_validate_good_folder_exits_0():
    r = run("validate", PROFILES, "--recursive")
    assert r.exit_code == 0, r.output
    assert "10 files checked, 10 valid, 0 invalid" in r.stderr


def test_rules_option_uses_the_analysts_rulebook(tmp_path):
    shipped = (ROOT / "src" / "regionlab" / "data" / "rulebook.yaml").read_text(encoding="utf-8")
    edited = tmp_path / "rules.yaml"
    edited.write_text(shipped.replace("value: 40\n", "value: 20\n", 1), encoding="utf-8")
    r = run("assess", GUNSAN, "--rules", edited, "--format", "json")
    assert json.loads(r.stdout)["domain"] == "overlap"  # residents 25 is no longer low


def test_bad_rulebook_is_reported_with_its_line(tmp_path):
    shipped = (ROOT / "src" / "regionlab" / "data" / "rulebook.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "rules.yaml"
    broken.write_text(shipped.replace("when: residents < low\n", "when: residnts < low\n"),
                      encoding="utf-8")
    line = broken.read_text(encoding="utf-8").splitlines().index("    when: residnts < low") + 1
    r = run("assess", GUNSAN, "--rules", broken)
    assert r.exit_code == 1
    assert f"rules.yaml:{line}:" in r.stderr and "did you mean 'residents'" in r.stderr


def test_python_dash_m_and_no_pandas_on_the_assess_path():
    code = ("import sys; from regionlab.cli import app\n"
            "try:\n    app(['assess', sys.argv[1], '--format', 'json'])\n"
            "except SystemExit as e:\n    assert e.code in (0, None)\n"
            "assert 'pandas' not in sys.modules, 'assess imported pandas'\n")
    subprocess.run([sys.executable, "-c", code, GUNSAN], check=True, capture_output=True)
    r = subprocess.run([sys.executable, "-m", "regionlab", "assess", GUNSAN],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "Gunsan" in r.stdout


def test_every_command_has_help():
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        r = run(name, "--help")
        assert r.exit_code == 0
        assert (command.callback.__doc__ or "").strip(), f"{name} has no help text"


def test_report_output_must_be_html_or_markdown(tmp_path):
    r = run("report", GUNSAN, "-o", tmp_path / "report.txt")
    assert r.exit_code == 2 and not (tmp_path / "report.txt").exists()
