"""`regionlab report`: which page for which inputs. One profile file gives a region's
page, folders, several files or batch result files a batch page, two folders or result
files with `two_years` the comparison; as self-contained HTML (pages.py, html.py),
Markdown (markdown.py) or an Excel workbook (workbook.py).

Only the `report` command imports this package (matplotlib and Jinja2 take a while to
load; `regionlab assess` never pays for them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import ModuleType

from regionlab.errors import Problem, RegionlabError
from regionlab.nation import diff_view
from regionlab.nation.batch import run_batch
from regionlab.nation.diff import diff, load_side
from regionlab.output import results
from regionlab.output.rows import BatchRow
from regionlab.policy import languages
from regionlab.profile.discover import SUFFIXES, profile_paths
from regionlab.report import html
from regionlab.report.markdown import batch_markdown, single_markdown, years_markdown
from regionlab.report.overview import batch_report
from regionlab.report.pages import single_report
from regionlab.report.years import diff_report, years_report
from regionlab.trust.engine import Engine

FORMATS = ("html", "markdown", "xlsx")


def report(paths: Sequence[Path | str], lang: str = "en", rules: Path | None = None,
           two_years: bool = False, fmt: str = "html",
           problems: list[Problem] | None = None, years: bool = False,
           edition: str | date | None = None) -> str | bytes:
    """One profile file gives a region's report; folders, several files or batch result
    files give a batch report; with `two_years`, exactly two folders or result files
    (old, new) give the comparison; with `years`, two or more of them (one per year,
    oldest first) give each region's path over the years. `fmt` is "html", "markdown"
    or "xlsx" (the workbook's bytes). The problems of files that could not be read are
    shown in the report, and added to `problems`. `edition`: the date the page is dated
    by ("YYYY-MM-DD", or "today" for the clock); by default SOURCE_DATE_EPOCH, else the
    date of the shipped reference data, so that the same input gives the same bytes."""
    files = [Path(p) for p in paths]
    languages.require(lang)  # known, and complete in every data file
    if fmt not in FORMATS:
        raise RegionlabError(f"unknown report format '{fmt}'; use one of {', '.join(FORMATS)}")
    dated = html.edition(edition)
    engine = Engine(rules)
    missing = [t for t in ("low", "high") if t not in engine.rulebook.thresholds]
    if missing:  # the charts draw the capacity bands and domain areas from these two
        raise RegionlabError(f"{engine.rulebook.file}: the report needs the thresholds "
                             f"'low' and 'high' (the capacity bands); {', '.join(missing)} "
                             "missing")
    if two_years and years:
        raise RegionlabError("--two-years and --years: choose one (two years is the "
                             "comparison, --years the paths over two or more)")
    if two_years:
        return _two_years(files, engine, lang, rules, fmt, dated)
    if years:
        return _years(files, engine, lang, rules, fmt, problems, dated)
    if len(files) == 1 and files[0].is_file() and files[0].suffix.lower() in SUFFIXES:
        a = engine.assess_file(files[0])
        if fmt == "xlsx":
            return _workbook().single_workbook(a, engine.catalogue, lang, dated)
        return single_report(a, engine.catalogue, lang, dated) if fmt == "html" else \
            single_markdown(a, engine.catalogue, lang)
    rows, found = batch_rows(files, rules)
    if problems is not None:
        problems += found
    if fmt == "markdown":
        return batch_markdown(rows, engine.catalogue, lang, problems=found)
    if fmt == "xlsx":
        return _workbook().batch_workbook(rows, found, engine.catalogue, lang, dated)
    return batch_report(rows, engine.catalogue, lang, rulebook=engine.rulebook,
                        framework=engine.framework, problems=found, dated=dated)


def _workbook() -> ModuleType:
    """report/workbook.py, loaded for a workbook only: it brings openpyxl (and numpy),
    0.15 s of processor time that an HTML or Markdown report would pay for nothing."""
    from regionlab.report import workbook

    return workbook


def batch_rows(paths: Sequence[Path], rules: Path | None = None
               ) -> tuple[list[BatchRow], list[Problem]]:
    """Rows of batch result files (.csv, .json, .jsonl, .xlsx) as they are, and of
    profiles (files or folders) assessed now."""
    result_files = [p for p in paths if p.is_file() and p.suffix.lower() in results.FORMATS]
    rows = [r for p in result_files for r in results.read(p)]
    profiles = [p for p in paths if p not in result_files]
    problems: list[Problem] = []
    if profiles:
        batch = run_batch(profiles, rules, files=profile_paths(profiles))
        rows += batch.rows
        problems = batch.problems
    return sorted(rows, key=lambda r: (r["region_code"], r["year"], r["file"] or "")), problems


def _two_years(paths: list[Path], engine: Engine, lang: str, rules: Path | None,
               fmt: str, dated: html.Edition) -> str | bytes:
    if len(paths) != 2:
        raise RegionlabError(f"a two-year report compares exactly two folders or batch result "
                             f"files (old, new); {len(paths)} given")
    old, new = (load_side(p, rules) for p in paths)
    result = diff(old, new, engine.rulebook)
    if fmt == "xlsx":  # as `diff -o FILE.xlsx` writes it, every region shown
        return diff_view.to_xlsx(result, engine.catalogue, lang, only_changed=False)
    if fmt == "markdown":
        title = engine.catalogue.label("diff_report", lang)
        body = diff_view.to_markdown(result, engine.catalogue, lang, only_changed=False)
        return f"# {title}\n\n" + body.replace("# ", "## ", 1)
    return diff_report(result, old.rows, new.rows, engine.catalogue, lang,
                       rulebook=engine.rulebook, framework=engine.framework, dated=dated)


def _years(paths: list[Path], engine: Engine, lang: str, rules: Path | None, fmt: str,
           problems: list[Problem] | None, dated: html.Edition) -> str | bytes:
    if len(paths) < 2:
        raise RegionlabError(f"a report over the years needs two or more folders or batch "
                             f"result files (one per year); {len(paths)} given")
    sides = [load_side(p, rules) for p in paths]
    if problems is not None:
        problems += [p for s in sides for p in s.problems]
    if fmt == "markdown":
        return years_markdown(sides, engine.catalogue, lang)
    if fmt == "xlsx":
        return _workbook().years_workbook(sides, engine.catalogue, lang, dated)
    return years_report(sides, engine.catalogue, lang, rulebook=engine.rulebook,
                        framework=engine.framework, dated=dated)
