"""Markdown reports, for pasting into documents: a batch, and regions over the years.
Each starts with its title, in the reader's language, and shows titles, not ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the type only: nothing more imported at run time
    from regionlab.output.rows import BatchRow

from collections.abc import Sequence

from regionlab.errors import Problem
from regionlab.korea import reference
from regionlab.korea.reference import province_of
from regionlab.nation.diff import Side
from regionlab.output.markdown_text import md_code, md_text
from regionlab.output.region_rows import evidence_rows, reason_row
from regionlab.policy.catalogue import Catalogue
from regionlab.profile.models import ACTORS
from regionlab.report import pages, standing
from regionlab.report.names import region_title
from regionlab.report.overview import (
    batch_subtitle,
    domain_counts,
    domain_title,
    grade_titles,
    table_row,
)
from regionlab.report.words import province
from regionlab.report.years import _domains_by_year, _path_row, _paths


def batch_markdown(rows: Sequence[BatchRow], catalogue: Catalogue, lang: str,
                   title: str | None = None, problems: Sequence[Problem] = ()) -> str:
    """A batch: regions per domain and grade, then one line per region with its
    province. (One region: terminal.to_markdown; two years: diff_view.to_markdown.)"""
    cat = catalogue
    L = lambda key: cat.label(key, lang)  # noqa: E731 - short alias, as in output/terminal.py
    out = [f"# {title or L('batch_report')}", "", batch_subtitle(rows, cat, lang), "",
           f"## {L('by_domain')}", "",
           "| " + " | ".join([L("domain"), *grade_titles(cat, lang), L("count")]) + " |",
           "|---|" + "---:|" * (len(cat.grades) + 2)]
    for d in domain_counts(rows, cat, lang):
        out.append("| " + " | ".join([d["title"], *map(str, d["grades"]), str(d["count"])])
                   + " |")
    actors = [cat.title("actors", a, lang) for a in ACTORS]
    out += ["", f"## {L('regions')}", "",
            "| " + " | ".join([L("code"), L("region"), L("province"), L("year"), *actors,
                               L("domain"), L("grade")]) + " |",
            "|---|---|---|---|" + "---:|" * len(ACTORS) + "---|---|"]
    for r in rows:
        t = table_row(r, cat, lang)
        caps = ["—" if v is None else f"{v:.1f}" for v in t["capacities"]]
        out.append("| " + " | ".join([t["code"], _md(t["name"]), _md(t["province"]),
                                      str(t["year"]), *caps, t["domain_title"], t["grade"]])
                   + " |")
    if problems:
        out += ["", f"## {L('problems')}", ""] + [f"- {md_code(p.format())}" for p in problems]
    return "\n".join(out) + "\n"


def years_markdown(sides: Sequence[Side], catalogue: Catalogue, lang: str) -> str:
    """Regions over the years: domains by year, then each region's domain per year."""
    cat = catalogue
    L = lambda key: cat.label(key, lang)  # noqa: E731
    rows = [r for s in sides for r in s.rows]
    years = sorted({r["year"] for r in rows})
    on = reference.date_for_year(years[-1]) if years else reference.as_of()
    head = "| " + " | ".join([L("domain"), *map(str, years)]) + " |"
    out = [f"# {L('multi_report')}", "", " · ".join(map(str, years)), "",
           f"## {L('domains_by_year')}", "", head, "|---|" + "---:|" * len(years)]
    for d in _domains_by_year(rows, years, cat, lang):
        out.append("| " + " | ".join([d["title"], *map(str, d["counts"])]) + " |")
    out += ["", f"## {L('regions')}", "",
            "| " + " | ".join([L("code"), L("region"), L("province"), *map(str, years)]) + " |",
            "|---|---|---|" + "---|" * len(years)]
    for steps in _paths(rows, on, []).values():
        r = _path_row(steps, years, cat, lang)
        cells = [c["title"] if c else "—" for c in r["cells"]]
        out.append("| " + " | ".join([r["code"], _md(r["name"]), _md(r["province"]), *cells])
                   + " |")
    return "\n".join(out) + "\n"


def single_markdown(a, catalogue: Catalogue, lang: str) -> str:
    """One region as its HTML page words it: title, province, capacities with their
    national rank, percentile and the national and provincial medians, the figures with
    their year and agency, the peers, verdict, cases, strategies, flags and the reasons,
    in the language."""
    cat = catalogue
    L = lambda key: cat.label(key, lang)  # noqa: E731
    region = a.profile.region
    national = pages.nation_of(a)
    sido = province_of(region.code, a.profile.year)
    where = province(sido, lang, cat) if sido else (region.parent or "")
    placed = standing.standing(a, national, sido, where, cat, lang)
    ranks = {r["actor"]: r for r in placed["rows"]}
    out = [f"# {_md(region_title(region.name, region.name_local, lang))} — {a.profile.year}", "",
           " · ".join(x for x in (region.code, where) if x), "",
           f"## {L('capacities')}", ""]
    out += [f"_{_md(x)}_" + "  " for x in (placed["intro"], placed["note"], placed["rated"])
            if x]
    out += ["", f"| {L('actor')} | {L('capacity')} | {L('band')} | {L('rank')} | "
            f"{L('percentile')} | {L('national_median')} | {L('province_median_short')} |",
            "|---|---:|---|---|---:|---:|---:|"]
    for c in pages._capacity_rows(a, cat, lang):
        r = ranks.get(c["actor"]) or {}
        percentile = r.get("percentile")
        out.append(f"| {c['actor']} | {_cap(c['capacity'])} | "
                   f"{c['band_title'] or L('insufficient')} | {r.get('rank') or '—'} | "
                   f"{'—' if percentile is None else f'{percentile:.0f}'} | "
                   f"{_cap(r.get('median'))} | {_cap(r.get('province_median'))} |")
    evidence = evidence_rows(a, cat, lang)
    if evidence:
        out += ["", f"### {L('evidence')}", "",
                f"| {L('actor')} | {L('indicators')} | {L('value')} | {L('figure_year')} | "
                f"{L('agency')} | {L('score')} |", "|---|---|---:|---|---|---:|"]
        out += [f"| {e['actor']} | {_md(e['name'])} | {_md(e['value'])} | {e['year']} | "
                f"{_md(e['source'])} | {e['score']} |" for e in evidence]
    peers = standing.peer_rows(a, national, cat, lang)
    out += ["", f"## {L('peers')}", ""]
    if peers["rows"]:
        out += [f"_{_md(peers['intro'])}_", "", f"| {L('region')} | {L('province')} | "
                f"{L('similarity')} | {L('domain')} | {L('differs_most')} |",
                "|---|---|---:|---|---|"]
        out += [f"| {p['name']} | {p['province']} | {p['distance']} | {p['domain']} | "
                f"{_md(p['differs'])} |" for p in peers["rows"]]
    else:
        out.append(peers["note"])
    v = pages._verdict(a.domain, a.grade, cat, lang)
    out += ["", f"**{L('domain')}:** {v['domain']['title'] if v['domain'] else L('insufficient')}"
            "  ", f"**{L('grade')}:** {v['grade']['title'] if v['grade'] else '—'}", ""]
    for key, items in (("cases", [c["title"] for c in (pages._case(x, cat, lang)
                                                       for x in a.of_kind("case"))]),
                       ("strategies", [cat.title("strategies", x.id, lang)
                                       for x in a.of_kind("strategy")]),
                       ("flags", [cat.title("flags", x.id, lang) for x in a.of_kind("flag")])):
        out += [f"## {L(key)}", ""] + [f"- {x}" for x in items or [L("none")]] + [""]
    out += [f"## {L('reasons')}", "", f"| {L('rationale')} | {L('concludes')} | "
            f"{L('condition')} | {L('source')} | {L('id')} |", "|---|---|---|---|---|"]
    for e in a.reasons:
        r = reason_row(e, cat, lang)
        cond = "<br>".join(c["text"] for c in r["comparisons"])
        out.append(f"| {_md(r['rationale'])} | {_md(r['concludes'])} | {_md(cond)} | "
                   f"{_md(r['source'])} | `{r['id']}` |")
    return "\n".join(out) + "\n"


def _cap(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def _md(text: str) -> str:
    """Text from profiles, rulebooks and labels shown as written (issue 19, item 13: a
    `<script>` or a `|` in a region's name passed straight through): output/markdown_text."""
    return md_text(text)


__all__ = ["batch_markdown", "years_markdown", "domain_title"]
