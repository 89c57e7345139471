"""The documentation tells the truth about the tool."""

from __future__ import annotations

from conftest import ROOT

from regionlab.cli import app
from regionlab.policy.framework import load_framework

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_outputs_are_the_real_outputs(monkeypatch):
    """Every `$ regionlab ...` block in the README shows what the command prints
    (refresh them with scripts/readme_outputs.py)."""
    import sys

    monkeypatch.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "scripts"))
    from readme_outputs import BLOCK, refresh

    assert len(BLOCK.findall(README)) >= 2
    assert refresh(README) == README


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
