"""`regionlab evidence`: what the evidence measures, for a national year.

Registered by cli/main.py. Parses arguments, calls regionlab.nation.validity and
prints.
"""

# No `from __future__ import annotations` here: typer reads every command's parameter
# annotations on every run, and as strings each one is compiled again (about 10 ms a
# start; bench/startup.py).

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from regionlab.errors import RegionlabError

evidence_app = typer.Typer(help="What the shipped evidence measures: its validity for a "
                                "national year.",
                           no_args_is_help=True, rich_markup_mode=None,
                           context_settings={"help_option_names": ["-h", "--help"]})


@evidence_app.command("check")
def check(
    year: Annotated[int, typer.Option("--year", "-y", help="The assessment year "
                                      "(2015 to the reference table's last year).")] = 2022,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", readable=False,
        help="Write to this file (whole or not at all).")] = None,
):
    """What the shipped evidence measures, for one national year.

    Every municipality is initialised from the evidence (as `init --all`) and assessed
    on the evidence alone; then, for each actor, the correlation of its capacity and
    of each of its figures with the share of residents aged 65+, with population and
    its mean by kind of local government; domains by kind and by designation; how
    many verdicts each method alternative declared in framework.yaml changes; where
    the presentation's named regions land and where places known for a resource rank
    (data/validity.yaml, which no rule reads)."""
    from regionlab.nation import init_profiles, validity
    from regionlab.output.atomic import check_writable, write_text
    from regionlab.output.validity_text import text

    if fmt not in ("table", "json"):
        print(f"regionlab evidence check: --format {fmt!r}: use table or json",
              file=sys.stderr)
        raise typer.Exit(2)
    try:
        init_profiles.check_year(year)
        if output is not None:
            check_writable(output)
        report = validity.check(year)
    except RegionlabError as e:
        print(f"regionlab evidence check: {e}", file=sys.stderr)
        raise typer.Exit(1) from None
    body = (json.dumps(report, ensure_ascii=False, indent=2) + "\n" if fmt == "json"
            else text(report))
    if output is None:
        sys.stdout.write(body)
    else:
        write_text(output, body)
        print(f"validity report of {year} -> {output}", file=sys.stderr)
