"""One region in Markdown, for `regionlab assess --format markdown` and `regionlab report
-o x.md` alike: the same sections in the same words, whichever command asks.

What only the report knows (where the region stands among all municipalities of its
year, and its peers) comes in as plain data, `Nationwide`, which the report builds from
its nation (report/markdown.py); what only `assess --explain` computes (what it would
take, every rule considered) comes in as its arguments. A section neither was given is
left out. Text from profiles and rulebooks is shown as written (markdown_text.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from regionlab.engine.assess import Assessment
from regionlab.korea.reference import province_of
from regionlab.output import wording
from regionlab.output.markdown_text import md_code, md_text
from regionlab.output.region_rows import evidence_rows, reason_row
from regionlab.output.terminal import (
    band,
    basis_text,
    case_line,
    flag_line,
    stability_text,
    step_text,
)
from regionlab.policy.catalogue import Catalogue
from regionlab.profile.models import ACTORS


class Placed(NamedTuple):
    """One capacity against the nation: its rank in words ('114th of 226'), percentile,
    and the national and provincial medians; None where the nation cannot say."""
    rank: str | None = None
    percentile: float | None = None
    median: float | None = None
    province_median: float | None = None


class Peer(NamedTuple):
    """A municipality most like the region, in words: name, province, distance, domain
    and the actor it differs on most."""
    name: str
    province: str
    distance: str
    domain: str
    differs: str


class Nationwide(NamedTuple):
    """What `regionlab report` adds from the nation of the year: notes said before the
    capacities, each actor's standing (by actor id), and the peers (or a note why none)."""
    notes: tuple[str, ...] = ()
    placed: Mapping[str, Placed] = {}
    peers_intro: str = ""
    peers: tuple[Peer, ...] = ()
    peers_note: str = ""


def region_markdown(a: Assessment, cat: Catalogue, lang: str, explain: bool = False,
                    steps: Sequence | None = None, nationwide: Nationwide | None = None) -> str:
    """The region: title, code and province, capacities, evidence, domain, grade and
    stability, where it stands and its peers (when `nationwide` is given), cases,
    strategies, flags, what it takes (when `steps` are given), and the reasons (every
    rule considered with `explain`)."""
    L = lambda key: cat.label(key, lang)  # noqa: E731 - a short alias keeps lines readable
    region = a.profile.region
    sido = province_of(region.code, a.profile.year)
    where = wording.province(sido, lang, cat) if sido else (region.parent or "")
    title = wording.region_title(region.name, region.name_local, lang)
    out = [f"# {md_text(title)} — {a.profile.year}", "",
           " · ".join(md_text(x) for x in (region.code, where) if x), ""]
    if a.what_if:
        out += [f"**{L('what_if')}:** " + "; ".join(md_text(s.text()) for s in a.what_if), ""]
    out += _capacities(a, cat, lang, L)
    out += _evidence(a, cat, lang, L)
    out += _verdict(a, cat, lang, L)
    if nationwide is not None:
        out += _standing(a, cat, lang, L, nationwide)
        out += _peers(nationwide, L)
    for key, lines in (
        ("cases", [case_line(c, cat, lang, md_text, md_code) for c in a.of_kind("case")]),
        ("strategies", [f"{md_text(cat.title('strategies', c.id, lang))} ({md_code(c.id)})"
                        for c in a.of_kind("strategy")]),
        ("flags", [flag_line(c, a, cat, lang, md_text, md_code) for c in a.of_kind("flag")]),
    ):
        out += [f"## {L(key)}", ""] + [f"- {x}" for x in lines or [L("none")]] + [""]
    if steps is not None:
        out += [f"## {L('what_it_takes')}", ""]
        out += [f"- {md_text(step_text(s, cat, lang))}" for s in steps] or [f"- {L('none')}"]
        out.append("")
    out += _reasons(a, cat, lang, L, explain)
    return "\n".join(out) + "\n"


def _capacities(a: Assessment, cat: Catalogue, lang: str, L) -> list[str]:
    out = [f"## {L('capacities')}", "",
           f"| {L('actor')} | {L('capacity')} | {L('band')} | {L('basis')} |",
           "|---|---:|---|---|"]
    for actor in ACTORS:
        s = a.scores[actor]
        b = band(s.capacity, a.rulebook.thresholds)
        out.append(f"| {cat.title('actors', actor, lang)} | {_number(s.capacity)} | "
                   f"{cat.title('bands', b, lang) if b else L('insufficient')} | "
                   f"{basis_text(s, L)} |")
    return out


def _standing(a: Assessment, cat: Catalogue, lang: str, L, nationwide: Nationwide) -> list[str]:
    """Where the region stands among all municipalities, as its report page says it: the
    notes, then each capacity's rank, percentile and medians (none when the nation
    cannot place the region)."""
    out = [f"## {L('nation')}", ""] + [f"_{md_text(x)}_  " for x in nationwide.notes]
    if not nationwide.placed:
        return out + [""]
    out += ["", f"| {L('actor')} | {L('capacity')} | {L('rank')} | {L('percentile')} | "
            f"{L('national_median')} | {L('province_median_short')} |",
            "|---|---:|---|---:|---:|---:|"]
    for actor in ACTORS:
        p = nationwide.placed.get(actor) or Placed()
        out.append(f"| {cat.title('actors', actor, lang)} | {_number(a.scores[actor].capacity)} "
                   f"| {md_text(p.rank or '—')} | "
                   f"{'—' if p.percentile is None else f'{p.percentile:.0f}'} | "
                   f"{_number(p.median)} | {_number(p.province_median)} |")
    return out + [""]


def _evidence(a: Assessment, cat: Catalogue, lang: str, L) -> list[str]:
    """The figures given, each actor's counted ones first (as the terminal lists them);
    nothing for a profile of ratings alone."""
    order = {actor: n for n, actor in enumerate(ACTORS)}
    rows = sorted(evidence_rows(a, cat, lang),
                  key=lambda e: (order[e["actor_id"]], not e["counted"]))
    if not rows:
        return []
    return ["", f"## {L('evidence')}", "",
            f"| {L('actor')} | {L('indicators')} | {L('value')} | {L('figure_year')} | "
            f"{L('agency')} | {L('score')} |", "|---|---|---:|---|---|---:|",
            *(f"| {e['actor']} | {md_text(e['name'])} | {md_text(e['value'])} | "
              f"{md_text(e['year'])} | {md_text(e['source'])} | {e['score']} |" for e in rows)]


def _peers(nationwide: Nationwide, L) -> list[str]:
    out = [f"## {L('peers')}", ""]
    if not nationwide.peers:
        return out + [md_text(nationwide.peers_note), ""]
    out += [f"_{md_text(nationwide.peers_intro)}_", "",
            f"| {L('region')} | {L('province')} | {L('similarity')} | {L('domain')} | "
            f"{L('differs_most')} |", "|---|---|---:|---|---|"]
    return out + [f"| {md_text(p.name)} | {md_text(p.province)} | {p.distance} | "
                  f"{md_text(p.domain)} | {md_text(p.differs)} |" for p in nationwide.peers] + [""]


def _verdict(a: Assessment, cat: Catalogue, lang: str, L) -> list[str]:
    domain = (f"{md_text(cat.title('domains', a.domain, lang))} ({md_code(a.domain)})"
              if a.domain else L("insufficient"))
    grade = (f"{md_text(cat.title('grades', a.grade, lang))} ({md_code(a.grade)})"
             if a.grade else "—")
    return ["", f"**{L('domain')}:** {domain}  ", f"**{L('grade')}:** {grade}  ",
            f"**{L('stability')}:** {md_text(stability_text(a, L)) or '—'}", ""]


def _reasons(a: Assessment, cat: Catalogue, lang: str, L, explain: bool) -> list[str]:
    """The rules behind the verdict in the language, their ids apart; with `explain`,
    every rule considered, marked fired (✔), not fired (✘) or undecided (?)."""
    out = [f"## {L('reasons')}", "", f"| {L('rationale')} | {L('concludes')} | "
           f"{L('condition')} | {L('source')} | {L('id')} |", "|---|---|---|---|---|"]
    for e in a.evaluations if explain else a.reasons:
        r = reason_row(e, cat, lang)
        cond = "<br>".join(md_code(c["text"], in_table=True) if c["code"] else md_text(c["text"])
                           for c in r["comparisons"])
        if explain:
            cond += f" → {'✔' if e.fired else '?' if e.missing else '✘'}"
        out.append(f"| {md_text(r['rationale'])} | {md_text(r['concludes'])} | {cond} | "
                   f"{md_text(r['source'])} | {md_code(r['id'], in_table=True)} |")
    return out


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"
