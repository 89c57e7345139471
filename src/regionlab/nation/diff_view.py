"""Render a diff: a terminal summary, CSV (one row per region), JSON, Markdown.

Words come from ui.yaml / catalogue.yaml; ids stay ids so that scripts can read
the output. Same inputs, same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from operator import itemgetter

from regionlab.korea import reference
from regionlab.nation.diff import SETS, DiffResult, Region, driver_text, set_changes
from regionlab.output.columns import ERROR_COLUMNS, neutral
from regionlab.output.markdown_text import md_text
from regionlab.output.wording import province
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


def verdict_counts(result: DiffResult) -> dict[str, int]:
    """What a reader asks first of two years, by label key: how many regions were
    matched, how many moved domain, how many grade, how many changed otherwise (figures,
    cases, flags) and how many not at all."""
    matched = [r for r in result.regions if r["status"] in ("changed", "unchanged")]
    domain = {r["key"] for r in matched if r["domain"].old != r["domain"].new}
    grade = {r["key"] for r in matched
             if (r.get("grade") or (None, None))[0] != (r.get("grade") or (None, None))[1]}
    others = [r for r in matched if r["status"] == "changed" and r["key"] not in domain | grade]
    return {"matched": len(matched), "moved_domain": len(domain), "moved_grade": len(grade),
            "changed_otherwise": len(others), "unchanged": result.summary["unchanged"]}


def summary_lines(result: DiffResult, cat: Catalogue, lang: str) -> list[str]:
    s = result.summary
    L = lambda key: cat.label(key, lang)  # noqa: E731
    sep = languages.language(lang).list_separator
    n = verdict_counts(result)
    moves = sep.join(f"{n[k]} {L(k)}" for k in ("moved_domain", "moved_grade",
                                                 "changed_otherwise"))
    lines = [f"{n['matched']} {L('matched')}{sep}{s['changed']} {L('changed')} ({moves})"
             f"{sep}{n['unchanged']} {L('unchanged')}; {L('only_old')}: "
             f"{len(s['only_old'])}{sep}{L('only_new')}: {len(s['only_new'])}"]
    for d in (*DOMAINS, "insufficient"):
        title = cat.title("domains", d, lang) if d in DOMAINS else L("insufficient")
        if s["into"][d] or s["out_of"][d]:
            lines.append(f"  {title}: +{s['into'][d]} / -{s['out_of'][d]}")
    if not s["same_rules"]:
        names = _causes(L)
        lines.append(f"  {L('causes')}: " + sep.join(
            f"{names[c]} {n}" for c, n in s["causes"].items()))
    if any(s["outcomes"].values()):
        lines.append(f"  {L('initiatives')}: " + sep.join(
            f"{n} {cat.title('outcomes', o, lang)}" for o, n in s["outcomes"].items()))
    for side in ("only_old", "only_new"):
        if s[side]:
            lines.append(f"  {L(side)}: {sep.join(s[side])}")
    for f in s.get("figures", ()):  # which vintages of the evidence the two years read
        ind = load_framework().indicators[f["actor"]][f["indicator"]]
        # a figure shown beside the others (weight 0) is said so: it moves no verdict
        shown = "" if ind.counted else f" ({L('not_counted')})"
        line = (f"  {L('figures_compared')}: {ind.label[lang]}{shown} "
                f"{f['old'] or '—'} → {f['new'] or '—'}")
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
    """The region's name as a page in the language gives it: as the profiles give it in
    English, in Korean for a Korean reader, and romanised with the Korean beside it for a
    Japanese one, from the reference table where it knows the code (Korean names are
    authoritative)."""
    gov = _gov(region)
    if gov is None or languages.language(lang).as_written:
        return region["name"]
    return gov.name_ko if languages.language(lang).korean_names else \
        f"{region['name']} ({gov.name_ko})"


def _gov(region: Region) -> reference.LocalGov | None:
    """The Korean local government the region is, or None for one abroad (its key names
    its country: "XX-29200") or one the reference tables do not know."""
    if not _korean(region):
        return None
    code, year = region["code_new"] or region["code_old"], region["year_new"] or \
        region["year_old"] or 0
    try:
        return reference.get(code or "", reference.date_for_year(int(year)))
    except (reference.ReferenceLookupError, ValueError, TypeError):
        return None


def _korean(region: Region) -> bool:
    return region["key"].isdigit()  # diff.region_key: a Korean territory's code


def _province(region: Region, cat: Catalogue, lang: str) -> str:
    """The province the region belonged to in its (newer) year, in the language: the
    six 중구 are told apart by it."""
    code = region["code_new"] or region["code_old"]
    if not _korean(region):
        return "—"
    try:
        sido = reference.province_of(code or "", int(region["year_new"] or region["year_old"] or 0))
    except ValueError:
        sido = None
    return province(sido, lang, cat) if sido else "—"


def region_lines(region: Region, cat: Catalogue, lang: str, same_rules: bool = True,
                 rule_ids: bool = True) -> list[str]:
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
                lines.append(f"    {L(name)} {mark} {languages.language(lang).join(list(ids))}")
    if region.get("cause") and not same_rules:  # with one rulebook, always the data
        lines.append(f"    {L('cause')}: {_causes(L)[region['cause']]}")
    lines += [f"    {L('why')}: {d}" for d in drivers_in(region, cat, lang, rule_ids)]
    for outcome, names in region.get("outcomes", {}).items():
        lines += [f"    {L('initiative')} ({cat.title('outcomes', outcome, lang)}): {name}"
                  for name in names]
    return lines


def drivers_in(region: Region, cat: Catalogue, lang: str, rule_ids: bool = True) -> list[str]:
    """Why the region moved, in the language (`drivers` is the English already).
    Without `rule_ids` (a report to read) the rule behind a move of domain or grade is
    left out: the line above says the move, and the ids stay in JSON and CSV."""
    if languages.language(lang).as_written and rule_ids:
        return region.get("drivers") or []
    return [driver_text(d, cat, lang) for d in region.get("driver_facts") or ()
            if rule_ids or d["kind"] != "rule"]


def to_text(result: DiffResult, cat: Catalogue, lang: str, only_changed: bool) -> str:
    lines = summary_lines(result, cat, lang) + [""]
    for region in regions_shown(result, only_changed):
        lines += region_lines(region, cat, lang, result.summary["same_rules"])
    return "\n".join(lines) + "\n"


def to_markdown(result: DiffResult, cat: Catalogue, lang: str, only_changed: bool) -> str:
    """The summary, then a table a reader in `lang` reads: the region by its name in the
    language, its province, domain and grade by their titles, what changed, its code."""
    L = lambda key: cat.label(key, lang)  # noqa: E731
    # names and lines from the profiles as written: markdown_text
    lines = ["# " + L("summary"), ""] + [f"- {md_text(x.strip())}" for x in
                                         summary_lines(result, cat, lang)]
    lines += ["", f"| {L('region')} | {L('province')} | {L('domain')} | {L('grade')} | "
                  f"{L('change')} | {L('code')} |", "|---|---|---|---|---|---|"]
    for region in regions_shown(result, only_changed):
        domain = " → ".join(md_text(_verdict(cat, "domains", d, lang)) for d in region["domain"])
        grade = " → ".join(md_text(_verdict(cat, "grades", g, lang))
                           for g in region.get("grade", (None, None)))
        detail = region_lines(region, cat, lang, result.summary["same_rules"],
                              rule_ids=False)[1:]
        why = "<br>".join(md_text(x.strip()) for x in detail)
        lines.append(f"| {md_text(_name(region, lang))} | {md_text(_province(region, cat, lang))} "
                     f"| {domain} | {grade} | {why} | {md_text(region['key'])} |")
    return "\n".join(lines) + "\n"


def to_xlsx(result: DiffResult, cat: Catalogue, lang: str, only_changed: bool) -> bytes:
    """A workbook: a sheet for a reader in `lang` (as the Markdown's table: names,
    province, domain and grade by their titles, what changed, the key), opened first;
    then the CSV's columns with capacities as numbers, for filtering and scripts; then
    the errors."""
    from regionlab.output.excel import table_workbook

    L = lambda key: cat.label(key, lang)  # noqa: E731
    shown = regions_shown(result, only_changed)
    readable = []
    for region in shown:
        detail = region_lines(region, cat, lang, result.summary["same_rules"],
                              rule_ids=False)[1:]
        readable.append([
            _name(region, lang), _province(region, cat, lang),
            *(_verdict(cat, "domains", d, lang) for d in region["domain"]),
            *(_verdict(cat, "grades", g, lang) for g in region.get("grade", (None, None))),
            "\n".join(x.strip() for x in detail), region["key"]])
    aside = languages.language(lang).remark
    sides = lambda key: [L(key) + aside(L(s)) for s in ("before", "after")]  # noqa: E731
    headers = [L("region"), L("province"), *sides("domain"), *sides("grade"), L("change"),
               L("code")]
    numbers = {**{f"{a}_{s}": float for a in ACTORS for s in ("old", "new", "change")},
               "year_old": int, "year_new": int}  # as numbers, to filter and sort by
    rows = [[(numbers[c](v) if v else None) if c in numbers else v
             for c, v in zip(COLUMNS, itemgetter(*COLUMNS)(flat(r)), strict=True)]
            for r in shown]
    errors = [[p.file, p.line, p.field, p.code, p.message] for p in result.problems]
    return table_workbook([(L("summary"), headers, readable),
                           (L("changes_sheet"), COLUMNS, rows),
                           (L("errors_sheet"), ERROR_COLUMNS, errors)])


def _verdict(cat: Catalogue, section: str, id_: str | None, lang: str) -> str:
    """A domain or grade by its title, in every language (the Markdown is read, not
    parsed: the ids are in CSV and JSON); a region without a domain is not classified."""
    if id_ is None:
        return cat.label("not_classified", lang) if section == "domains" else "—"
    return cat.title(section, id_, lang)
