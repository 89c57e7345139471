"""Render a diff: a terminal summary, CSV (one row per region), JSON, Markdown.

Words come from ui.yaml / catalogue.yaml; ids stay ids so that scripts can read
the output. Same inputs, same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from operator import itemgetter

from regionlab.nation.diff import SETS, DiffResult, Region, driver_text, set_changes
from regionlab.output.columns import neutral
from regionlab.output.markdown_text import md_text
from regionlab.policy import languages
from regionlab.policy.catalogue import Catalogue
from regionlab.policy.framework import crossed_breaks, load_framework
from regionlab.profile.models import ACTORS, DOMAINS

DIFF_FORMATS = ("table", "csv", "json", "markdown")
COLUMNS = ("key", "name", "status", "code_old", "code_new", "year_old", "year_new",
           "domain_old", "domain_new", "grade_old", "grade_new",
           *(f"{a}_{s}" for a in ACTORS for s in ("old", "new", "change")),
           *(f"{n}_{s}" for n in SETS for s in ("added", "removed")), "drivers", "cause")


def regions_shown(result: DiffResult, only_changed: bool) -> list[Region]:
    return result.changed if only_changed else result.regions


def to_json(result: DiffResult, only_changed: bool) -> str:
    """One region a line: readable, diffable, and written by json's C encoder
    (an indented dump of 20,000 regions takes seconds)."""
    dump = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every region

    regions = ",\n".join(f"    {dump(r)}" for r in regions_shown(result, only_changed))
    errors = ",\n".join(f"    {dump(p.as_dict())}" for p in result.problems)
    return (f'{{\n  "summary": {dump(result.summary)},\n  "regions": [\n{regions}\n  ],\n'
            f'  "errors": [\n{errors}\n  ]\n}}\n')


def flat(region: Region) -> dict:
    out = {c: "" for c in COLUMNS}
    out.update({k: _text(region.get(k)) for k in ("key", "name", "status", "code_old", "code_new",
                                                  "year_old", "year_new")})
    domain, grade = region["domain"], region.get("grade")
    for s in ("old", "new"):
        out[f"domain_{s}"] = _text(getattr(domain, s))
        if grade is not None:
            out[f"grade_{s}"] = _text(getattr(grade, s))
    for actor, values in region.get("capacities", {}).items():
        for s, value in zip(("old", "new", "change"), values, strict=True):
            out[f"{actor}_{s}"] = "" if value is None else f"{value:.1f}"
    for name, change in set_changes(region).items():
        for s in ("added", "removed"):
            out[f"{name}_{s}"] = ";".join(change[s])
    out["drivers"] = "; ".join(region.get("drivers", ()))
    out["cause"] = region.get("cause", "")
    return out


def _text(value) -> str:
    return "" if value is None else str(value)


def to_csv(result: DiffResult, only_changed: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    cells = itemgetter(*COLUMNS)  # `flat` gives every column: no DictWriter checks per row
    for r in regions_shown(result, only_changed):  # safe for spreadsheets: columns.neutral
        writer.writerow([neutral(v) if isinstance(v, str) else v for v in cells(flat(r))])
    return buffer.getvalue()


def summary_lines(result: DiffResult, cat: Catalogue, lang: str) -> list[str]:
    s = result.summary
    L = lambda key: cat.label(key, lang)  # noqa: E731
    lines = [f"{s['matched']} {L('matched')}, {s['changed']} {L('changed')}, "
             f"{s['unchanged']} {L('unchanged')}, {s['moved_domain']} {L('moved_domain')}; "
             f"{L('only_old')}: {len(s['only_old'])}, {L('only_new')}: {len(s['only_new'])}"]
    for d in (*DOMAINS, "insufficient"):
        title = cat.title("domains", d, lang) if d in DOMAINS else L("insufficient")
        if s["into"][d] or s["out_of"][d]:
            lines.append(f"  {title} ({d}): +{s['into'][d]} / -{s['out_of'][d]}")
    if not s["same_rules"]:
        names = _causes(L)
        lines.append(f"  {L('causes')}: " + ", ".join(
            f"{names[c]} {n}" for c, n in s["causes"].items()))
    if any(s["outcomes"].values()):
        lines.append(f"  {L('initiatives')}: " + ", ".join(
            f"{n} {cat.title('outcomes', o, lang)}" for o, n in s["outcomes"].items()))
    for side in ("only_old", "only_new"):
        if s[side]:
            lines.append(f"  {L(side)}: {', '.join(s[side])}")
    for f in s.get("figures", ()):  # which vintages of the evidence the two years read
        ind = load_framework().indicators[f["actor"]][f["indicator"]]
        line = f"  {L('figures_compared')}: {ind.label[lang]} {f['old'] or '—'} → {f['new'] or '—'}"
        said = "; ".join(crossed_breaks(ind, f["old"] or 0, f["new"] or 0, lang)) or f["break"]
        lines.append(line + (f" ({L('series_break')}: {said})" if f["break"] else ""))
    return lines


def _num(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def _causes(L) -> dict[str, str]:
    return {"data": L("cause_data"), "rules": L("cause_rules"), "both": L("cause_both"),
            "unknown": L("cause_unknown")}


# the catalogue section of each set's ids
_SECTION = {"cases": "cases", "strategies": "strategies", "flags": "flags",
            "designations": "designations"}


def _title(cat: Catalogue, section: str, id_: str | None, lang: str) -> str:
    """An id as written in the language ids are written in (the analyst's view, as
    before); its title in other languages."""
    if id_ is None:
        return "—"
    return id_ if languages.language(lang).as_written else cat.title(section, id_, lang)


def _name(region: Region, lang: str) -> str:
    """The region's name: as the profiles give it in the language they are written in;
    in Korean otherwise, from the reference table where it knows the code (Korean names
    are authoritative)."""
    if languages.language(lang).as_written:
        return region["name"]
    from regionlab.korea import reference

    code, year = region["code_new"] or region["code_old"], region["year_new"] or 0
    try:
        gov = reference.get(code or "", reference.date_for_year(int(year)))
    except (reference.ReferenceLookupError, ValueError, TypeError):
        gov = None
    return gov.name_ko if gov is not None else region["name"]


def region_lines(region: Region, cat: Catalogue, lang: str, same_rules: bool = True
                 ) -> list[str]:
    L = lambda key: cat.label(key, lang)  # noqa: E731
    codes = region["code_old"] or "—"
    if region["code_new"] and region["code_new"] != region["code_old"]:
        codes = f"{codes} → {region['code_new']}"
    years = f"{region['year_old'] or '—'} → {region['year_new'] or '—'}"
    head = f"{_name(region, lang)} ({codes}, {years}): {L(region['status'])}"
    if region["status"] in ("only_old", "only_new"):
        return [head]
    lines = [head]
    for kind, verdict in (("domain", region["domain"]), ("grade", region["grade"])):
        if verdict.old != verdict.new:
            old, new = (_title(cat, f"{kind}s", v, lang) for v in verdict)
            lines.append(f"    {L(kind)}: {old} → {new}")
    for actor, c in region["capacities"].items():
        if c.change or (c.old is None) != (c.new is None):
            shift = f" ({c.change:+.1f})" if c.change else ""
            lines.append(f"    {cat.title('actors', actor, lang)}: {_num(c.old)} → "
                         f"{_num(c.new)}{shift}")
    for name, change in set_changes(region).items():
        for mark, key in (("+", "added"), ("-", "removed")):
            if change[key]:
                ids = (_title(cat, _SECTION[name], i, lang) for i in change[key])
                lines.append(f"    {L(name)} {mark} {', '.join(ids)}")
    if region.get("cause") and not same_rules:  # with one rulebook, always the data
        lines.append(f"    {L('cause')}: {_causes(L)[region['cause']]}")
    lines += [f"    {L('why')}: {d}" for d in drivers_in(region, cat, lang)]
    for outcome, names in region.get("outcomes", {}).items():
        lines += [f"    {L('initiative')} ({cat.title('outcomes', outcome, lang)}): {name}"
                  for name in names]
    return lines


def drivers_in(region: Region, cat: Catalogue, lang: str) -> list[str]:
    """Why the region moved, in the language: `drivers` is already in the language the
    data are written in."""
    if languages.language(lang).as_written:
        return region.get("drivers") or []
    return [driver_text(d, cat, lang) for d in region.get("driver_facts") or ()]


def to_text(result: DiffResult, cat: Catalogue, lang: str, only_changed: bool) -> str:
    lines = summary_lines(result, cat, lang) + [""]
    for region in regions_shown(result, only_changed):
        lines += region_lines(region, cat, lang, result.summary["same_rules"])
    return "\n".join(lines) + "\n"


def to_markdown(result: DiffResult, cat: Catalogue, lang: str, only_changed: bool) -> str:
    # names and lines from the profiles as written: markdown_text
    lines = ["# " + cat.label("summary", lang), ""] + [f"- {md_text(x.strip())}" for x in
                                                        summary_lines(result, cat, lang)]
    lines += ["", f"| {cat.label('region', lang)} | {cat.label('domain', lang)} | "
                  f"{cat.label('grade', lang)} | {cat.label('change', lang)} |",
              "|---|---|---|---|"]
    for region in regions_shown(result, only_changed):
        domain = " → ".join(md_text(d or "—") for d in region["domain"])
        grade = " → ".join(md_text(g or "—") for g in region.get("grade", ("", "")))
        detail = region_lines(region, cat, lang, result.summary["same_rules"])[1:]
        why = "<br>".join(map(md_text, detail)).strip()
        lines.append(f"| {md_text(region['name'])} ({md_text(region['key'])}) | {domain} | "
                     f"{grade} | {why} |")
    return "\n".join(lines) + "\n"
