"""Reports people would rather look at: one self-contained HTML file for one region, a
batch of regions, or two years of them, in English, Korean or Japanese; and Markdown.

The HTML file needs no network: the charts (charts.py) are inline SVG with their text
drawn as paths, the style sheet and the few lines of script that sort tables are inline,
and the page's own text uses subsets of the charts' fonts embedded as data: URLs, so
Hangul and kana look the same on a machine without Korean or Japanese fonts. Every word
comes from the catalogue or the interface labels (catalogue.yaml, ui.yaml), in the
chosen language. Pages are Jinja2 templates in `templates/`.

Only the `report` command imports this module (matplotlib and Jinja2 take a while to
load; `regionlab assess` never pays for them).
"""

from __future__ import annotations

import base64
import io
import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from regionlab import __version__
from regionlab.engine.assess import Assessment, Engine
from regionlab.errors import Problem, RegionlabError
from regionlab.output import diff_view, results
from regionlab.output.json_view import comparison_text, number
from regionlab.output.terminal import band, flag_detail, near_text, stability_text, to_markdown
from regionlab.policy.catalogue import LANGS, Catalogue
from regionlab.policy.packaged import packaged
from regionlab.profile.discover import SUFFIXES, profile_paths
from regionlab.profile.models import ACTORS, DOMAINS
from regionlab.regions import reference
from regionlab.regions.batch import run_batch
from regionlab.regions.diff import DiffResult, by_region, diff, load_side
from regionlab.report import charts, palette
from regionlab.rules.rulebook import Rulebook, load_rulebook
from regionlab.trust import threshold_sides

BOUNDARIES = "reference/kr_boundaries_2020.geojson"
FORMATS = ("html", "markdown")
# figures of regions/diff.py's summary, and the context figures of a profile, each shown with the
# interface label of the same name (tests/test_labels.py checks these labels exist too)
SUMMARY_COUNTS = ("matched", "changed", "unchanged", "moved_domain")
SUMMARY_LISTS = ("only_old", "only_new")
CONTEXT_FIGURES = ("population", "extinction_index", "fiscal_self_reliance_pct")


# --- the entry point -------------------------------------------------------------------

def report(paths: Sequence[Path | str], lang: str = "en", rules: Path | None = None,
           two_years: bool = False, fmt: str = "html",
           problems: list[Problem] | None = None) -> str:
    """One profile file gives a region's report; folders, several files or batch result
    files give a batch report; with `two_years`, exactly two folders or result files
    (old, new) give the comparison. `fmt` is "html" or "markdown". The problems of
    files that could not be read are shown in the report, and added to `problems`."""
    paths = [Path(p) for p in paths]
    if lang not in LANGS:
        raise RegionlabError(f"unknown language '{lang}'; use one of {', '.join(LANGS)}")
    if fmt not in FORMATS:
        raise RegionlabError(f"unknown report format '{fmt}'; use one of {', '.join(FORMATS)}")
    engine = Engine(rules)
    missing = [t for t in ("low", "high") if t not in engine.rulebook.thresholds]
    if missing:  # the charts draw the capacity bands and domain areas from these two
        raise RegionlabError(f"{engine.rulebook.file}: the report needs the thresholds "
                             f"'low' and 'high' (the capacity bands); {', '.join(missing)} "
                             "missing")
    if two_years:
        return _two_years(paths, engine, lang, rules, fmt)
    if len(paths) == 1 and paths[0].is_file() and paths[0].suffix.lower() in SUFFIXES:
        a = engine.assess_file(paths[0])
        return single_report(a, engine.catalogue, lang) if fmt == "html" else \
            to_markdown(a, engine.catalogue, lang)
    rows, found = batch_rows(paths, rules)
    if problems is not None:
        problems += found
    if fmt == "markdown":
        return batch_markdown(rows, engine.catalogue, lang, problems=found)
    return batch_report(rows, engine.catalogue, lang, rulebook=engine.rulebook, problems=found)


def batch_rows(paths: Sequence[Path], rules: Path | None = None
               ) -> tuple[list[dict], list[Problem]]:
    """Rows of batch result files (.csv, .json, .jsonl, .xlsx) as they are, and of
    profiles (files or folders) assessed now."""
    result_files = [p for p in paths if p.is_file() and p.suffix.lower() in results.FORMATS]
    rows = [r for p in result_files for r in results.read(p)]
    profiles = [p for p in paths if p not in result_files]
    problems: list[Problem] = []
    if profiles:
        batch = run_batch(profiles, rules, files=profile_paths(profiles))
        rows += batch.rows
        problems = batch.problems
    return sorted(rows, key=lambda r: (r["region_code"], r["year"], r["file"] or "")), problems


def _two_years(paths: list[Path], engine: Engine, lang: str, rules: Path | None,
               fmt: str) -> str:
    if len(paths) != 2:
        raise RegionlabError(f"a two-year report compares exactly two folders or batch result "
                             f"files (old, new); {len(paths)} given")
    old, new = (load_side(p, rules) for p in paths)
    result = diff(old, new, engine.rulebook)
    if fmt == "markdown":
        return diff_view.to_markdown(result, engine.catalogue, lang, only_changed=False)
    return diff_report(result, old.rows, new.rows, engine.catalogue, lang,
                       rulebook=engine.rulebook)


# --- one region ------------------------------------------------------------------------

def single_report(assessment: Assessment, catalogue: Catalogue, lang: str) -> str:
    a, cat = assessment, catalogue
    region = a.profile.region
    thresholds = a.rulebook.thresholds
    return _page("single.html.j2", cat, lang,
                 title=region_title(region.name, region.name_local, lang),
                 subtitle=_subtitle(region.code, a.profile.year, region.parent),
                 verdict=_verdict(a.domain, a.grade, cat, lang),
                 capacities=_capacity_rows(a, cat, lang),
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


def region_title(name: str, name_local: str | None, lang: str) -> str:
    """Korean readers get the Korean name; others the romanised one with it."""
    if lang == "ko" and name_local:
        return name_local
    return f"{name} ({name_local})" if name_local and name_local != name else name


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
                     "basis": " + ".join(cat.label(p, lang) for p in s.basis.split("+"))})
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
    return _page("batch.html.j2", cat, lang,
                 title=title or cat.label("batch_report", lang),
                 subtitle=_batch_subtitle(rows, cat, lang),
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


def _batch_subtitle(rows: Sequence[dict], cat: Catalogue, lang: str) -> str:
    """'5 regions · 10 results · 2019–2025': a region in several years is one region."""
    years = sorted({r["year"] for r in rows})
    span = "" if not years else str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    regions = len({territory(r["region_code"], _map_date()) for r in rows})
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


def row_name(row: dict, lang: str) -> str:
    local = row.get("region_name_local")
    return local if lang == "ko" and local else row["region_name"]


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


# --- the map ---------------------------------------------------------------------------

@cache
def boundaries() -> dict:
    """The shipped map (scripts/build_boundaries.py): features with MOIS codes as of
    its `metadata.as_of` date."""
    return json.loads(packaged(BOUNDARIES).read_text(encoding="utf-8"))


def _map_date() -> date:
    return date.fromisoformat(boundaries()["metadata"]["as_of"])


territory = reference.territory


def _latest_by_territory(rows: Iterable[dict], on: date) -> dict[str, dict]:
    # the problems (duplicates) were reported when the rows were made
    return by_region(list(rows), on, [])


def _feature_row(props: dict, by_code: dict[str, dict]) -> tuple[str | None, dict | None]:
    """The result a polygon shows: its own; for Sejong, Jeju-si and Seogwipo-si (not basic
    local governments) the administrative unit's, else the sido-level unit's."""
    keys = [props["mois_code"]] if props["unit"] == "basic" else [props["admin_code"],
                                                                   props["parent_code"]]
    for key in keys:
        if key in by_code:
            return key, by_code[key]
    return None, None


def map_context(rows: Sequence[dict], cat: Catalogue, lang: str) -> dict:
    """The choropleth, and what it cannot show: results without a boundary, reference
    regions without a boundary. Every region of the batch is drawn or listed."""
    on = _map_date()
    by_code = _latest_by_territory(rows, on)
    shapes, drawn = _shapes(by_code)
    unmapped = [by_code[k] for k in sorted(by_code) if k not in drawn]
    return {"svg": Markup(charts.korea_map(shapes, _legend(cat, lang),
                                           cat.label("capital_area", lang), lang)),
            "fills": {s.key: s.colour for s in shapes},
            "unmapped": [{"code": r["region_code"], "name": region_title(
                r["region_name"], r.get("region_name_local"), lang), "year": r["year"],
                "domain": r["domain"]} for r in unmapped],
            "reference_missing": _reference_without_boundary(rows, on),
            "attribution": boundaries()["metadata"]["attribution"]}


def _shapes(by_code: dict[str, dict]) -> tuple[list[charts.Shape], set[str]]:
    """One shape per polygon of the map, filled by its result's domain (grey without
    one); and the codes of the results drawn."""
    shapes, drawn = [], set()
    for feature in boundaries()["features"]:
        props = feature["properties"]
        key, row = _feature_row(props, by_code)
        colour = palette.NOT_ASSESSED if row is None else palette.domain_colour(row["domain"])
        shapes.append(charts.Shape(props["mois_code"] or props["admin_code"],
                                   _polygons(feature["geometry"]), colour))
        drawn.add(key)
    return shapes, drawn - {None}


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" \
        else geometry["coordinates"]


def _legend(cat: Catalogue, lang: str) -> list[tuple[str, str]]:
    return ([(palette.DOMAIN[d], cat.title("domains", d, lang)) for d in DOMAINS]
            + [(palette.INSUFFICIENT, cat.label("not_classified", lang)),
               (palette.NOT_ASSESSED, cat.label("not_assessed", lang))])


def reference_date(rows: Sequence[dict]) -> date:
    """The day whose reference table the batch is checked against: the end of its
    latest year, within the reference tables' coverage."""
    years = [r["year"] for r in rows]
    if not years:
        return _map_date()
    return reference.date_for_year(max(years))


def _reference_without_boundary(rows: Sequence[dict], on: date) -> list[dict]:
    """Local governments of the reference table on the batch's date that the 2020
    boundaries cannot draw (e.g. units created by a later split)."""
    have = {f["properties"]["mois_code"] for f in boundaries()["features"]}
    govs = reference.local_governments(reference_date(rows))
    return [{"code": g.code, "name": g.name_ko, "name_en": g.name_en} for g in govs
            if territory(g.code, on) not in have]


# --- two years -------------------------------------------------------------------------

def diff_report(diff_result: DiffResult, old_rows: Sequence[dict], new_rows: Sequence[dict],
                catalogue: Catalogue, lang: str, *, rulebook: Rulebook | None = None) -> str:
    cat, result = catalogue, diff_result
    rulebook = rulebook or load_rulebook(None)
    thresholds = rulebook.thresholds
    names = {r["region_code"]: r for r in [*old_rows, *new_rows]}
    return _page("diff.html.j2", cat, lang, title=cat.label("diff_report", lang),
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


# --- Markdown for a batch ---------------------------------------------------------------

def batch_markdown(rows: Sequence[dict], catalogue: Catalogue, lang: str,
                   title: str | None = None, problems: Sequence[Problem] = ()) -> str:
    """A batch as Markdown, for pasting into documents: regions per domain and grade,
    then one line per region. (One region: terminal.to_markdown; two years:
    diff_view.to_markdown.)"""
    cat = catalogue
    L = lambda key: cat.label(key, lang)  # noqa: E731 - short alias, as in output/terminal.py
    out = [f"# {title or L('batch_report')}", "", _batch_subtitle(rows, cat, lang), "",
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


# --- pages -----------------------------------------------------------------------------

@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("regionlab.report", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals["fmt"] = _capacity  # a global, so that macros see it too
    return env


FONT_SLOT = "/* embedded fonts */"


def _page(template: str, cat: Catalogue, lang: str, **context) -> str:
    """Render a page, then embed the fonts its text needs (known only once rendered)."""
    html = _environment().get_template(template).render(
        L=lambda key: cat.label(key, lang), lang=lang, version=__version__,
        **context)
    return html.replace(FONT_SLOT, font_faces(html, lang), 1)


def _capacity(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def font_faces(html: str, lang: str) -> str:
    """@font-face rules with subsets of the chart fonts holding exactly the non-ASCII
    characters of the page: Hangul, kana and kanji look right without any installed font,
    for about 100 KB. ASCII text is left to the reader's own sans-serif font."""
    wanted = {ch for ch in html if ord(ch) > 0x7F}
    rules = []
    for i, family in enumerate(f for f in charts.font_chain(lang) if f in charts.FONT_FILES):
        mine = {ch for ch in wanted if ord(ch) in _charmap(family)}
        wanted -= mine
        if mine:
            data = base64.b64encode(_subset(family, frozenset(mine))).decode("ascii")
            rules.append(f'@font-face{{font-family:"rl-font-{i}";'
                         f'src:url(data:font/woff;base64,{data}) format("woff")}}')
    return "\n".join(rules)


@cache
def _charmap(family: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(charts.font_file(family)), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _subset(family: str, chars: frozenset[str]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False  # a third of the size; browsers render CJK well without it
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]  # font-editor sources
    font = TTFont(str(charts.font_file(family)), recalcTimestamp=False)  # same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in chars))
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()

