"""Markdown reports, for pasting into documents: a batch, regions over the years, and
one region (output/markdown.py's, which `regionlab assess` shares, with the nation's
standing and peers added). Each starts with its title, in the reader's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the type only: nothing more imported at run time
    from regionlab.output.rows import BatchRow

from collections.abc import Sequence

from regionlab.errors import Problem
from regionlab.korea import reference
from regionlab.nation.diff import Side
from regionlab.output.markdown import Nationwide, Peer, Placed, region_markdown
from regionlab.output.markdown_text import md_code, md_text
from regionlab.policy.catalogue import Catalogue
from regionlab.profile.models import ACTORS
from regionlab.report import pages, standing
from regionlab.report.overview import (
    batch_subtitle,
    domain_counts,
    domain_title,
    grade_titles,
    table_row,
)
from regionlab.report.years import _domains_by_year, _path_row, _paths


def batch_markdown(rows: Sequence[BatchRow], catalogue: Catalogue, lang: str,
                   title: str | None = None, problems: Sequence[Problem] = ()) -> str:
    """A batch: regions per domain and grade, then one line per region with its
    province. (One region: single_markdown; two years: diff_view.to_markdown.)"""
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
    """One region as `regionlab assess --format markdown` shows it (output/markdown.py),
    with what the nation of its year adds: each capacity's national rank, percentile and
    the national and provincial medians, and the peers."""
    return region_markdown(a, catalogue, lang, nationwide=nationwide(a, catalogue, lang))


def nationwide(a, cat: Catalogue, lang: str) -> Nationwide:
    """The region among all municipalities of its year (standing.py, peers.py), as the
    words and numbers the Markdown shows."""
    national, _, _, placed = pages.where_it_stands(a, cat, lang)
    peers = standing.peer_rows(a, national, cat, lang)
    # standing's rows are in ACTORS' order, one per actor (none when it cannot place it)
    return Nationwide(
        notes=tuple(x for x in (placed["intro"], placed["note"], placed["rated"]) if x),
        placed={actor: Placed(r["rank"], r["percentile"], r["median"], r["province_median"])
                for actor, r in zip(ACTORS, placed["rows"], strict=False)},
        peers_intro=peers["intro"], peers_note=peers["note"],
        peers=tuple(Peer(p["name"], p["province"], p["distance"], p["domain"], p["differs"])
                    for p in peers["rows"]))


def _md(text: str) -> str:
    """Text from profiles, rulebooks and labels shown as written (issue 19, item 13: a
    `<script>` or a `|` in a region's name passed straight through): output/markdown_text."""
    return md_text(text)


__all__ = ["batch_markdown", "years_markdown", "single_markdown", "domain_title"]
