"""Render assessments: the terminal view (rich), JSON, Markdown and the trace.

The only module that imports rich. Every human-facing word comes from the
catalogue (policy terms) or ui.yaml (interface labels), in the chosen language.
"""

from __future__ import annotations

import json
from enum import Enum

from regionlab.assess import Assessment
from regionlab.catalogue import Catalogue
from regionlab.models import ACTORS
from regionlab.serialize import assessment_dict, comparison_text, evaluation_dict, number


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def band(capacity: float | None, thresholds: dict) -> str | None:
    low, high = thresholds.get("low"), thresholds.get("high")
    if capacity is None or low is None or high is None:
        return None
    return "low" if capacity < low else "high" if capacity >= high else "mid"


def to_json(a: Assessment, cat: Catalogue, lang: str, explain: bool = False) -> str:
    data = assessment_dict(a, cat, lang)
    if explain:
        data["trace"] = [evaluation_dict(e) for e in a.evaluations]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- terminal ------------------------------------------------------------------

def to_terminal(a: Assessment, cat: Catalogue, lang: str, console, explain: bool = False):
    from rich.table import Table
    from rich.text import Text

    L = lambda key: cat.label(key, lang)  # noqa: E731 - a short alias keeps tables readable
    region = a.profile.region
    local = f" ({region.name_local})" if region.name_local else ""
    console.print(Text(f"{region.name}{local} · {region.code} · {a.profile.year}", style="bold"))

    table = Table(title=L("capacities"), title_justify="left", show_edge=False)
    for col in (L("actor"), L("capacity"), "", L("band"), L("basis")):
        table.add_column(col)
    for actor in ACTORS:
        s = a.scores[actor]
        b = band(s.capacity, a.rulebook.thresholds)
        cap = "—" if s.capacity is None else f"{s.capacity:.1f}"
        bar = "" if s.capacity is None else "█" * round(s.capacity / 5) + "░" * (20 - round(s.capacity / 5))
        table.add_row(cat.title("actors", actor, lang), cap, Text(bar, style=_BAND_STYLE.get(b, "")),
                      cat.title("bands", b, lang) if b else L("insufficient"), _basis(s, L))
    console.print(table)

    domain = cat.title("domains", a.domain, lang) if a.domain else L("insufficient")
    grade = cat.title("grades", a.grade, lang) if a.grade else "—"
    console.print(Text.assemble((f"{L('domain')}: ", "bold"), f"{domain} ({a.domain or '—'})"))
    console.print(Text.assemble((f"{L('grade')}: ", "bold"), f"{grade} ({a.grade or '—'})"))
    _listing(console, L("cases"), [_case_line(c, cat, lang) for c in a.of_kind("case")], L)
    _listing(console, L("strategies"),
             [f"{cat.title('strategies', c.id, lang)} ({c.id})" for c in a.of_kind("strategy")], L)
    _listing(console, L("flags"), [_flag_line(c, cat, lang) for c in a.of_kind("flag")], L)
    _reasons(console, a.reasons, L)
    if explain:
        _trace(console, a, L)


def _basis(score, L) -> str:
    return " + ".join(L(part) for part in score.basis.split("+"))


_BAND_STYLE = {"low": "red", "mid": "yellow", "high": "green"}


def _case_line(c, cat, lang) -> str:
    line = f"{cat.title('cases', c.id, lang)} ({c.id})"
    if c.prerequisite:
        line += f" — {cat.label('prerequisite', lang)}: {cat.title('strategies', c.prerequisite, lang)}"
    return line


def _flag_line(c, cat, lang) -> str:
    severity = cat.entry("flag", c.id).severity or ""
    where = f" [{c.initiative}]" if c.initiative else ""
    return f"{severity}: {cat.title('flags', c.id, lang)} ({c.id}){where}"


def _listing(console, title: str, lines: list[str], L):
    console.print(f"[bold]{title}[/bold]")
    for line in lines or [L("none")]:
        console.print(f"  • {line}", markup=False, highlight=False)


def _reasons(console, reasons, L):
    console.print(f"[bold]{L('reasons')}[/bold]")
    for e in reasons:
        for line in reason_lines(e, L):
            console.print(line, markup=False, highlight=False)


def reason_lines(e, L) -> list[str]:
    """A fired rule as lines: what it concluded, on which values, against what, and why."""
    where = f" [{e.initiative}]" if e.initiative else ""
    lines = [f"  • {e.rule.id}{where} → {', '.join(e.rule.then)}  ({L('source')}: {e.rule.source})"]
    lines += [f"      {comparison_text(c)}" for c in e.comparisons]
    read = _read_values(e)
    if read:
        lines.append(f"      {L('values')}: {read}")
    lines.append(f"      {L('rationale')}: {' '.join(e.rule.rationale.split())}")
    return lines


def _read_values(e) -> str:
    return ", ".join(f"{k}={number(v)}" for k, v in {**e.values, **e.thresholds}.items())


def _trace(console, a: Assessment, L):
    from rich.table import Table

    table = Table(title=L("trace"), title_justify="left", show_edge=False)
    for col in (L("rule"), "", L("condition"), L("values"), L("source")):
        table.add_column(col, overflow="fold")
    for e in a.evaluations:
        status = ("[green]✔ " + L("fired") + "[/green]" if e.fired
                  else f"[yellow]? {L('missing')}: {e.missing}[/yellow]" if e.missing
                  else "✘ " + L("not_fired"))
        values = _read_values(e)
        rule = e.rule.id + (f" [{e.initiative}]" if e.initiative else "")
        table.add_row(rule, status, "\n".join(comparison_text(c) for c in e.comparisons)
                      or e.rule.condition.source, values, e.rule.source)
    console.print(table)


# -- markdown ------------------------------------------------------------------

def to_markdown(a: Assessment, cat: Catalogue, lang: str, explain: bool = False) -> str:
    L = lambda key: cat.label(key, lang)  # noqa: E731
    region = a.profile.region
    local = f" ({region.name_local})" if region.name_local else ""
    out = [f"# {region.name}{local} — {a.profile.year}", "",
           f"{L('code')}: `{region.code}`", "",
           f"## {L('capacities')}", "",
           f"| {L('actor')} | {L('capacity')} | {L('band')} | {L('basis')} |",
           "|---|---:|---|---|"]
    for actor in ACTORS:
        s = a.scores[actor]
        b = band(s.capacity, a.rulebook.thresholds)
        cap = "—" if s.capacity is None else f"{s.capacity:.1f}"
        out.append(f"| {cat.title('actors', actor, lang)} | {cap} | "
                   f"{cat.title('bands', b, lang) if b else L('insufficient')} | {_basis(s, L)} |")
    domain = f"{cat.title('domains', a.domain, lang)} (`{a.domain}`)" if a.domain else L("insufficient")
    grade = f"{cat.title('grades', a.grade, lang)} (`{a.grade}`)" if a.grade else "—"
    out += ["", f"**{L('domain')}:** {domain}  ", f"**{L('grade')}:** {grade}", ""]
    for key, lines in (
        ("cases", [_case_line(c, cat, lang) for c in a.of_kind("case")]),
        ("strategies", [f"{cat.title('strategies', c.id, lang)} (`{c.id}`)"
                        for c in a.of_kind("strategy")]),
        ("flags", [_flag_line(c, cat, lang) for c in a.of_kind("flag")]),
    ):
        out += [f"## {L(key)}", ""] + [f"- {x}" for x in lines or [L("none")]] + [""]
    out += [f"## {L('reasons')}", "", f"| {L('rule')} | {L('concludes')} | {L('condition')} | "
            f"{L('source')} |", "|---|---|---|---|"]
    evaluations = a.evaluations if explain else a.reasons
    for e in evaluations:
        cond = "<br>".join(comparison_text(c) for c in e.comparisons) or e.rule.condition.source
        if explain:
            cond += f" → {'✔' if e.fired else '✘'}"
        out.append(f"| `{e.rule.id}` | {', '.join(e.rule.then)} | {_md(cond)} | {e.rule.source} |")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")
