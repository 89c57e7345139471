"""Markdown for a batch of regions, for pasting into documents."""

from __future__ import annotations

from collections.abc import Sequence

from regionlab.errors import Problem
from regionlab.policy.catalogue import Catalogue
from regionlab.profile.models import ACTORS
from regionlab.report.pages import batch_subtitle, domain_counts, grade_titles, table_row


def batch_markdown(rows: Sequence[dict], catalogue: Catalogue, lang: str,
                   title: str | None = None, problems: Sequence[Problem] = ()) -> str:
    """A batch as Markdown, for pasting into documents: regions per domain and grade,
    then one line per region. (One region: terminal.to_markdown; two years:
    diff_view.to_markdown.)"""
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
            "| " + " | ".join([L("code"), L("region"), L("year"), *actors, L("domain"),
                               L("grade")]) + " |",
            "|---|---|---|" + "---:|" * len(ACTORS) + "---|---|"]
    for r in rows:
        t = table_row(r, cat, lang)
        caps = ["—" if v is None else f"{v:.1f}" for v in t["capacities"]]
        out.append("| " + " | ".join([t["code"], _md(t["name"]), str(t["year"]), *caps,
                                      t["domain_title"], t["grade"]]) + " |")
    if problems:
        out += ["", f"## {L('problems')}", ""] + [f"- `{_md(p.format())}`" for p in problems]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")
