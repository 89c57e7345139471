"""--set: a what-if without editing a file, and the output says it is one."""

from __future__ import annotations

import json

from conftest import PROFILES
from typer.testing import CliRunner

from regionlab.cli import app

runner = CliRunner()
GUNSAN = str(PROFILES / "gunsan.yaml")


def assess(*extra):
    r = runner.invoke(app, ["assess", GUNSAN, "--format", "json", *extra])
    return r, (json.loads(r.stdout) if r.exit_code == 0 else None)


def test_a_lower_threshold_moves_the_domain_and_is_shown():
    _, before = assess()
    r, after = assess("--set", "low=20")
    assert before["domain"] == "government" and "what_if" not in before
    assert after["domain"] == "overlap"
    assert after["what_if"] == [{"target": "threshold", "name": "low", "value": 20.0,
                                 "was": 40.0}]
    text = runner.invoke(app, ["assess", GUNSAN, "--set", "low=20"]).stdout
    assert "What-if: low = 20 (was 40)" in text


def test_a_rating_and_a_weight():
    _, data = assess("--set", "residents.rating=3.5")
    assert data["capacities"]["residents"] == 62.5 and data["domain"] == "overlap"
    assert data["what_if"][0]["was"] == 2.0
    _, data = assess("--set", "residents.volunteer_rate_pct.weight=3")
    assert data["what_if"][0] == {"target": "weight", "name":
                                  "residents.volunteer_rate_pct.weight", "value": 3.0,
                                  "was": 1.0}


def test_the_files_are_untouched_by_a_what_if():
    assess("--set", "low=20")
    _, data = assess()
    assert data["domain"] == "government"


def test_unknown_names_and_bad_values_are_refused():
    r, _ = assess("--set", "lw=20")
    assert r.exit_code == 1 and "did you mean 'low'" in r.stderr
    r, _ = assess("--set", "residents.rating=9")
    assert r.exit_code == 1 and "between 1 and 5" in r.stderr
    r, _ = assess("--set", "low")
    assert r.exit_code == 1 and "NAME=NUMBER" in r.stderr


def test_what_ifs_that_make_no_sense_are_refused():
    for setting, words in (("low=nan", "finite"), ("low=inf", "finite"),
                           ("residents.volunteer_rate_pct.weight=-1", "above 0"),
                           ("high=30", "must stay above low")):
        r, _ = assess("--set", setting)
        assert r.exit_code == 1 and words in r.stderr, setting
