"""The command line: parse arguments, call the library, render. Nothing else.

Exit codes: 0 success; 1 an input problem (each printed as file:line: field:
message [code]); 2 a usage error (typer's own). A real bug keeps its traceback.
"""

# No `from __future__ import annotations` here: typer reads every command's parameter
# annotations on every run, and as strings each one is compiled again (about 10 ms a
# start; bench/startup.py).

import copy
import errno
import os
import re
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypedDict

import typer
from typer.models import CommandInfo

from regionlab.base.gc_pause import collector_paused
from regionlab.base.signals import Terminated, end_as_exception
from regionlab.cli import language
from regionlab.cli.evidence import evidence_app
from regionlab.cli.ratings import ratings_app
from regionlab.errors import InputError, RegionlabError, shown
from regionlab.profile.discover import HIDDEN


# click's own help and error messages: paragraphs re-wrapped to the terminal's width,
# errors on one line (rich's boxes cut sentences and long option values at 80 columns)
class _Plain(TypedDict):
    rich_markup_mode: None
    context_settings: dict[str, list[str]]


PLAIN: _Plain = {"rich_markup_mode": None,
                 "context_settings": {"help_option_names": ["-h", "--help"]}}
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # a real bug keeps its plain traceback
    help="Regional-innovation readiness assessor (KRILA 2019 quadruple-helix framework).",
    **PLAIN,
)


def _version(shown: bool) -> None:
    if shown:
        from regionlab import __version__

        print(f"regionlab {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help="Print the version and exit.")] = False) -> None:
    """Regional-innovation readiness assessor (KRILA 2019 quadruple-helix framework)."""

Lang = Annotated[str, typer.Option("--lang", "-l", help=f"Language of labels: {language.HELP}.")]
# Every path parameter says readable=False: typer's own check would refuse a file or
# folder it may not read as a usage error (exit 2) before regionlab could name it and
# say why (exit 1), and would stop a batch that goes on past any one bad path.
PROFILES_HELP = f"Profiles, or folders of profiles. {HIDDEN}"
SIDE_HELP = f"Folder of profiles, or a batch result file. {HIDDEN}"
Rules = Annotated[
    Path | None, typer.Option("--rules", readable=False,
                              help="Use this rulebook instead of the shipped one.")
]
# assess and explain: the view of one assessment. Defined here, not beside the views
# (output/terminal.py), so that the commands that show none (init, batch, report, ...)
# start without importing the engine's modules for an option's choices (20 ms).
class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
Sets = Annotated[list[str] | None, typer.Option(
    "--set", help="A what-if for this run (repeatable): a threshold (low=35), a rating "
                  "(residents.rating=3.5) or an indicator's weight "
                  "(municipality.innovation_staff.weight=2).")]


def _fail(error: RegionlabError) -> None:
    _print_problems(error)
    raise typer.Exit(1)


def _print_problems(error: RegionlabError) -> None:
    problems = getattr(error, "problems", None)
    for line in ([p.format() for p in problems] if problems else [shown(str(error))]):
        print(line, file=sys.stderr)


def _lang(lang: str) -> str:
    return language.checked(lang)


@app.command()
def assess(
    profile: Annotated[Path, typer.Argument(readable=False, help="A region profile (YAML).")],
    fmt: FormatOpt = Format.table,
    lang: Lang = language.DEFAULT,
    rules: Rules = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show every rule considered.")] = False,
    settings: Sets = None,
):
    """Assess one region profile: capacities, domain, grade, cases, strategies, flags, reasons."""
    _show(profile, fmt, _lang(lang), rules, explain, settings or [])


@app.command()
def explain(
    profile: Annotated[Path, typer.Argument(readable=False, help="A region profile (YAML).")],
    fmt: FormatOpt = Format.table,
    lang: Lang = language.DEFAULT,
    rules: Rules = None,
    settings: Sets = None,
):
    """The trace: each rule considered, the values it read, the thresholds, whether it
    fired; and what it would take to move the region into each other domain."""
    _show(profile, fmt, _lang(lang), rules, True, settings or [])


def _show(profile: Path, fmt: Format, lang: str, rules: Path | None, explain: bool,
          settings: list[str]) -> None:
    from regionlab.output import terminal
    from regionlab.trust.engine import Engine

    try:
        engine = Engine(rules, what_ifs=settings)
        with collector_paused():  # a hostile file of 100,000 keys: as validate
            result = engine.assess_file(profile)
    except RegionlabError as e:
        _fail(e)
    steps = None
    if explain:
        from regionlab.trust.what_it_takes import what_it_takes

        steps = what_it_takes(result, engine.framework)
    if fmt is Format.json:
        _to_stdout(terminal.to_json(result, engine.catalogue, lang, explain, steps))
    elif fmt is Format.markdown:
        from regionlab.output.markdown import region_markdown

        _to_stdout(region_markdown(result, engine.catalogue, lang, explain, steps))
    else:
        terminal.to_terminal(result, engine.catalogue, lang, terminal.console(), explain, steps)


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(readable=False, help=PROFILES_HELP)],
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="Look into sub-folders.")
    ] = False,
    fmt: Annotated[ProblemFormat, typer.Option(
        "--format", "-f",
        help="text: one line a problem; json: the problems as records (docs/problems.md)."
    )] = ProblemFormat.text,
):
    """Check profiles and report every problem in every file; exit 1 if any."""
    from regionlab.policy.framework import load_framework
    from regionlab.profile.codes import one_per_region
    from regionlab.profile.discover import profile_paths
    from regionlab.profile.validate import load_profile

    problems: list = []  # of paths: missing, folder loops; the other paths are checked
    try:
        files = profile_paths(paths, recursive, problems)
        framework = load_framework()
    except RegionlabError as e:
        _fail(e)
    loaded = []
    # A hostile file of 100,000 keys makes millions of objects (nodes, problems) that
    # the cyclic collector would walk again and again (bench/unknown_keys.py): paused
    # here, by the command, not by the library's loader (issue 17, item 6)
    with collector_paused():
        for path in files:
            try:
                loaded.append((str(path), load_profile(path, framework)))
            except InputError as e:
                problems += e.problems
    problems += one_per_region(loaded)
    bad = len({p.file for p in problems} & set(map(str, files)))
    if fmt is ProblemFormat.json:
        import json

        print(json.dumps({"summary": {"files": len(files), "valid": len(files) - bad,
                                      "invalid": bad, "problems": len(problems)},
                          "problems": [p.as_dict() for p in problems]},
                         ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem.format())
    print(f"{len(files)} {_plural(len(files), 'file')} checked, {len(files) - bad} valid, "
          f"{bad} invalid", file=sys.stderr)
    if not files and not problems:  # as batch: nothing checked is not a success
        print("no profile files (.yaml, .yml) in the paths given", file=sys.stderr)
        raise typer.Exit(1)
    if problems:
        raise typer.Exit(1)


@app.command()
def init(
    target: Annotated[str, typer.Argument(
        help="A municipality (군산, Gunsan or a code), or with --all the folder to fill.")],
    year: Annotated[int, typer.Option("--year", "-y", help="The year the profile describes.")]
    = 2025,
    all_: Annotated[bool, typer.Option(
        "--all", help="One profile for every local government, into the folder TARGET.")]
    = False,
    output: Annotated[Path, typer.Option(
        "--output", "-o", readable=False,
        help="The .yaml file for one profile, or an existing folder to write it into "
             "(named like 52130-gunsan-2025.yaml).")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
):
    """Write template profiles filled from the reference table (codes, names and the
    official figures available for that year); the actor ratings are for you to fill in."""
    from regionlab.korea.reference import ReferenceLookupError
    from regionlab.nation import init_profiles

    try:
        init_profiles.check_year(year)
    except RegionlabError as e:
        raise typer.BadParameter(str(e), param_hint="--year") from None
    if not all_ and output.suffix.lower() not in (".yaml", ".yml") and not output.is_dir():
        raise typer.BadParameter(f"{output}: a profile is written to a .yaml (or .yml) file, "
                                 "or into an existing folder", param_hint="--output")
    try:
        if all_:
            report = init_profiles.init_all(year, Path(target), force)
            print(f"{len(report.written)} {_plural(len(report.written), 'profile')} written "
                  f"to {target} (local governments on {report.date}); "
                  f"{len(report.skipped)} existing {_plural(len(report.skipped), 'file')} "
                  "left alone (use --force to overwrite)", file=sys.stderr)
            _coverage_note(year)
            return
        written = init_profiles.init_one(target, year, output, force)
    except ReferenceLookupError as e:  # no such place, or several: a usage error
        raise typer.BadParameter(str(e), param_hint="PLACE") from None
    except (RegionlabError, OSError) as e:
        _fail(e if isinstance(e, RegionlabError) else RegionlabError(
            f"{e.filename or output}: cannot be written: {e.strerror}"))
    if written is None:
        print(f"the profile for {target} exists in {output}: left alone (use --force to "
              "overwrite)", file=sys.stderr)
        raise typer.Exit(1)
    print(written)
    _coverage_note(year)


def _coverage_note(year: int, without: int | None = None) -> None:
    """Say on the terminal when the evidence cannot give an actor a capacity in `year`
    for any municipality (2015-2018: the local government), so that no domain comes
    from the evidence alone; `without`: how many assessed profiles of the year lack one."""
    from regionlab.korea import evidence
    from regionlab.policy.framework import load_framework

    missing = evidence.uncovered(year, load_framework())
    if not missing:
        return
    actors = ", ".join(missing)
    lacking = (f"{without} {_plural(without, 'profile')} of {year} "
               f"{'has' if without == 1 else 'have'} no domain: " if without else "")
    print(f"note: {lacking}the evidence gives no capacity for {actors} in {year} "
          f"({'; '.join(missing.values())}); a domain needs all four actors, so rate "
          f"{'it' if len(missing) == 1 else 'them'} in the profiles for one", file=sys.stderr)


@app.command()
def batch(
    paths: Annotated[list[Path], typer.Argument(readable=False, help=PROFILES_HELP)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", readable=False,
        help="Result file: .csv, .xlsx, .json or .jsonl (default: CSV to standard "
             "output).")] = None,
    rules: Rules = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes "
                                      "(at most the number of processors).")] = 1,
    bom: Annotated[bool, typer.Option(
        "--bom", help="Start a CSV with a byte-order mark, for Excel and Korean text.")] = False,
    recursive: Annotated[bool, typer.Option(
        "--recursive", "-r", help="Look into sub-folders.")] = False,
    with_stability: Annotated[bool, typer.Option(
        "--stability/--no-stability",
        help="Work out each verdict's stability (the 'stability' column).")] = True,
    lang: Lang = language.DEFAULT,
):
    """Assess every profile under the given files and folders into one result file.

    Bad files never stop the batch: every good profile is written, each failure
    is listed at the end, and the exit status is then 1. When no profile could be
    assessed, nothing is written and an existing output is left as it was."""
    from regionlab.nation.batch import run_batch
    from regionlab.output import results, terminal
    from regionlab.output.atomic import check_writable, writing
    from regionlab.profile.discover import profile_paths

    if output is not None:
        try:
            check_writable(output)  # a missing folder, or a folder given: exit 1
        except RegionlabError as e:
            _fail(e)
        _output_path(output, paths, results.FORMATS)
    _lang(lang)  # a language it does not have is a usage error, whatever the output
    if bom and output is not None and output.suffix.lower() != ".csv":
        raise typer.BadParameter(f"a byte-order mark is for CSV; {output.name} is not CSV",
                                 param_hint="--bom")
    jobs = _jobs(jobs)
    try:
        missing: list = []  # a path that is not there is listed, and the batch goes on
        files = profile_paths(paths, recursive, missing)
        with terminal.Progress(len(files), "assessing") as bar:
            result = run_batch(paths, rules, jobs, recursive, bar.advance, files,
                               with_stability)
        result.problems[:0] = missing
        for problem in result.problems:
            print(problem.format(), file=sys.stderr)
        if not result.rows:
            _nothing_assessed(result, output)
        if output is None:
            _to_stdout(("\ufeff" if bom else "") + results.csv_text(result))
        else:
            with writing(output):
                if output.suffix.lower() == ".xlsx":  # its readable sheet in the language
                    from regionlab.output.excel import write_xlsx

                    write_xlsx(result, output, lang=_lang(lang))
                else:
                    results.write(result, output, bom)
    except RegionlabError as e:
        _fail(e)
    print(shown(_summary(result, output)), file=sys.stderr)
    for year, n in sorted(Counter(r["year"] for r in result.rows
                                  if r["domain"] is None).items()):
        _coverage_note(year, n)
    if result.problems:
        raise typer.Exit(1)


def _summary(result, output: Path | None) -> str:
    paths = len(result.path_problems)
    failed = len({p.file for p in result.problems} - {p.file for p in result.path_problems})
    unread = f"; {paths} {_plural(paths, 'path')} not read" if paths else ""
    return (f"{result.files} {_plural(result.files, 'profile')}, {len(result.rows)} assessed, "
            f"{failed} failed{unread} -> {output or 'standard output'}")


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def _nothing_assessed(result, output: Path | None) -> None:
    """No row: an existing output is worth more than an empty one. Say why."""
    if result.files:
        why = f"no profile could be assessed ({result.files} found, each with a problem above)"
    elif result.path_problems:
        why = "no profile found: " + "; ".join(f"{p.file}: {p.message}"
                                               for p in result.path_problems[:3])
    else:
        why = "no profile files (.yaml, .yml) in the paths given"
    kept = "nothing written" if output is None else (
        f"{output} left as it was" if output.exists() else f"{output} not written")
    print(shown(f"nothing assessed: {why}; {kept}"), file=sys.stderr)
    raise typer.Exit(1)


def _to_stdout(text: str) -> None:
    """Write to standard output; a reader that stops early (`| head`) is reported, not
    taken for success."""
    data = memoryview(text.encode("utf-8"))
    try:
        sys.stdout.flush()
        # in pieces, counting: a buffered write into a pipe whose reader has gone
        # returns the part written and says nothing (Python 3.11); the next one fails
        while data:
            written = sys.stdout.buffer.write(data)
            data = data[len(data) if written is None else written:]
        sys.stdout.buffer.flush()
    except OSError as e:
        raise typer.Exit(_stdout_failed(e)) from None


def _stdout_failed(e: OSError) -> int:
    """Say in a line that standard output could not be written, and why; the exit
    status. A reader that went away (`| head`) or a full disk (`> /dev/full`)."""
    try:  # as Python's documentation advises: so that the final flush at exit is quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    if isinstance(e, BrokenPipeError):
        why = "standard output was closed before everything was written (by `head`?)"
    else:
        why = f"standard output could not be written: {e.strerror or e}"
    try:
        print(f"{why}; the output is incomplete", file=sys.stderr)
    except OSError:  # standard error too: the exit status says it
        pass
    return 1


def _jobs(jobs: int) -> int:
    """At most one process per processor: more only compete for the same cores."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
        else os.cpu_count() or 1
    if jobs > cores:
        print(f"--jobs {jobs}: using {cores}, the number of processors", file=sys.stderr)
    return min(jobs, cores)


# diff -o: the format a file's name asks for
DIFF_FILES = {".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown",
              ".xlsx": "xlsx"}


def _output_path(output: Path, inputs: list[Path], formats) -> None:
    """Usage errors of an output path, before any work: a format that cannot be told
    from its name, or a file that is also an input (it would be overwritten)."""
    if output.suffix.lower() not in formats:
        raise typer.BadParameter(f"cannot tell the format from '{output.name}'; give a name "
                                 f"ending in {', '.join(formats)}", param_hint="--output")
    for given in inputs:
        if output.exists() and given.exists() and os.path.samefile(given, output):
            raise typer.BadParameter(f"{output} is also an input ({given}); writing it would "
                                     "overwrite the input; give another file name",
                                     param_hint="--output")


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(readable=False, help=SIDE_HELP)],
    new: Annotated[Path, typer.Argument(readable=False, help=SIDE_HELP)],
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="table, csv, json or markdown.")] = "table",
    lang: Lang = language.DEFAULT,
    rules: Rules = None,
    only_changed: Annotated[bool, typer.Option("--only-changed",
                                               help="Leave out unchanged regions.")] = False,
    fail_on_change: Annotated[bool, typer.Option(
        "--fail-on-change", help="Exit 3 when any region changed (for scripts).")] = False,
    old_rules: Annotated[Path | None, typer.Option(
        "--old-rules", readable=False,
        help="Rulebook for OLD (default: --rules, or the shipped one).")] = None,
    new_rules: Annotated[Path | None, typer.Option(
        "--new-rules", readable=False,
        help="Rulebook for NEW (default: --rules, or the shipped one).")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", readable=False,
        help="Write to this file, whole or not at all, instead of standard output; its name "
        "gives the format: .csv, .json, .md or .xlsx (a workbook: a sheet to read in "
        "--lang, the CSV's columns with numbers as numbers, the errors).")] = None,
):
    """What changed between two years: domains, grades, cases, strategies, flags,
    capacities, and the rule and threshold behind each move."""
    from regionlab.nation import diff_view
    from regionlab.nation.diff import compare
    from regionlab.output.atomic import check_writable, replacing, writing
    from regionlab.trust.engine import Engine

    if fmt not in diff_view.DIFF_FORMATS:
        raise typer.BadParameter(f"'{fmt}' is not one of {', '.join(diff_view.DIFF_FORMATS)}")
    if output is not None:
        _output_path(output, [old, new], tuple(DIFF_FILES))
    old_rules, new_rules = old_rules or rules, new_rules or rules
    try:
        if output is not None:
            check_writable(output)
        engine = Engine(new_rules)
        result = compare(old, new, engine.rulebook, old_rules, new_rules)
    except RegionlabError as e:
        _fail(e)
    render = {"csv": lambda: diff_view.to_csv(result, only_changed),
              "json": lambda: diff_view.to_json(result, only_changed),
              "markdown": lambda: diff_view.to_markdown(result, engine.catalogue, _lang(lang),
                                                       only_changed),
              "table": lambda: diff_view.to_text(result, engine.catalogue, _lang(lang),
                                                only_changed)}
    if output is None:
        text = render[fmt]()
        if fmt == "table" and sys.stdout.isatty():  # piped, the lines stay whole
            import shutil

            from regionlab.output.terminal import fit_text

            text = fit_text(text, shutil.get_terminal_size().columns)
        _to_stdout(text)
    else:
        matched = any(r["status"] in ("changed", "unchanged") for r in result.regions)
        if not matched and (result.problems or not result.regions):
            # a side failed or was empty: nothing better to put there, the old file stays
            for problem in result.problems:
                print(problem.format(), file=sys.stderr)
            kept = f"{output} left as it was" if output.exists() else f"{output} not written"
            print(shown(f"nothing compared; {kept}"), file=sys.stderr)
            raise typer.Exit(1)
        kind = DIFF_FILES[output.suffix.lower()]
        try:
            with writing(output):
                if kind == "xlsx":
                    data = diff_view.to_xlsx(result, engine.catalogue, _lang(lang), only_changed)
                    with replacing(output, "wb", encoding=None) as f:
                        f.write(data)
                else:
                    with replacing(output, "w", encoding="utf-8") as f:
                        f.write(render[kind]())
        except RegionlabError as e:
            _fail(e)
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    if output is not None:
        print(shown(f"{len(diff_view.regions_shown(result, only_changed))} regions -> {output}"),
              file=sys.stderr)
    if result.problems:
        raise typer.Exit(1)
    if fail_on_change and result.changed:
        raise typer.Exit(3)


@app.command()
def report(
    paths: Annotated[list[Path], typer.Argument(readable=False,
        help="A profile; profiles, folders or batch result files; or two of them with "
             f"--two-years. {HIDDEN}")],
    output: Annotated[Path, typer.Option("--output", "-o",
                                         readable=False,
                                         help="The report: .html, .md for Markdown, or "
                                              ".xlsx for an Excel workbook.")],
    lang: Lang = language.DEFAULT,
    rules: Rules = None,
    two_years: Annotated[bool, typer.Option(
        "--two-years", help="Compare two years: OLD and NEW folders or result files.")] = False,
    years: Annotated[bool, typer.Option(
        "--years", help="Each region's path over the years: two or more folders or result "
        "files, oldest first.")] = False,
    edition: Annotated[str | None, typer.Option(
        "--edition", help="The date the report is dated by: YYYY-MM-DD, or 'today' for the "
        "clock (default: SOURCE_DATE_EPOCH, else the date of the shipped data, so the same "
        "inputs give the same file).")] = None,
):
    """A report to hand on: one self-contained HTML file (charts, map and fonts
    inside; opens without a network) or Markdown for pasting into a document."""
    from regionlab.output.atomic import check_writable, replacing, writing

    with collector_paused():  # a report's libraries: as the start-up's (cli/__init__.py)
        from regionlab.report import build

    suffix = output.suffix.lower()
    _output_path(output, paths, (".html", ".htm", ".md", ".markdown", ".xlsx"))
    if two_years and len(paths) != 2:
        raise typer.BadParameter(f"--two-years compares exactly two folders or batch result "
                                 f"files (old, new); {len(paths)} given")
    if years and len(paths) < 2:
        raise typer.BadParameter("--years needs two or more folders or batch result files "
                                 f"(one per year); {len(paths)} given")
    fmt = "markdown" if suffix in (".md", ".markdown") else "xlsx" if suffix == ".xlsx" \
        else "html"
    if edition is not None:
        from regionlab.report.html import edition as dated

        try:
            dated(edition)
        except RegionlabError as e:
            raise typer.BadParameter(str(e), param_hint="--edition") from None
    problems: list = []
    try:
        check_writable(output)
        inputs = _report_inputs(paths)
        text = build.report(paths, _lang(lang), rules, two_years, fmt, problems, years,
                            edition)
        if inputs and set(inputs) <= {p.file for p in problems}:
            # every profile failed: the report would show nothing; keep the old one
            for problem in problems:
                print(problem.format(), file=sys.stderr)
            kept = f"{output} left as it was" if output.exists() else f"{output} not written"
            print(shown(f"nothing assessed: no profile could be assessed; {kept}"),
                  file=sys.stderr)
            raise typer.Exit(1)
        with writing(output), replacing(output, "wb" if isinstance(text, bytes) else "w",
                                        encoding="utf-8") as f:
            f.write(text)
    except RegionlabError as e:
        _fail(e)
    for problem in problems:  # the report lists them too; a script needs the exit status
        print(problem.format(), file=sys.stderr)
    print(shown(str(output)), file=sys.stderr)
    if not two_years and not years and len(paths) > 1:
        _years_note(inputs)
    if problems:
        raise typer.Exit(1)


_YEAR = re.compile(rb"^year:[ \t]*([0-9]{4})\b", re.MULTILINE)


def _years_note(files: list[str]) -> None:
    """Profiles of several years given to one report without --two-years or --years
    make one overview of all of them: say so, and how to compare the years instead.
    Each file's top-level `year:` line is enough to tell (nothing parsed again)."""
    found = set()
    for file in files:
        if not os.path.isfile(file):  # a named pipe given by name: never wait on it
            continue
        try:
            with open(file, "rb") as f:
                match = _YEAR.search(f.read(65536))
        except OSError:
            continue
        if match:
            found.add(match.group(1).decode())
    if len(found) > 1:
        print(f"note: the profiles are of {', '.join(sorted(found))}, and this report is one "
              "overview of all of them; to compare the years, give one folder per year with "
              "--two-years OLD NEW or --years", file=sys.stderr)


def _report_inputs(paths: list[Path]) -> list[str]:
    """The profile files a report will assess ([] when result files give rows too);
    none at all is an error before any work: a report of nothing replaces nothing."""
    from regionlab.output.results import FORMATS
    from regionlab.profile.discover import profile_paths

    tables = [p for p in paths if p.is_file() and p.suffix.lower() in FORMATS]
    files = [str(p) for p in profile_paths([p for p in paths if p not in tables])]
    if not files and not tables:
        raise RegionlabError(f"nothing to report: no profile files (.yaml, .yml) or batch "
                             f"result files in {', '.join(map(str, paths))}")
    return [] if tables else files


rules_app = typer.Typer(help="Check a rulebook and run its test cases.", no_args_is_help=True,
                        **PLAIN)
app.add_typer(rules_app, name="rules")
app.add_typer(ratings_app, name="ratings")  # cli/ratings.py
app.add_typer(evidence_app, name="evidence")  # cli/evidence.py


@rules_app.command("check")
def rules_check(
    rulebook: Annotated[Path | None, typer.Argument(readable=False,
        help="The rulebook to check (default: the shipped one).")] = None,
):
    """Report every problem of a rulebook at once: syntax, unknown names, types,
    thresholds out of order, unreachable domains and cases, conflicting rules,
    rules that can never fire."""
    from regionlab.rules.check import check

    problems = check(rulebook)
    for problem in problems:
        print(problem.format())
    name = rulebook or "the shipped rulebook"
    print(f"{name}: {len(problems)} problem{'' if len(problems) == 1 else 's'}", file=sys.stderr)
    if problems:
        raise typer.Exit(1)


@rules_app.command("test")
def rules_test(
    cases: Annotated[list[Path] | None, typer.Argument(readable=False,
        help="Case files (default: the shipped rulebook's own cases).")] = None,
    rules: Rules = None,
):
    """Run rulebook test cases: partial profiles and the verdicts expected. Each
    failing case is named with what differed; so is every rule no case exercises."""
    from regionlab.rulecases import cases as rule_cases

    try:
        report = rule_cases.run(cases or [rule_cases.shipped_cases()], rules)
    except RegionlabError as e:
        _fail(e)
    for result in report.results:
        for difference in result.differences:
            print(f"{result.file}:{result.line}: case '{result.name}': {difference}")
    for rule_id, line in report.unexercised:
        print(f"{report.rulebook}:{line}: rule '{rule_id}' is not exercised by any case")
    failed = sum(not r.passed for r in report.results)
    print(f"{len(report.results)} cases: {len(report.results) - failed} passed, {failed} failed; "
          f"{len(report.unexercised)} rules not exercised", file=sys.stderr)
    if not report.passed:
        raise typer.Exit(1)


def main() -> None:
    end_as_exception()  # SIGTERM, SIGHUP: cleaned up after as Ctrl-C is
    given = sys.argv[1:sys.argv.index("--")] if "--" in sys.argv else sys.argv[1:]
    if "--version" in given[1:]:  # after a command (`regionlab validate --version`): the
        from regionlab import __version__  # version, not "no such option (did you mean
                                           # --recursive?)"
        print(f"regionlab {__version__}")
        sys.exit(0)
    try:
        narrowed(given)()
    except RegionlabError as e:  # a shipped data file edited wrong, read as its module loads
        _print_problems(e)
        sys.exit(1)
    except Terminated as e:
        try:
            print(f"stopped by {e.name} once the files being written were in place"
                  if e.after_writing else
                  f"stopped by {e.name}; no file is left half-written", file=sys.stderr)
        except OSError:
            pass
        sys.exit(128 + e.signum)
    except OSError as e:
        # Every file is read and written with its failures as problems (InputError);
        # what is left is standard output (or error) failing: a full disk, a device
        # error. A line and an exit status, not a traceback.
        if e.errno not in _WRITE_ERRORS:
            raise
        sys.exit(_stdout_failed(e))


def narrowed(args: list[str]) -> typer.Typer:
    """The app with only the command `args` name first: typer builds every registered
    command (its parameters, help and signature) on each run, about 5 ms for all of
    them, where one is used. Without a command name first (no arguments, `--help`, a
    misspelt name) the whole app, for its list of commands and its did-you-mean."""
    name = args[0] if args else None
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    only = copy.copy(app)
    only.registered_commands, only.registered_groups = commands, groups
    return only


def _command_name(command: CommandInfo) -> str | None:
    if command.name:
        return command.name
    return command.callback.__name__.lower().replace("_", "-") if command.callback else None


_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EPIPE,
                 errno.EROFS, errno.EBADF}
