"""`regionlab ratings sheet|apply|agreement` as a user runs them, and what `assess`
never imports because of them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import PROFILES
from test_ratings import RATERS, fill, snapshot
from typer.testing import CliRunner

from regionlab.cli import app
from regionlab.cli.ratings import ratings_app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def profiles(tmp_path):
    """The example profiles of 2019 and 2025: flow style, folded notes."""
    out = tmp_path / "profiles"
    out.mkdir()
    for path in [*PROFILES.glob("*.yaml"), *(PROFILES / "2025").glob("*.yaml")]:
        (out / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
    return out


@pytest.fixture
def filled(profiles, tmp_path):
    r = run("ratings", "sheet", profiles, "-o", tmp_path / "ratings.xlsx")
    assert r.exit_code == 0, r.stderr
    assert "10 regions -> " in r.stderr
    return [fill(tmp_path / "ratings.xlsx", tmp_path / f"{name}.xlsx", i)
            for i, name in enumerate(RATERS)]


def test_the_workflow_in_five_commands(profiles, filled, tmp_path):
    r = run("ratings", "agreement", *filled)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("3 raters (kim, lee, park), 10 regions\n")
    assert "Raters 2 points apart or more:" in r.stdout
    r = run("ratings", "apply", *filled, profiles)
    assert r.exit_code == 0, r.stderr
    assert "3 raters (kim, lee, park), 30 rows; 10 regions: 40 ratings" in r.stderr
    assert "changed 10 profiles" in r.stderr
    r = run("batch", profiles, "-o", tmp_path / "kr.csv")
    assert r.exit_code == 0, r.stderr


def test_an_existing_sheet_is_never_overwritten_without_force(profiles, tmp_path):
    sheet = tmp_path / "ratings.csv"
    sheet.write_text("filled by a rater", encoding="utf-8")
    r = run("ratings", "sheet", profiles, "-o", sheet)
    assert r.exit_code == 1 and "use --force" in r.stderr
    assert sheet.read_text(encoding="utf-8") == "filled by a rater"
    assert run("ratings", "sheet", profiles, "-o", sheet, "--force").exit_code == 0


def test_a_sheet_is_xlsx_or_csv(profiles, tmp_path):
    r = run("ratings", "sheet", profiles, "-o", tmp_path / "ratings.ods")
    assert r.exit_code == 2 and not (tmp_path / "ratings.ods").exists()


def test_a_refused_apply_lists_every_problem_and_changes_nothing(profiles, filled, tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(filled[0])
    ws = book.worksheets[0]
    ws["I4"], ws["M5"] = 7, "=1+2"
    book.save(filled[0])
    before = snapshot(profiles)
    r = run("ratings", "apply", *filled, profiles)
    assert r.exit_code == 1
    assert f"{filled[0]}:4: column I (municipality_rating): 7 is off the scale" in r.stderr
    assert f"{filled[0]}:5: column M (residents_rating): a formula (=1+2)" in r.stderr
    assert r.stderr.rstrip().endswith("2 problems: no profile changed")
    assert snapshot(profiles) == before


def test_a_dry_run_prints_the_changes(profiles, filled):
    before = snapshot(profiles)
    r = run("ratings", "apply", *filled, profiles, "--dry-run")
    assert r.exit_code == 0 and "would change 10 profiles" in r.stderr
    assert "+    rating_spread:" in r.stdout and snapshot(profiles) == before


def test_agreement_as_json_and_csv(filled):
    data = json.loads(run("ratings", "agreement", *filled, "-f", "json").stdout)
    assert data["raters"] == list(RATERS) and data["regions"] == 10
    assert [a["actor"] for a in data["alpha"]] == ["municipality", "residents",
                                                   "business_finance", "universities", "all"]
    assert all(d["spread"] >= 2 for d in data["disputes"])
    csv = run("ratings", "agreement", *filled, "-f", "csv").stdout.splitlines()
    assert csv[0] == "code,year,name,actor,spread,kim,lee,park"
    assert len(csv) == 1 + len(data["disputes"])


def test_one_rater_has_no_agreement_to_measure(filled):
    r = run("ratings", "agreement", filled[0])
    assert r.exit_code == 0 and "one rater: agreement needs two or more" in r.stdout


def test_every_ratings_command_has_help():
    for command in ratings_app.registered_commands:
        r = run("ratings", command.name, "--help")
        assert r.exit_code == 0 and (command.callback.__doc__ or "").strip(), command.name


def test_assess_imports_nothing_the_ratings_need():
    code = ("import sys; from regionlab.cli import app\n"
            "try:\n    app(['assess', sys.argv[1], '--format', 'json'])\n"
            "except SystemExit as e:\n    assert e.code in (0, None)\n"
            "heavy = ('openpyxl', 'ruamel', 'krippendorff', 'numpy', 'pandas',\n"
            "         'regionlab.ratings')\n"
            "loaded = [m for m in sys.modules if m.split('.')[0] in heavy\n"
            "          or m.startswith('regionlab.ratings')]\n"
            "assert not loaded, loaded\n")
    r = subprocess.run([sys.executable, "-c", code, str(PROFILES / "gunsan.yaml")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
