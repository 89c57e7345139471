"""The command line: parse arguments, call the library, render. Nothing else.

Exit codes: 0 success; 1 an input problem (each printed as file:line: field:
message [code]); 2 a usage error (typer's own). A real bug keeps its traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from regionlab.errors import InputError, RegionlabError
from regionlab.render import Format

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # a real bug keeps its plain traceback
    help="Regional-innovation readiness assessor (KRILA 2019 quadruple-helix framework).",
)

Lang = Annotated[str, typer.Option("--lang", "-l", help="Language of labels: en, ko or ja.")]
Rules = Annotated[
    Path | None, typer.Option("--rules", help="Use this rulebook instead of the shipped one.")
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
LANGS = ("en", "ko", "ja")


def _fail(error: RegionlabError) -> None:
    problems = getattr(error, "problems", None)
    for line in ([p.format() for p in problems] if problems else [str(error)]):
        print(line, file=sys.stderr)
    raise typer.Exit(1)


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise typer.BadParameter(f"'{lang}' is not a language; use one of {', '.join(LANGS)}")
    return lang


@app.command()
def assess(
    profile: Annotated[Path, typer.Argument(help="A region profile (YAML).")],
    fmt: FormatOpt = Format.table,
    lang: Lang = "en",
    rules: Rules = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show every rule considered.")] = False,
):
    """Assess one region profile: capacities, domain, grade, cases, strategies, flags, reasons."""
    _show(profile, fmt, _lang(lang), rules, explain)


@app.command()
def explain(
    profile: Annotated[Path, typer.Argument(help="A region profile (YAML).")],
    fmt: FormatOpt = Format.table,
    lang: Lang = "en",
    rules: Rules = None,
):
    """The trace: each rule considered, the values it read, the thresholds, whether it fired."""
    _show(profile, fmt, _lang(lang), rules, True)


def _show(profile: Path, fmt: Format, lang: str, rules: Path | None, explain: bool) -> None:
    from regionlab import render
    from regionlab.assess import Engine

    try:
        engine = Engine(rules)
        result = engine.assess_file(profile)
    except RegionlabError as e:
        _fail(e)
    if fmt is Format.json:
        sys.stdout.write(render.to_json(result, engine.catalogue, lang, explain))
    elif fmt is Format.markdown:
        sys.stdout.write(render.to_markdown(result, engine.catalogue, lang, explain))
    else:
        render.to_terminal(result, engine.catalogue, lang, render.console(), explain)


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Profiles, or folders of profiles.")],
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="Look into sub-folders.")
    ] = False,
):
    """Check profiles and report every problem in every file; exit 1 if any."""
    from regionlab.files import profile_paths
    from regionlab.framework import load_framework
    from regionlab.profile import load_profile

    try:
        files = profile_paths(paths, recursive)
        framework = load_framework()
    except RegionlabError as e:
        _fail(e)
    bad = 0
    for path in files:
        try:
            load_profile(path, framework)
        except InputError as e:
            bad += 1
            for problem in e.problems:
                print(problem.format())
    print(f"{len(files)} files checked, {len(files) - bad} valid, {bad} invalid", file=sys.stderr)
    if bad:
        raise typer.Exit(1)


def main() -> None:
    app()
