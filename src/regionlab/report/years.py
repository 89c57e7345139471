"""Pages over time: two years (the comparison of `regionlab diff`, with each region's
move on the plane) and three or more (each region's path over the years, in small
multiples, and its domain in each year).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from regionlab.korea import reference
from regionlab.korea.reference import province_of
from regionlab.nation import diff_view
from regionlab.nation.diff import DiffResult, Region, Side, by_region, set_changes
from regionlab.output import palette
from regionlab.policy.catalogue import Catalogue
from regionlab.policy.framework import Framework
from regionlab.profile.models import DOMAINS
from regionlab.report import charts, vintages, words
from regionlab.report.html import Edition, page
from regionlab.report.names import region_title, row_name
from regionlab.report.overview import domain_title
from regionlab.report.pages import SUMMARY_LISTS, plane_areas, plane_text
from regionlab.rules.rulebook import Rulebook

Row = Mapping[str, Any]  # a batch row, made or read back

PANELS = 24  # small multiples drawn at most


# --- two years -------------------------------------------------------------------------

def diff_report(diff_result: DiffResult, old_rows: Sequence[Row], new_rows: Sequence[Row],
                catalogue: Catalogue, lang: str, *, rulebook: Rulebook,
                framework: Framework, dated: Edition | None = None) -> str:
    cat, result = catalogue, diff_result
    names = {r["region_code"]: r for r in [*old_rows, *new_rows]}
    olds = {r["region_code"]: r for r in old_rows}
    return page("diff.html.j2", cat, lang, dated=dated,
                title=cat.label("diff_report", lang),
                subtitle=_span(old_rows) + " → " + _span(new_rows),
                summary=_summary(result, cat, lang),
                flows=_flows(result, old_rows, new_rows, cat, lang),
                vintages=vintages.vintages(
                    [r["year"] for r in [*old_rows, *new_rows]],
                    vintages.with_evidence([*old_rows, *new_rows]), framework, cat, lang),
                moves=_moves_chart(result, (olds, names), rulebook, cat, lang),
                no_areas=plane_areas(rulebook) is None,
                regions=[_diff_row(r, names, cat, lang) for r in result.regions],
                problems=result.problems, thresholds=rulebook.thresholds)


def _span(rows: Sequence[Row]) -> str:
    years = sorted({r["year"] for r in rows})
    return "—" if not years else "–".join(str(y) for y in dict.fromkeys((years[0], years[-1])))


def _summary(result: DiffResult, cat: Catalogue, lang: str) -> list[tuple[str, int]]:
    """What a reader asks first of two years: how many regions moved domain, how many
    grade, how many changed otherwise (figures, cases, flags), and how many not at all;
    then the regions found in one year only."""
    items = [(cat.label(k, lang), n) for k, n in diff_view.verdict_counts(result).items()]
    items += [(cat.label(k, lang), len(result.summary[k])) for k in SUMMARY_LISTS]
    items += [(cat.title("outcomes", o, lang), n) for o, n in result.summary["outcomes"].items()
              if n]
    return items


def _flows(result: DiffResult, old_rows: Sequence[Row], new_rows: Sequence[Row],
           cat: Catalogue, lang: str) -> dict:
    """Regions from each old domain (rows) to each new one (columns), with the counts
    of each year (the old year's at the end of each row, the new year's in the last
    row), regions of one year only counted in their year."""
    kinds = (*DOMAINS, None)
    n = Counter((r["domain"].old, r["domain"].new) for r in result.regions
                if r["status"] in ("changed", "unchanged"))
    before = Counter(r["domain"] for r in old_rows)
    after = Counter(r["domain"] for r in new_rows)
    return {"titles": [{"title": domain_title(d, cat, lang), "tint": palette.domain_tint(d)}
                       for d in kinds],
            "rows": [{"title": domain_title(a, cat, lang), "tint": palette.domain_tint(a),
                      "cells": [{"n": n[(a, b)], "same": a == b} for b in kinds],
                      "total": before[a]} for a in kinds],
            "totals": [after[b] for b in kinds], "total": len(new_rows)}


def _move(region: Region, names: tuple[dict, dict], lang: str) -> charts.Track | None:
    """The region's move from its old row (by old code) to its new one (by new code)."""
    caps = region.get("capacities") or {}
    x, y = caps.get("municipality"), caps.get("residents")
    if x is None or y is None or None in (x.old, x.new, y.old, y.new):
        return None
    x0, x1, y0, y1 = float(x.old or 0), float(x.new or 0), float(y.old or 0), float(y.new or 0)
    olds, news = names
    row_new = news.get(region["code_new"]) or {}
    row_old = olds.get(region["code_old"]) or {}
    name = row_name(row_new, lang) if row_new else region["name"]
    steps = [(int(row_old.get("year", 0)), x0, y0), (int(row_new.get("year", 0)), x1, y1)]
    return charts.Track(region["key"], name, steps, region["domain"].new)


def _moves_chart(result: DiffResult, names: tuple[dict, dict], rulebook: Rulebook,
                 cat: Catalogue, lang: str) -> dict:
    moves = [m for m in (_move(r, names, lang) for r in result.regions) if m is not None]
    svg = Markup(charts.tracks(moves, rulebook.thresholds, plane_areas(rulebook),
                               plane_text(cat, lang), "moves",
                               cat.label("tracks_alt", lang))) if moves else None
    matched = sum(r["status"] in ("changed", "unchanged") for r in result.regions)
    return {"svg": svg, "drawn": len(moves), "off_plane": matched - len(moves)}


def _diff_row(region: Region, names: dict, cat: Catalogue, lang: str) -> dict:
    row = names.get(region["code_new"] or region["code_old"]) or {}
    name = region_title(row.get("region_name") or region["name"],
                        row.get("region_name_local"), lang)
    grade = region.get("grade") or (None, None)
    code, year = row.get("region_code"), row.get("year")
    province = province_of(code, int(year)) if code and year else None
    return {"key": region["key"], "name": name, "status": cat.label(region["status"], lang),
            "matched": region["status"] in ("changed", "unchanged"),
            "province": words.province(province, lang, cat) if province
            else (row.get("parent") or ""),
            "codes": " → ".join(dict.fromkeys(c for c in (region["code_old"],
                                                          region["code_new"]) if c)),
            "domain": [{"title": domain_title(d, cat, lang), "tint": palette.domain_tint(d)}
                       for d in dict.fromkeys(_present(region, region["domain"]))],
            "grade": list(dict.fromkeys(cat.title("grades", g, lang) if g else "—"
                                        for g in _present(region, grade))),
            "capacities": [(cat.title("actors", a, lang), v) for a, v in
                           (region.get("capacities") or {}).items() if v[2]],
            "changes": _set_changes(region, cat, lang),
            "why": [_crossed(f, cat, lang) for f in region.get("driver_facts") or ()
                    if f.get("kind") == "crossed"],
            "rules": [f"{f['rule_before']} → {f['rule_after']}"
                      for f in region.get("driver_facts") or () if f.get("kind") == "rule"]}


def _present(region: Region, change) -> list:
    """The old and new verdict of a region, only the side it has for a region of one
    year."""
    return {"only_old": [change[0]], "only_new": [change[1]]}.get(region["status"],
                                                                   list(change))


def _crossed(fact: dict, cat: Catalogue, lang: str) -> str:
    """A value that crossed a threshold between the two years, in the language."""
    up = fact["after"] >= fact["limit"]
    return cat.label("crossed_up" if up else "crossed_down", lang).format(
        name=words.name(fact["name"], lang, cat), before=f"{fact['before']:.1f}",
        after=f"{fact['after']:.1f}", threshold=words.name(fact["threshold"], lang, cat),
        limit=f"{fact['limit']:g}")


_SET_SECTION = {"cases": "cases", "strategies": "strategies", "flags": "flags",
                "designations": "designations"}


def _set_changes(region: Region, cat: Catalogue, lang: str) -> list[dict]:
    """Cases, strategies, flags and designations added (+) and removed (−), one entry
    per kind and direction with the titles joined."""
    out = []
    changes = set_changes(region)
    for name, section in _SET_SECTION.items():
        for mark, key in (("+", "added"), ("−", "removed")):
            ids = changes[name][key]
            if ids:
                out.append({"mark": mark, "kind": cat.label(name, lang),
                            "title": words.join([cat.title(section, i, lang) for i in ids],
                                                lang)})
    return out


# --- three years or more ---------------------------------------------------------------

def years_report(sides: Sequence[Side], catalogue: Catalogue, lang: str, *,
                 rulebook: Rulebook, framework: Framework, dated: Edition | None = None
                 ) -> str:
    """Each region's path over the years the sides hold (a side: a folder or result
    file of one or more years)."""
    cat = catalogue
    rows = [r for s in sides for r in s.rows]
    years = sorted({r["year"] for r in rows})
    on = reference.date_for_year(years[-1]) if years else reference.as_of()
    problems = [p for s in sides for p in s.problems]
    paths = _paths(rows, on, problems)
    tracks = [t for t in (_track(key, steps, lang) for key, steps in paths.items())
              if t is not None]
    changed = {k for k, steps in paths.items() if len({r["domain"] for r in steps}) > 1}
    ranked = sorted(tracks, key=lambda t: _interest(t, t.key in changed))
    mine = sum(t.key in changed for t in tracks)
    shown = ranked[:max(PANELS, mine)]  # every region that changed domain, at least
    return page("years.html.j2", cat, lang, dated=dated,
                title=cat.label("multi_report", lang),
                subtitle=" · ".join(map(str, years)), years=years,
                by_year=_domains_by_year(rows, years, cat, lang),
                panels=[_panel(t, _province(paths[t.key][-1], cat, lang), rulebook, cat, lang)
                        for t in shown],
                caption=" ".join(
                    [cat.label("paths_caption", lang).format(shown=len(shown),
                                                             total=len(paths))]
                    + [cat.label(k, lang).format(n=n) for k, n in
                       (("paths_changed", mine), ("paths_moved", len(shown) - mine)) if n]),
                vintages=vintages.vintages(years, vintages.with_evidence(rows), framework,
                                           cat, lang),
                table=[_path_row(steps, years, cat, lang) for steps in paths.values()],
                problems=problems, thresholds=rulebook.thresholds,
                no_areas=plane_areas(rulebook) is None)


def _paths(rows: Sequence[Row], on, problems: list) -> dict[str, list[Row]]:
    """Each region's rows, one per year, oldest first, keyed by territory."""
    by_year: dict[int, list[Row]] = {}
    for r in rows:
        by_year.setdefault(r["year"], []).append(r)
    paths: dict[str, list[Row]] = {}
    for year in sorted(by_year):
        for key, r in by_region(by_year[year], on, problems).items():
            paths.setdefault(key, []).append(r)
    return dict(sorted(paths.items()))


def _track(key: str, steps: list[Row], lang: str) -> charts.Track | None:
    points = [(r["year"], r["municipality"], r["residents"]) for r in steps
              if r.get("municipality") is not None and r.get("residents") is not None]
    if not points:
        return None
    return charts.Track(key, row_name(steps[-1], lang), points, steps[-1]["domain"])


def _interest(t: charts.Track, changed: bool) -> tuple:
    """Regions whose domain changed first, then those that moved most."""
    moved = sum(math.dist(a[1:], b[1:]) for a, b in zip(t.steps, t.steps[1:], strict=False))
    return (not changed, -moved, t.key)


def _panel(t: charts.Track, where: str, rulebook: Rulebook, cat: Catalogue, lang: str
           ) -> dict:
    svg = charts.tracks([t], rulebook.thresholds, plane_areas(rulebook), plane_text(cat, lang),
                        f"path-{t.key}", f"{t.label}: {cat.label('tracks_alt', lang)}",
                        compact=True)
    return {"name": t.label, "province": where, "svg": Markup(svg)}


def _province(row: Row, cat: Catalogue, lang: str) -> str:
    code = province_of(row["region_code"], row["year"])
    return words.province(code, lang, cat) if code else (row.get("parent") or "")


def _domains_by_year(rows: Sequence[Row], years: list[int], cat: Catalogue, lang: str
                     ) -> list[dict]:
    counts = Counter((r["year"], r["domain"]) for r in rows)
    return [{"title": domain_title(d, cat, lang), "tint": palette.domain_tint(d),
             "counts": [counts[(y, d)] for y in years]} for d in (*DOMAINS, None)]


def _path_row(steps: list[Row], years: list[int], cat: Catalogue, lang: str) -> dict:
    last = steps[-1]
    province = province_of(last["region_code"], last["year"])
    by_year = {r["year"]: r for r in steps}
    cells = []
    for y in years:
        r = by_year.get(y)
        cells.append(None if r is None else {"title": domain_title(r["domain"], cat, lang),
                                             "tint": palette.domain_tint(r["domain"])})
    return {"name": region_title(last["region_name"], last.get("region_name_local"), lang),
            "code": last["region_code"],
            "province": words.province(province, lang, cat) if province else "",
            "cells": cells}
