"""The documentation tells the truth about the tool."""

from __future__ import annotations

from conftest import PROFILES, ROOT
from typer.testing import CliRunner

from regionlab.cli import app
from regionlab.framework import load_framework

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_example_output_is_the_real_output():
    result = CliRunner().invoke(app, ["assess", str(PROFILES / "gunsan.yaml")])
    assert result.exit_code == 0
    assert result.stdout.rstrip() in README


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    test_command = ci[-1]
    assert f"```sh\n{test_command}\n```" in README


def test_readme_setup_runs_the_bundled_example():
    assert "pip install . && regionlab assess profiles/gunsan.yaml" in README


def test_every_command_is_documented():
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"`regionlab {name} " in README, name


def test_every_framework_name_is_in_the_format_docs():
    doc = (ROOT / "docs" / "profile-format.md").read_text(encoding="utf-8")
    fw = load_framework()
    names = [n for actor in fw.indicators.values() for n in actor] + list(fw.context)
    names += list(fw.designations)
    missing = [n for n in names if f"`{n}`" not in doc]
    assert not missing, f"document these in docs/profile-format.md: {missing}"


def test_readme_diff_output_is_the_real_output():
    result = CliRunner().invoke(app, ["diff", str(PROFILES), str(PROFILES / "2025")])
    assert result.exit_code == 0
    assert result.stdout.rstrip() in README
