"""`regionlab ratings`: rate every region as a team, in a spreadsheet.

Registered by cli/main.py. Parses arguments, calls regionlab.ratings and prints; the
libraries it needs (openpyxl, krippendorff) are imported by the
command that runs, never when the CLI starts.
"""

# No `from __future__ import annotations` here: typer reads every command's parameter
# annotations on every run, and as strings each one is compiled again (about 10 ms a
# start; bench/startup.py).

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from regionlab.cli import language
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
Sheets = Annotated[list[Path], typer.Argument(readable=False,
    help="Filled rating sheets (.xlsx, .xlsm or .csv): one per rater, or with a rater "
         "column.")]


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
    folders: Annotated[list[Path], typer.Argument(readable=False, help=PROFILES_HELP)],
    output: Annotated[Path, typer.Option("--output", "-o", readable=False,
                                         help="The sheet: .xlsx or .csv.")],
    lang: Annotated[str, typer.Option("--lang", "-l", help="Language of the labels and "
                                      f"the rating scale: {language.HELP}.")]
    = language.DEFAULT,
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

    language.checked(lang)
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
    folder: Annotated[Path, typer.Argument(
        readable=False, help=f"The folder of the profiles rated. {HIDDEN}")],
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
    lang: Annotated[str, typer.Option("--lang", "-l", help="Language of the table: "
                                      f"{language.HELP}.")] = language.DEFAULT,
    bom: Annotated[bool, typer.Option(
        "--bom", help="Start the CSV with a byte-order mark, for Excel and Korean text.")]
    = False,
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
    language.checked(lang)
    if bom and fmt != "csv":
        raise typer.BadParameter("a byte-order mark is for CSV (--format csv)",
                                 param_hint="--bom")
    try:
        rules, fw = load_rules(), load_framework()
        entries = read_sheets(sheets, Scale(fw.rating_min, fw.rating_max, rules))
        result = agree.agreement(entries, rules, fw.rating_min, fw.rating_max)
    except RegionlabError as e:
        _fail(e, "nothing measured")
    if fmt == "table":
        text = _agreement_table(result, rules, lang)
    else:
        text = (_agreement_json if fmt == "json" else _agreement_csv)(result, rules.discuss_from)
    sys.stdout.write(("\ufeff" if bom else "") + text)


def _agreement_table(result, rules, lang: str = "en") -> str:
    from unicodedata import east_asian_width

    from regionlab.policy.catalogue import load_catalogue

    cat = load_catalogue()
    W = lambda key: rules.word(key, lang)  # noqa: E731 - short alias

    def count(n: int, key: str) -> str:
        return W(f"agree_{key}") if n == 1 else W(f"agree_{key}s").format(n=n)

    def cells(text: str) -> int:  # Hangul and kana take two columns
        return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)

    def pad(text: str, width: int) -> str:
        return text + " " * max(width - cells(text), 0)

    def right(text: str, width: int) -> str:
        return " " * max(width - cells(text), 0) + text

    why = {rules.word(k, "en"): W(k) for k in ("agree_one_rater", "agree_no_pair",
                                                 "agree_all_same")}
    lines = [f"{count(len(result.raters), 'rater')} ({', '.join(result.raters)}), "
             f"{count(result.regions, 'region')}", "",
             f"{pad(W('agree_actor'), 52)} {right(W('agree_alpha'), 6)}  "
             f"{pad(W('agree_reading'), 16)} {right(W('agree_units'), 7)} "
             f"{right(W('agree_ratings'), 7)}"]
    for a in result.alphas:
        name = W("agree_all") if a.actor == "all" else \
            f"{cat.title('actors', a.actor, lang)} ({a.actor})"
        alpha = "-" if a.alpha is None else f"{a.alpha:.3f}"
        reading = W(a.reading) if a.reading else "-"
        lines.append(f"{pad(name, 52)} {alpha:>6}  {pad(reading, 16)} {a.regions:>7} "
                     f"{a.ratings:>7}" + (f"  ({why.get(a.why, a.why)})" if a.why else ""))
    lines += ["", W("agree_apart").format(apart=f"{rules.discuss_from:g}",
                                          n=len(result.disputes))
              + (W("agree_discuss") if result.disputes else "")]
    for d in result.disputes:
        given = ", ".join(f"{rater} {rating:g}" for rater, rating in d.by_rater)
        lines.append(f"  {d.code} {d.name} {d.year}  {d.actor}  {W('agree_spread')} "
                     f"{d.spread:g}: {given}")
    return "\n".join(lines) + "\n"


def _agreement_json(result, apart: float) -> str:
    data = {"raters": list(result.raters), "regions": result.regions,
            "alpha": [a._asdict() for a in result.alphas], "discuss_from": apart,
            "disputes": [{**d._asdict(), "by_rater": dict(d.by_rater)} for d in result.disputes]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _agreement_csv(result, apart: float) -> str:
    import csv
    import io

    from regionlab.output.columns import neutral

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # names from the sheets (a rater is a file's name) a spreadsheet would run as a
    # formula start with an apostrophe, as batch's CSV does
    writer.writerow(["code", "year", "name", "actor", "spread", *map(neutral, result.raters)])
    for d in result.disputes:
        given = dict(d.by_rater)
        writer.writerow([neutral(d.code), d.year, neutral(d.name or ""), d.actor, f"{d.spread:g}",
                         *(f"{given[r]:g}" if r in given else "" for r in result.raters)])
    return out.getvalue()
