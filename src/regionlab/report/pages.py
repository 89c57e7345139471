"""What a region's page shows: the data the Jinja template (templates/single.html.j2)
is rendered with. A batch's page is overview.py's, several years' years.py's.

Every word comes from the catalogue or the interface labels (catalogue.yaml, ui.yaml),
in the chosen language; the charts (charts.py) are inline SVG, the map is maps.py's.
html.py renders the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup

from regionlab.engine.assess import Assessment
from regionlab.korea.reference import province_of
from regionlab.output import palette, wording
from regionlab.output.region_rows import evidence_rows, reason_row
from regionlab.output.terminal import band, basis_text
from regionlab.policy.catalogue import Catalogue
from regionlab.policy.framework import load_framework
from regionlab.profile.models import ACTORS, DOMAINS
from regionlab.report import charts, regional, standing, words
from regionlab.report.html import Edition, page
from regionlab.report.names import region_title
from regionlab.report.nation import Nation, nation
from regionlab.rules.rulebook import Rulebook
from regionlab.trust import threshold_sides

# figures of nation/diff.py's summary (shown by years.py), and the context figures of
# a profile, each shown with the interface label of the same name (tests/test_labels.py
# checks these labels exist too)
SUMMARY_COUNTS = ("matched", "changed", "unchanged", "moved_domain")
SUMMARY_LISTS = ("only_old", "only_new")
CONTEXT_FIGURES = ("population", "extinction_index", "fiscal_self_reliance_pct")


# --- one region ------------------------------------------------------------------------

def single_report(assessment: Assessment, catalogue: Catalogue, lang: str,
                  dated: Edition | None = None) -> str:
    a, cat = assessment, catalogue
    region = a.profile.region
    thresholds = a.rulebook.thresholds
    national, province_code, province, placed = where_it_stands(a, cat, lang)
    return page("single.html.j2", cat, lang, dated=dated,
                title=region_title(region.name, region.name_local, lang),
                subtitle=_subtitle(region.code, a.profile.year, province),
                verdict=_verdict(a.domain, a.grade, cat, lang),
                capacities=_capacity_rows(a, cat, lang),
                evidence=evidence_rows(a, cat, lang),
                standing=placed,
                profile=regional.regional_profile(a, national, province_code, placed, cat,
                                                  lang),
                peers=standing.peer_rows(a, national, cat, lang),
                plane=_single_plane(a, cat, lang),
                thresholds=thresholds, no_areas=plane_areas(a.rulebook) is None,
                cases=[_case(c, cat, lang) for c in a.of_kind("case")],
                strategies=[_strategy(c, cat, lang) for c in a.of_kind("strategy")],
                flags=[_flag(c, a, cat, lang) for c in a.of_kind("flag")],
                context=_context(a.context, cat, lang),
                stability=_stability(a, cat, lang),
                reasons=[reason_row(e, cat, lang) for e in a.reasons],
                rulebook=a.rulebook.id, file=Path(a.file).name)


def nation_of(a: Assessment) -> Nation | None:
    """The nation of the assessment's year, for a Korean region the tables know."""
    if a.profile.region.country != "KR":
        return None
    return nation(a.profile.year, a.framework or load_framework(), a.rulebook)


class Standing(NamedTuple):
    """Where one region stands: the nation of its year, its province (code and name in
    the language) and what standing.standing says of it against them."""
    national: Nation | None
    province_code: str | None
    province: str
    placed: dict


def where_it_stands(a: Assessment, cat: Catalogue, lang: str) -> Standing:
    """The region against the nation of its year and its province, as its page, its
    workbook and its Markdown all place it."""
    region = a.profile.region
    national = nation_of(a)
    code = province_of(region.code, a.profile.year)
    name = words.province(code, lang, cat) if code else (region.parent or "")
    return Standing(national, code, name,
                    standing.standing(a, national, code, name, cat, lang))


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
    # worded as the terminal and the Markdown word it: side by side, not a sum
    return basis_text(s, lambda key: cat.label(key, lang))


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
                               plane_text(cat, lang), "plane", cat.label("plane_alt", lang)))


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
            "source": words.source(entry.get("source"), lang, cat)}


def _strategy(c, cat: Catalogue, lang: str) -> dict:
    return {"id": c.id, "title": cat.title("strategies", c.id, lang),
            "description": cat.text("strategies", c.id, "description", lang)}


def _flag(c, a: Assessment, cat: Catalogue, lang: str) -> dict:
    severity = cat.entry("flags", c.id).get("severity") or "info"
    return {"id": c.id, "title": cat.title("flags", c.id, lang),
            "description": cat.text("flags", c.id, "description", lang),
            "severity": severity, "severity_title": cat.label(f"severity_{severity}", lang),
            "initiative": c.initiative, "detail": wording.flag_detail(c, a, cat, lang)}


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
                     "value": words.join([cat.title("designations", d, lang)
                                          for d in designations], lang)})
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
    return {"share": s.domain, "text": _stability_text(s, cat, lang),
            "near": [wording.near_text(n, cat, lang) for n in s.nearest],
            "fragile": s.fragile}


def _stability_text(s, cat: Catalogue, lang: str) -> str:
    """The share of trial runs that keep the domain, in plain words (the terminal's
    "perturbed runs keep the domain" is for analysts)."""
    if s.samples == 0:
        return cat.label("stability_none", lang)
    share = s.noise if s.alternatives and s.noise is not None else s.domain
    text = cat.label("stability_plain", lang).format(share=f"{share:.0%}", runs=s.samples)
    if s.alternatives:
        methods = s.alternatives + 1
        text += " " + cat.label("stability_plain_methods", lang).format(
            kept=methods - len(s.methods), methods=methods)
    return text
