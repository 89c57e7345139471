"""`regionlab report … -o FILE.xlsx`: each report as a workbook an analyst reads, files
and filters. It opens on a sheet to read in the language: the report's title, what it
covers and its edition date above its first table; the report's other tables follow on
sheets of their own (titles, not ids; numbers as numbers in number formats; the header
frozen and printed on every A4 page; long text wrapped), then the data as the batch's
sheets (output/excel.py), which `diff` and `report` read back. The same inputs give
the same bytes: the date is the report's edition (html.edition), never the save time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from regionlab.engine.assess import Assessment
from regionlab.errors import Problem
from regionlab.korea import reference
from regionlab.nation.batch import row
from regionlab.nation.diff import Side
from regionlab.output import excel, palette
from regionlab.output.region_rows import evidence_rows, reason_row
from regionlab.output.rows import BatchResult, BatchRow
from regionlab.policy import languages
from regionlab.policy.catalogue import Catalogue
from regionlab.profile.models import DOMAINS
from regionlab.report import pages, regional, standing
from regionlab.report.html import Edition, stamp
from regionlab.report.names import region_title
from regionlab.report.overview import (
    batch_subtitle,
    by_province,
    domain_counts,
    domain_title,
    grade_titles,
    table_row,
)
from regionlab.report.years import _domains_by_year, _path_row, _paths

CAPACITY, PERCENTILE, COUNT, YEAR = "0.0", "0", "#,##0", "0"


def batch_workbook(rows: Sequence[BatchRow], problems: Sequence[Problem], cat: Catalogue,
                   lang: str, dated: Edition) -> bytes:
    """A batch (a nation, a province, any set of regions): regions per domain and grade
    under the report's title, the regions with their province, capacities, domain and
    grade, the domains per province, the legend; then the data and the errors."""
    L = lambda key: cat.label(key, lang)  # noqa: E731 - short alias, as in output/terminal.py
    book = excel.new_book(write_only=False, title=L("batch_report"))
    grades = grade_titles(cat, lang)
    excel.add_sheet(book, L("summary"), [L("domain"), *grades, L("count")],
                    [[d["title"], *d["grades"], d["count"]] for d in domain_counts(rows, cat,
                                                                                  lang)],
                    formats=dict.fromkeys([*grades, L("count")], COUNT),
                    fills=_tints(cat, lang), filled=[L("domain")],
                    above=[L("batch_report"), batch_subtitle(rows, cat, lang),
                           stamp(dated, cat, lang), L("by_domain")])
    result = BatchResult(list(rows), list(problems), len(rows))
    excel.reader_sheets(book, result.rows, cat, lang)  # the regions, after the summary
    domains = [domain_title(d, cat, lang) for d in (*DOMAINS, None)]
    table = [table_row(r, cat, lang) for r in rows]
    excel.add_sheet(book, L("by_province"), [L("province"), *domains, L("count")],
                    [[p["name"], *p["counts"], p["total"]] for p in by_province(table, cat,
                                                                                lang)],
                    formats=dict.fromkeys([*domains, L("count")], COUNT))
    excel.data_sheets(book, result, cat, lang)
    return excel.book_bytes(book)


def single_workbook(a: Assessment, cat: Catalogue, lang: str, dated: Edition) -> bytes:
    """One region: its capacities against the nation (rank, percentile, the national
    and provincial medians) under its name, province, edition, summary and verdict; the
    evidence with value, year and source agency; each indicator against the nation and
    the province with its source and method; the peers; the reasons; then its data."""
    L = lambda key: cat.label(key, lang)  # noqa: E731
    language = languages.language(lang)
    region = a.profile.region
    national, sido, where, placed = pages.where_it_stands(a, cat, lang)
    profile = regional.regional_profile(a, national, sido, placed, cat, lang)
    title = f"{region_title(region.name, region.name_local, lang)} — {a.profile.year}"
    book = excel.new_book(write_only=False, title=title)
    verdict = pages._verdict(a.domain, a.grade, cat, lang)
    listed = [(key, [cat.title(key, c.id, lang) for c in a.of_kind(kind)])
              for key, kind in (("cases", "case"), ("strategies", "strategy"),
                                ("flags", "flag"))]
    said = [
        _labelled(L("domain"), verdict["domain"]["title"] if verdict["domain"]
                  else L("insufficient"), cat, lang),
        _labelled(L("grade"), verdict["grade"]["title"] if verdict["grade"] else "—", cat,
                  lang),
        *(_labelled(L(key), language.join(titles) or L("none"), cat, lang)
          for key, titles in listed)]
    summary = language.sentence_space.join(profile["summary"]) if profile else ""
    ranks = {r["actor"]: r for r in placed["rows"]}
    head = [L("actor"), L("capacity"), L("band"), L("rank"), L("percentile"),
            L("national_median"), L("province_median_short"), L("basis")]
    capacities = []
    for c in pages._capacity_rows(a, cat, lang):
        r = ranks.get(c["actor"]) or {}
        capacities.append([c["actor"], c["capacity"], c["band_title"] or L("insufficient"),
                           r.get("rank"), r.get("percentile"), r.get("median"),
                           r.get("province_median"), c["basis"]])
    excel.add_sheet(book, L("summary"), head, capacities,
                    formats={**dict.fromkeys(head[1:], CAPACITY), L("percentile"): PERCENTILE},
                    above=[x for x in (title, " · ".join(x for x in (region.code, where) if x),
                                       stamp(dated, cat, lang), summary, *said,
                                       placed["intro"], placed["note"], placed["rated"],
                                       L("capacities")) if x])
    _evidence(book, a, cat, lang)
    if profile:
        _annex(book, profile, cat, lang)
    _peers(book, standing.peer_rows(a, national, cat, lang), cat, lang)
    _reasons(book, a, cat, lang)
    excel.data_sheets(book, BatchResult([row(a, a.framework)], [], 1), cat, lang)
    return excel.book_bytes(book)


def years_workbook(sides: Sequence[Side], cat: Catalogue, lang: str, dated: Edition) -> bytes:
    """Regions over the years: the domains by year under the report's title, each
    region's domain per year with its province, then the data of every year and the
    errors."""
    L = lambda key: cat.label(key, lang)  # noqa: E731
    rows = [r for s in sides for r in s.rows]
    years = sorted({r["year"] for r in rows})
    on = reference.date_for_year(years[-1]) if years else reference.as_of()
    problems = [p for s in sides for p in s.problems]
    book = excel.new_book(write_only=False, title=L("multi_report"))
    shown = [str(y) for y in years]  # a year as a header: text, never a number
    excel.add_sheet(book, L("summary"), [L("domain"), *shown],
                    [[d["title"], *d["counts"]] for d in _domains_by_year(rows, years, cat,
                                                                         lang)],
                    formats=dict.fromkeys(shown, COUNT),
                    fills=_tints(cat, lang), filled=[L("domain")],
                    above=[L("multi_report"), " · ".join(shown), stamp(dated, cat, lang),
                           L("domains_by_year")])
    paths = []
    for steps in _paths(rows, on, problems).values():
        r = _path_row(steps, years, cat, lang)
        paths.append([r["code"], r["name"], r["province"],
                      *(c["title"] if c else "—" for c in r["cells"])])
    excel.add_sheet(book, L("regions"), [L("code"), L("region"), L("province"), *shown],
                    paths, freeze="C", fills=_tints(cat, lang), filled=shown)
    result = BatchResult(cast(list[BatchRow], rows), problems, len(rows))  # read as batch rows
    excel.data_sheets(book, result, cat, lang)
    return excel.book_bytes(book)


def _tints(cat: Catalogue, lang: str) -> dict[str, str]:
    """Each domain's title (and "not classified") with its tint, as the pages fill it."""
    return {domain_title(d, cat, lang): palette.domain_tint(d)[1:] for d in (*DOMAINS, None)}


def _labelled(label: str, value: str, cat: Catalogue, lang: str) -> str:
    return cat.label("labelled", lang).format(label=label, value=value)


def _evidence(book, a: Assessment, cat: Catalogue, lang: str) -> None:
    """Each figure the profile gives: its value as a number beside its unit, the year
    it is from (and whether it was carried back from a later year), its source agency
    and its score."""
    L = lambda key: cat.label(key, lang)  # noqa: E731
    out = [[r["actor"], r["name"], r["number"], r["unit"], r["figure_year"],
            L("carried_back") if r["carried_back"] else "", r["source"], r["score"]]
           for r in evidence_rows(a, cat, lang)]
    if out:
        head = [L("actor"), L("indicators"), L("value"), L("unit"), L("figure_year"),
                L("remark"), L("agency"), L("score")]
        excel.add_sheet(book, L("evidence"), head, out, freeze="C",
                        formats={L("value"): "#,##0.0##", L("figure_year"): YEAR,
                                 L("score"): "0"})


def _annex(book, profile: dict, cat: Catalogue, lang: str) -> None:
    """Each counted indicator of the evidence panel: the region's figure against the
    national and provincial medians, its source agency, year and how it reads, and its
    source and method as the framework words them."""
    L = lambda key: cat.label(key, lang)  # noqa: E731
    head = [L("actor"), L("indicators"), L("value"), L("unit"), L("figure_year"),
            L("national_median"), L("province_median_short"), L("agency"), L("direction"),
            L("details")]
    out = [[b["actor"], b["indicator"], b["value"], b["unit"], b["vintage"],
            _exact(b["national"]), _exact(b["province"]), b["agency"], a["direction"],
            a["detail"]]
           for b, a in zip(profile["bars"], profile["annex"], strict=True)]
    if not profile["details"]:  # no words on the method in the language (regional.py)
        head, out = head[:-1], [r[:-1] for r in out]
    number = "#,##0.0##"
    excel.add_sheet(book, L("profile_annex"), head, out, freeze="C",
                    formats={L("value"): number, L("national_median"): number,
                             L("province_median_short"): number, L("figure_year"): YEAR})


def _exact(value: float | None) -> float | None:
    """A median as the figures give it: -0.15, not the -0.1499999999999999 of adding
    two of them and halving."""
    return None if value is None else round(value, 9)


def _peers(book, peers: dict, cat: Catalogue, lang: str) -> None:
    L = lambda key: cat.label(key, lang)  # noqa: E731
    head = [L("region"), L("code"), L("province"), L("similarity"), L("domain"),
            L("differs_most")]
    out = [[p["name"], p["code"], p["province"], float(p["distance"]), p["domain"],
            p["differs"] or ""] for p in peers["rows"]]
    excel.add_sheet(book, L("peers_sheet"), head, out,
                    formats={L("similarity"): "0.00"}, fills=_tints(cat, lang),
                    filled=[L("domain")],
                    above=[x for x in (L("peers"), peers["intro"] or peers["note"]) if x])


def _reasons(book, a: Assessment, cat: Catalogue, lang: str) -> None:
    """The rules behind the verdict: why, what each concludes, its conditions in
    words and the values read, its source; the rule's id last."""
    L = lambda key: cat.label(key, lang)  # noqa: E731
    out = []
    for e in a.reasons:
        r = reason_row(e, cat, lang)
        out.append([r["rationale"], r["concludes"],
                    "\n".join(c["text"] for c in r["comparisons"]),
                    "\n".join(f"{name} = {value}" for name, value in r["read"]),
                    r["source"], r["id"]])
    excel.add_sheet(book, L("reasons"), [L("rationale"), L("concludes"), L("condition"),
                                         L("values"), L("source"), L("id")], out)
