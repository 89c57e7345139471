"""What each page shows: the data the Jinja templates (templates/) are rendered with,
for one region, a batch of regions, and two years of them.

Every word comes from the catalogue or the interface labels (catalogue.yaml, ui.yaml),
in the chosen language; the charts (charts.py) are inline SVG, the map is maps.py's.
html.py renders the page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from markupsafe import Markup

from regionlab.engine.assess import Assessment
from regionlab.errors import Problem
from regionlab.output import diff_view
from regionlab.output.json_view import comparison_text, number
from regionlab.output.terminal import band, flag_detail, near_text, stability_text
from regionlab.policy.catalogue import Catalogue
from regionlab.profile.models import ACTORS, DOMAINS
from regionlab.regions.diff import DiffResult
from regionlab.report import charts, palette
from regionlab.report.html import page
from regionlab.report.maps import map_context, map_date, territory
from regionlab.report.names import region_title, row_name
from regionlab.rules.rulebook import Rulebook, load_rulebook
from regionlab.trust import threshold_sides

# figures of regions/diff.py's summary, and the context figures of a profile, each
# shown with the interface label of the same name (tests/test_labels.py checks these
# labels exist too)
SUMMARY_COUNTS = ("matched", "changed", "unchanged", "moved_domain")
SUMMARY_LISTS = ("only_old", "only_new")
CONTEXT_FIGURES = ("population", "extinction_index", "fiscal_self_reliance_pct")


# --- one region ------------------------------------------------------------------------

def single_report(assessment: Assessment, catalogue: Catalogue, lang: str) -> str:
    a, cat = assessment, catalogue
    region = a.profile.region
    thresholds = a.rulebook.thresholds
    return page("single.html.j2", cat, lang,
                title=region_title(region.name, region.name_local, lang),
                subtitle=_subtitle(region.code, a.profile.year, region.parent),
                verdict=_verdict(a.domain, a.grade, cat, lang),
                capacities=_capacity_rows(a, cat, lang),
                evidence=_evidence_rows(a, cat, lang),
                radar=_radar(a, cat, lang),
                plane=_single_plane(a, cat, lang),
                thresholds=thresholds, no_areas=plane_areas(a.rulebook) is None,
                cases=[_case(c, cat, lang) for c in a.of_kind("case")],
                strategies=[_strategy(c, cat, lang) for c in a.of_kind("strategy")],
                flags=[_flag(c, a, cat, lang) for c in a.of_kind("flag")],
                context=_context(a.context, cat, lang),
                stability=_stability(a, cat, lang),
                reasons=[_reason(e, lang) for e in a.reasons],
                rulebook=a.rulebook.id, file=a.file)


def _subtitle(code: str, year: object, parent: str | None = None) -> str:
    return " · ".join(str(x) for x in (code, year, parent) if x)


def _term(cat: Catalogue, section: str, id_: str | None, lang: str) -> dict | None:
    if id_ is None:
        return None
    return {"id": id_, "title": cat.title(section, id_, lang),
            "description": cat.text(section, id_, "description", lang)}


def _verdict(domain: str | None, grade: str | None, cat: Catalogue, lang: str) -> dict:
    return {"domain": _term(cat, "domains", domain, lang),
            "grade": _term(cat, "grades", grade, lang),
            "colour": palette.domain_colour(domain), "tint": palette.domain_tint(domain)}


def _capacity_rows(a: Assessment, cat: Catalogue, lang: str) -> list[dict]:
    rows = []
    for actor in ACTORS:
        s = a.scores[actor]
        b = band(s.capacity, a.rulebook.thresholds)
        rows.append({"actor": cat.title("actors", actor, lang), "capacity": s.capacity,
                     "band": b, "band_title": cat.title("bands", b, lang) if b else None,
                     "colour": palette.BAND.get(b or "", palette.NOT_ASSESSED),
                     "basis": _basis(s, cat, lang)})
    return rows


def _basis(s, cat: Catalogue, lang: str) -> str:
    if s.rating_score is not None and s.indicator_score is not None:  # side by side
        return (f"{cat.label('rating', lang)} {s.rating_score:.0f} + "
                f"{cat.label('indicators', lang)} {s.indicator_score:.0f}")
    return " + ".join(cat.label(p, lang) for p in s.basis.split("+"))


def _evidence_rows(a: Assessment, cat: Catalogue, lang: str) -> list[dict]:
    """Each indicator given: its value, the year it is from (carried back or not), score."""
    rows = []
    for actor in ACTORS:
        for i in a.scores[actor].indicators:
            ind = a.framework_indicators[actor][i.name]
            year = "" if i.year is None else str(i.year)
            if i.year is not None and i.year > a.profile.year:
                year += f" ({cat.label('carried_back', lang)})"
            rows.append({"actor": cat.title("actors", actor, lang), "name": ind.label[lang],
                         "value": f"{i.value:g} {ind.unit}", "year": year,
                         "score": round(i.score)})
    return rows


def _radar(a: Assessment, cat: Catalogue, lang: str) -> Markup:
    values = {cat.title("actors", actor, lang): a.scores[actor].capacity for actor in ACTORS}
    bands = {b: cat.title("bands", b, lang) for b in ("low", "mid", "high")}
    return Markup(charts.radar(values, a.rulebook.thresholds, bands, lang))


def plane_text(cat: Catalogue, lang: str) -> charts.PlaneText:
    return charts.PlaneText(x=cat.label("axis_municipality", lang),
                            y=cat.label("axis_residents", lang),
                            areas={d: cat.title("domains", d, lang) for d in DOMAINS})


def _single_plane(a: Assessment, cat: Catalogue, lang: str) -> Markup | None:
    x, y = a.scores["municipality"].capacity, a.scores["residents"].capacity
    if x is None or y is None:
        return None
    region = a.profile.region
    point = charts.Point(region.code, region_title(region.name, region.name_local, lang),
                         x, y, a.domain)
    return Markup(charts.plane([point], a.rulebook.thresholds, plane_areas(a.rulebook),
                               plane_text(cat, lang), lang))


def plane_areas(rulebook: Rulebook) -> charts.Areas | None:
    """The domains' areas on the plane (municipality across, residents up), from the
    rulebook's own domain rules: a rulebook of another shape draws its own."""
    return threshold_sides.plane_areas(rulebook, "municipality", "residents")


def _case(c, cat: Catalogue, lang: str) -> dict:
    entry = cat.entry("cases", c.id)
    return {"id": c.id, "title": cat.title("cases", c.id, lang),
            "place": cat.text("cases", c.id, "place", lang), "since": entry.get("since"),
            "what": cat.text("cases", c.id, "description", lang),
            "fits": cat.text("cases", c.id, "fits", lang),
            "prerequisite": _term(cat, "strategies", c.prerequisite, lang),
            "source": entry.get("source")}


def _strategy(c, cat: Catalogue, lang: str) -> dict:
    return {"id": c.id, "title": cat.title("strategies", c.id, lang),
            "description": cat.text("strategies", c.id, "description", lang)}


def _flag(c, a: Assessment, cat: Catalogue, lang: str) -> dict:
    severity = cat.entry("flags", c.id).get("severity") or "info"
    return {"id": c.id, "title": cat.title("flags", c.id, lang),
            "description": cat.text("flags", c.id, "description", lang),
            "severity": severity, "severity_title": cat.label(f"severity_{severity}", lang),
            "initiative": c.initiative, "detail": flag_detail(c, a, cat, lang)}


def _context(context: dict, cat: Catalogue, lang: str) -> list[dict]:
    """The context figures a profile gave (population, extinction index, fiscal
    self-reliance) and its designations; figures it did not give are left out."""
    rows = []
    for name in CONTEXT_FIGURES:
        value = context.get(name)
        if value is not None:
            rows.append({"label": cat.label(name, lang), "value": _figure(name, value)})
    designations = sorted(context.get("designations") or ())
    if designations:
        rows.append({"label": cat.label("designations", lang),
                     "value": ", ".join(cat.title("designations", d, lang)
                                        for d in designations)})
    return rows


def _figure(name: str, value) -> str:
    if name == "population":
        return f"{int(value):,}"
    return f"{value:.3f}" if name == "extinction_index" else f"{value:.1f}"


def _stability(a: Assessment, cat: Catalogue, lang: str) -> dict | None:
    """How stable the domain is under plausible error (trust/stability.py), as
    `regionlab assess` words it; None for an unclassified region."""
    s = getattr(a, "stability", None)
    if s is None or s.domain is None:
        return None
    return {"share": s.domain, "text": stability_text(a, lambda key: cat.label(key, lang)),
            "near": [near_text(n, cat, lang) for n in s.nearest], "fragile": s.fragile}


def _reason(e, lang: str) -> dict:
    where = f" [{e.initiative}]" if e.initiative else ""
    return {"rule": e.rule.id + where, "concludes": ", ".join(e.rule.then),
            "comparisons": [comparison_text(c) for c in e.comparisons]
            or [e.rule.condition.source],
            "read": ", ".join(f"{k}={number(v)}" for k, v in {**e.values,
                                                                **e.thresholds}.items()),
            "source": e.rule.source, "rationale": e.rule.rationale_in(lang)}


# --- a batch ---------------------------------------------------------------------------

def batch_report(rows: Sequence[dict], catalogue: Catalogue, lang: str,
                 title: str | None = None, *, rulebook: Rulebook | None = None,
                 problems: Sequence[Problem] = ()) -> str:
    """Rows as `batch.row` makes them (or `results.read` reads them back), drawn with
    the areas and thresholds of `rulebook` (the shipped one by default)."""
    cat = catalogue
    rulebook = rulebook or load_rulebook(None)
    thresholds = rulebook.thresholds
    rows = list(rows)
    return page("batch.html.j2", cat, lang,
                title=title or cat.label("batch_report", lang),
                subtitle=batch_subtitle(rows, cat, lang),
                domain_counts=domain_counts(rows, cat, lang),
                counts_chart=_counts_chart(rows, cat, lang),
                map=map_context(rows, cat, lang),
                plane=_batch_plane(rows, rulebook, cat, lang),
                no_areas=plane_areas(rulebook) is None,
                off_plane=sum(_position(r) is None for r in rows),
                table=[table_row(r, cat, lang) for r in rows],
                grade_titles=grade_titles(cat, lang),
                actor_titles=[cat.title("actors", a, lang) for a in ACTORS],
                problems=list(problems), thresholds=thresholds)


def batch_subtitle(rows: Sequence[dict], cat: Catalogue, lang: str) -> str:
    """'5 regions · 10 results · 2019–2025': a region in several years is one region."""
    years = sorted({r["year"] for r in rows})
    span = "" if not years else str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    regions = len({territory(r["region_code"], map_date()) for r in rows})
    parts = [cat.label("n_regions", lang).format(n=regions)]
    if regions != len(rows):
        parts.append(cat.label("n_results", lang).format(n=len(rows)))
    return " · ".join(parts + ([span] if span else []))


def _position(row: dict) -> tuple[float, float] | None:
    x, y = row.get("municipality"), row.get("residents")
    return None if x is None or y is None else (x, y)


def domain_counts(rows: Sequence[dict], cat: Catalogue, lang: str) -> list[dict]:
    """Regions per domain (and per grade within it), with insufficient data last."""
    by_domain = Counter(r["domain"] for r in rows)
    by_both = Counter((r["domain"], r["grade"]) for r in rows)
    out = []
    for d in (*DOMAINS, None):
        out.append({"id": d or "insufficient", "count": by_domain[d],
                    "title": cat.title("domains", d, lang) if d else cat.label("not_classified",
                                                                               lang),
                    "colour": palette.domain_colour(d), "tint": palette.domain_tint(d),
                    "grades": [by_both[(d, g)] for g in (*cat.grades, None)]})
    return out


def grade_titles(cat: Catalogue, lang: str) -> list[str]:
    return [cat.title("grades", g, lang) for g in cat.grades] + [cat.label("no_grade", lang)]


def _counts_chart(rows: Sequence[dict], cat: Catalogue, lang: str) -> Markup:
    table: dict[str, dict[str, int]] = {}
    for r in rows:
        cell = table.setdefault(r["domain"] or "insufficient", {})
        cell[r["grade"] or "none"] = cell.get(r["grade"] or "none", 0) + 1
    domains = {d: cat.title("domains", d, lang) for d in DOMAINS}
    domains["insufficient"] = cat.label("not_classified", lang)
    grades = {g: cat.title("grades", g, lang) for g in cat.grades}
    grades["none"] = cat.label("no_grade", lang)
    shades = palette.GRADE
    colours = {g: shades[min(i, len(shades) - 1)] for i, g in enumerate(cat.grades)}
    colours["none"] = palette.NOT_ASSESSED
    return Markup(charts.counts(table, domains, grades, colours, lang))


def _batch_plane(rows: Sequence[dict], rulebook: Rulebook, cat: Catalogue, lang: str
                 ) -> Markup | None:
    points = [charts.Point(r["region_code"], row_name(r, lang), *_position(r), r["domain"])
              for r in rows if _position(r) is not None]
    if not points:
        return None
    return Markup(charts.plane(points, rulebook.thresholds, plane_areas(rulebook),
                               plane_text(cat, lang), lang, scope="batch-plane"))


def table_row(r: dict, cat: Catalogue, lang: str) -> dict:
    return {"code": r["region_code"], "name": region_title(r["region_name"],
                                                           r.get("region_name_local"), lang),
            "year": r["year"], "capacities": [r.get(a) for a in ACTORS],
            "domain": r["domain"],
            "domain_title": cat.title("domains", r["domain"], lang) if r["domain"]
            else cat.label("not_classified", lang),
            "tint": palette.domain_tint(r["domain"]),
            "grade": cat.title("grades", r["grade"], lang) if r["grade"] else "—",
            "grade_rank": cat.grades.index(r["grade"]) if r["grade"] in cat.grades else -1,
            "stability": r.get("stability"),
            "cases": [cat.title("cases", c, lang) for c in r.get("cases") or ()],
            "flags": [cat.title("flags", f, lang) for f in r.get("flags") or ()]}


# --- two years -------------------------------------------------------------------------

def diff_report(diff_result: DiffResult, old_rows: Sequence[dict], new_rows: Sequence[dict],
                catalogue: Catalogue, lang: str, *, rulebook: Rulebook | None = None) -> str:
    cat, result = catalogue, diff_result
    rulebook = rulebook or load_rulebook(None)
    thresholds = rulebook.thresholds
    names = {r["region_code"]: r for r in [*old_rows, *new_rows]}
    return page("diff.html.j2", cat, lang, title=cat.label("diff_report", lang),
                subtitle=_diff_subtitle(old_rows, new_rows),
                summary=summary_items(result, cat, lang),
                domains_before_after=_domains_before_after(old_rows, new_rows, cat, lang),
                moves=_moves_chart(result, names, rulebook, cat, lang),
                no_areas=plane_areas(rulebook) is None,
                regions=[_diff_row(r, names, cat, lang) for r in result.regions],
                problems=result.problems, thresholds=thresholds)


def _diff_subtitle(old_rows: Sequence[dict], new_rows: Sequence[dict]) -> str:
    def span(rows):
        years = sorted({r["year"] for r in rows})
        return "—" if not years else "–".join(str(y) for y in dict.fromkeys(
            (years[0], years[-1])))
    return f"{span(old_rows)} → {span(new_rows)}"


def summary_items(result: DiffResult, cat: Catalogue, lang: str) -> list[tuple[str, object]]:
    """regions/diff.py's summary, each figure with its label in the report's language."""
    s = result.summary
    items = [(cat.label(k, lang), s[k]) for k in SUMMARY_COUNTS]
    items += [(cat.label(k, lang), len(s[k])) for k in SUMMARY_LISTS]
    items += [(cat.title("outcomes", o, lang), n) for o, n in s["outcomes"].items() if n]
    return items


def _domains_before_after(old_rows, new_rows, cat: Catalogue, lang: str) -> list[dict]:
    before, after = Counter(r["domain"] for r in old_rows), Counter(r["domain"] for r in new_rows)
    return [{"title": cat.title("domains", d, lang) if d else cat.label("not_classified", lang),
             "tint": palette.domain_tint(d), "before": before[d], "after": after[d]}
            for d in (*DOMAINS, None)]


def _move(region: dict, names: dict, lang: str) -> charts.Move | None:
    caps = region.get("capacities") or {}
    (x0, x1, _), (y0, y1, _) = caps.get("municipality", (None,) * 3), caps.get(
        "residents", (None,) * 3)
    if None in (x0, x1, y0, y1):
        return None
    row = names.get(region["code_new"]) or {}
    name = row_name(row, lang) if row else region["name"]
    return charts.Move(region["key"], name, (x0, y0), (x1, y1), region["domain"][1])


def _moves_chart(result: DiffResult, names: dict, rulebook: Rulebook, cat: Catalogue,
                 lang: str) -> dict:
    moves = [m for m in (_move(r, names, lang) for r in result.regions) if m is not None]
    svg = Markup(charts.arrows(moves, rulebook.thresholds, plane_areas(rulebook),
                               plane_text(cat, lang), lang)) if moves else None
    matched = sum(r["status"] in ("changed", "unchanged") for r in result.regions)
    return {"svg": svg, "drawn": len(moves), "off_plane": matched - len(moves)}


def _diff_row(region: dict, names: dict, cat: Catalogue, lang: str) -> dict:
    row = names.get(region["code_new"] or region["code_old"]) or {}
    name = region_title(region["name"], row.get("region_name_local"), lang)
    def title(section, id_):
        return cat.title(section, id_, lang) if id_ else "—"
    grade = region.get("grade") or (None, None)
    return {"key": region["key"], "name": name, "status": cat.label(region["status"], lang),
            "codes": " → ".join(dict.fromkeys(c for c in (region["code_old"],
                                                          region["code_new"]) if c)),
            "domain": [title("domains", d) for d in region["domain"]],
            "domain_tint": palette.domain_tint(region["domain"][1]),
            "grade": [title("grades", g) for g in grade],
            "capacities": [(cat.title("actors", a, lang), v) for a, v in
                           (region.get("capacities") or {}).items() if v[2]],
            "changes": _set_changes(region, cat, lang),
            "drivers": diff_view.drivers_in(region, cat, lang)}


_SET_SECTION = {"cases": "cases", "strategies": "strategies", "flags": "flags",
                "designations": "designations"}


def _set_changes(region: dict, cat: Catalogue, lang: str) -> list[dict]:
    out = []
    for name, section in _SET_SECTION.items():
        change = region.get(name) or {}
        for mark, key in (("+", "added"), ("−", "removed")):
            for id_ in change.get(key, ()):
                out.append({"mark": mark, "kind": cat.label(name, lang),
                            "title": cat.title(section, id_, lang)})
    return out
