"""`regionlab ratings`: rate every region as a team, in a spreadsheet.

Registered by cli/main.py. Parses arguments, calls regionlab.ratings and prints; the
libraries it needs (openpyxl, ruamel.yaml, krippendorff) are imported by the
command that runs, never when the CLI starts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from regionlab.errors import RegionlabError, shown
from regionlab.profile.discover import HIDDEN

ratings_app = typer.Typer(help="Rate every region as a team: a rating sheet out, filled "
                               "sheets in, and how far the raters agreed.",
                          no_args_is_help=True,
                          # plain help and -h, as cli/main.py's commands (its PLAIN)
                          rich_markup_mode=None,
                          context_settings={"help_option_names": ["-h", "--help"]})

PROFILES_HELP = f"Profiles, or folders of profiles. {HIDDEN}"
Recursive = Annotated[bool, typer.Option("--recursive", "-r", help="Look into sub-folders.")]
Sheets = Annotated[list[Path], typer.Argument(
    help="Filled rating sheets (.xlsx, .xlsm or .csv): one per rater, or with a rater "
         "column.")]
LANGS = ("en", "ko", "ja")


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _fail(error: RegionlabError, what: str = "") -> None:
    problems = getattr(error, "problems", None)
    for line in ([p.format() for p in problems] if problems else [shown(str(error))]):
        print(line, file=sys.stderr)
    if problems and what:
        print(f"{len(problems)} {'problem' if len(problems) == 1 else 'problems'}: {what}",
              file=sys.stderr)
    raise typer.Exit(1)


def _plural(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else word + 's'}"


@ratings_app.command("sheet")
def sheet(
    folders: Annotated[list[Path], typer.Argument(help=PROFILES_HELP)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The sheet: .xlsx or .csv.")],
    lang: Annotated[str, typer.Option("--lang", "-l", help="Language of the labels and "
                                      "the rating scale: en, ko or ja.")] = "en",
    rater: Annotated[str, typer.Option("--rater", help="Fill the rater column with this "
                                       "name (one sheet per rater).")] = "",
    recursive: Recursive = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing sheet.")]
    = False,
):
    """Write a rating sheet (.xlsx or .csv) from profiles.

    A row per region and year: each actor's evidence and figures beside an empty
    rating (1-5, half steps) and note. The rating scale is in a sheet of its own
    (beside a CSV, in NAME-scale.txt). An existing sheet is never overwritten
    without --force."""
    from regionlab.ratings import rows as sheet_rows
    from regionlab.ratings.settings import load_rules
    from regionlab.ratings.sheet import FORMATS, write_sheet

    if lang not in LANGS:
        raise typer.BadParameter(f"'{lang}' is not a language; use one of {', '.join(LANGS)}")
    if output.suffix.lower() not in FORMATS:
        raise typer.BadParameter(f"'{output.name}': a rating sheet is .xlsx or .csv",
                                 param_hint="--output")
    if output.exists() and not force:
        print(f"{output} exists (filled by a rater?): left alone; use --force to overwrite",
              file=sys.stderr)
        raise typer.Exit(1)
    try:
        rules = load_rules()
        loaded, fw = sheet_rows.load_folder(folders, recursive)
        rows = sheet_rows.region_rows(loaded, fw, rules, lang)
        written = write_sheet(rows, output, rules, lang, rater, fw.rating_min, fw.rating_max)
    except RegionlabError as e:
        _fail(e, "no sheet written")
    print(f"{_plural(len(rows), 'region')} -> {', '.join(map(str, written))}", file=sys.stderr)


@ratings_app.command("apply")
def apply(
    sheets: Sheets,
    folder: Annotated[Path, typer.Argument(help=f"The folder of the profiles rated. {HIDDEN}")],
    recursive: Recursive = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print each profile's changes (a diff); write nothing.")] = False,
):
    """Write filled sheets into the profiles, all or none.

    Where several raters rated an actor, the profile gets the panel's figure (the
    median; data/ratings.yaml), the raters' spread and their number. Every sheet and
    profile is checked first, every problem listed with its row and column; then all
    profiles are written, or none. Comments and formatting stay as they are."""
    from regionlab.ratings.apply import apply_ratings

    try:
        report = apply_ratings(sheets, folder, recursive, dry_run)
    except RegionlabError as e:
        _fail(e, "no profile changed")
    if dry_run:
        for path in report.changed:
            sys.stdout.write(report.diffs[path])
    verb = "would change" if dry_run else "changed"
    print(f"{_plural(len(report.raters), 'rater')} ({', '.join(report.raters)}), "
          f"{_plural(report.rows, 'row')}; {_plural(report.regions, 'region')}: "
          f"{_plural(report.ratings, 'rating')} ({report.panels} by two raters or more, "
          f"{report.disputed} with raters far apart); {verb} "
          f"{_plural(len(report.changed), 'profile')} in {folder}", file=sys.stderr)
    for r in report.replaced:  # the sheet never showed these to the raters
        old = " and ".join(x for x in (
            f"rating {r.rating:g}" if r.rating is not None else "",
            f"note '{_short(r.note)}'" if r.note is not None else "") if x)
        new = f" by the panel's {r.new:g}" if r.rating is not None and r.new is not None \
            else " by the panel's"
        print(shown(f"{r.path}: {r.actor}: the profile's own {old} "
                    f"{'would be ' if dry_run else ''}replaced{new}"), file=sys.stderr)


@ratings_app.command("agreement")
def agreement(
    sheets: Sheets,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, or csv (the "
                                     "regions to discuss).")] = "table",
):
    """How far the raters agreed, and where they differ most.

    Krippendorff's alpha for ordinal data per actor and for all, read against
    Krippendorff's thresholds; then the regions where raters are two points apart or
    more (data/ratings.yaml): the list for a panel's second round."""
    from regionlab.policy.framework import load_framework
    from regionlab.ratings import agreement as agree
    from regionlab.ratings.read import Scale, read_sheets
    from regionlab.ratings.settings import load_rules

    if fmt not in ("table", "json", "csv"):
        raise typer.BadParameter(f"'{fmt}' is not one of table, json, csv", param_hint="--format")
    try:
        rules, fw = load_rules(), load_framework()
        entries = read_sheets(sheets, Scale(fw.rating_min, fw.rating_max, rules))
        result = agree.agreement(entries, rules, fw.rating_min, fw.rating_max)
    except RegionlabError as e:
        _fail(e, "nothing measured")
    render = {"table": _agreement_table, "json": _agreement_json, "csv": _agreement_csv}[fmt]
    sys.stdout.write(render(result, rules.discuss_from))


def _agreement_table(result, apart: float) -> str:
    from regionlab.policy.catalogue import load_catalogue

    cat = load_catalogue()
    lines = [f"{_plural(len(result.raters), 'rater')} ({', '.join(result.raters)}), "
             f"{_plural(result.regions, 'region')}", "",
             f"{'actor':<52} {'alpha':>6}  {'reading':<11} {'regions':>7} {'ratings':>7}"]
    for a in result.alphas:
        name = "all actors" if a.actor == "all" else \
            f"{cat.title('actors', a.actor)} ({a.actor})"
        alpha = "-" if a.alpha is None else f"{a.alpha:.3f}"
        lines.append(f"{name:<52} {alpha:>6}  {a.reading or '-':<11} {a.regions:>7} "
                     f"{a.ratings:>7}" + (f"  ({a.why})" if a.why else ""))
    lines += ["", f"Raters {apart:g} points apart or more: {len(result.disputes)}"
              + (" (to discuss in a second round)" if result.disputes else "")]
    for d in result.disputes:
        given = ", ".join(f"{rater} {rating:g}" for rater, rating in d.by_rater)
        lines.append(f"  {d.code} {d.name} {d.year}  {d.actor}  spread {d.spread:g}: {given}")
    return "\n".join(lines) + "\n"


def _agreement_json(result, apart: float) -> str:
    data = {"raters": list(result.raters), "regions": result.regions,
            "alpha": [a._asdict() for a in result.alphas], "discuss_from": apart,
            "disputes": [{**d._asdict(), "by_rater": dict(d.by_rater)} for d in result.disputes]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _agreement_csv(result, apart: float) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "year", "name", "actor", "spread", *result.raters])
    for d in result.disputes:
        given = dict(d.by_rater)
        writer.writerow([d.code, d.year, d.name, d.actor, f"{d.spread:g}",
                         *(f"{given[r]:g}" if r in given else "" for r in result.raters)])
    return out.getvalue()
