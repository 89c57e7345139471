"""`regionlab COMMAND ...` runs an app holding only that command (cli/main.py,
`narrowed`: typer builds every command it holds on each run). What a user sees must
not change: each command's help and usage errors as the whole app gives them, and the
whole app when no command name comes first."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from regionlab.cli.main import app, narrowed

runner = CliRunner()


def _names() -> list[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return sorted(group.commands)


def _same(args: list[str]) -> None:
    whole, only = runner.invoke(app, args), runner.invoke(narrowed(args), args)
    assert (only.exit_code, only.output) == (whole.exit_code, whole.output), args


def test_every_command_and_group_has_the_same_help_and_usage_errors_alone():
    names = _names()
    assert {"assess", "batch", "rules", "ratings", "evidence"} <= set(names)
    for name in names:
        alone = narrowed([name])
        assert alone is not app, name
        _same([name, "--help"])
        _same([name, "--no-such-option"])


def test_without_a_command_name_first_the_whole_app_answers():
    for args in ([], ["--help"], ["asess", "x.yaml"], ["-h"]):
        assert narrowed(args) is app
    result = runner.invoke(narrowed(["asess"]), ["asess", "x.yaml"])
    assert result.exit_code == 2 and "Did you mean 'assess'?" in result.output
