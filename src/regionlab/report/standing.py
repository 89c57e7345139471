"""The part of a region's page that places it among all municipalities: the radar
with the national and provincial medians, rank, percentile and a distribution strip per
capacity, and the region's peers. The nation is nation.py's; the peers peers.py's.
"""

from __future__ import annotations

from markupsafe import Markup

from regionlab.engine.assess import Assessment
from regionlab.output import palette
from regionlab.policy import languages
from regionlab.policy.catalogue import Catalogue
from regionlab.profile.models import ACTORS
from regionlab.report import charts, peers, words
from regionlab.report.names import region_title
from regionlab.report.nation import Nation, median


def standing(a: Assessment, national: Nation | None, province: str | None,
             province_name: str, cat: Catalogue, lang: str) -> dict:
    """What the page says and draws about the region against the nation; `available`
    False (and a note) where the panel cannot place it."""
    region = a.profile.region
    name = region_title(region.name, region.name_local, lang)
    actors = {x: cat.title("actors", x, lang) for x in ACTORS}
    unit = national.unit(region.code) if national is not None else None
    if national is None or unit is None:
        return {"available": False, "note": cat.label("nation_none", lang), "intro": "",
                "rated": "",
                "radar": _radar(a, [], actors, cat, lang, name),
                "legend": band_legend(a.rulebook.thresholds, cat, lang), "rows": []}
    missing = [actors[x] for x in ACTORS if not national.has(x)]
    territory = unit.territory()
    rows = [_row(a, x, national, province, territory, actors[x], name, cat, lang)
            for x in ACTORS]
    series, legend = _medians(national, province, province_name, cat, lang)
    note = cat.label("nation_missing", lang).format(
        year=national.year, actors=words.join(missing, lang)) if missing else ""
    rated = [actors[x] for x in ACTORS if a.scores[x].rating_score is not None
             and national.has(x)]
    return {"available": True, "note": note, "rows": rows,
            "rated": cat.label("nation_rated", lang).format(actors=words.join(rated, lang))
            if rated else "",
            "intro": cat.label("nation_intro", lang).format(n=len(national.units),
                                                            year=national.year),
            "radar": _radar(a, series, actors, cat, lang, name),
            "legend": legend + band_legend(a.rulebook.thresholds, cat, lang)}


def _medians(national: Nation, province: str | None, province_name: str, cat: Catalogue,
             lang: str) -> tuple[list[charts.Series], list[tuple[Markup, str]]]:
    """The national and provincial median polygons, when the panel gives all four."""
    if not national.complete():
        return [], []
    out = [charts.Series(cat.label("national_median", lang),
                         [national.median(x) for x in ACTORS], charts.NATION,
                         charts.MEDIAN_DASH[charts.NATION])]
    if province and national.values(ACTORS[0], province):
        label = cat.label("province_median", lang).format(province=province_name)
        out.append(charts.Series(label, [national.median(x, province) for x in ACTORS],
                                 charts.PROVINCE, charts.MEDIAN_DASH[charts.PROVINCE]))
    legend = [(Markup(charts.legend_swatch(s.colour, s.dash)), s.name) for s in out]
    return out, legend


def band_legend(thresholds: dict, cat: Catalogue, lang: str) -> list[tuple[Markup, str]]:
    """The radar's rings: each band's tint and its range."""
    low, high = thresholds["low"], thresholds["high"]
    return [(Markup(charts.legend_swatch(charts.tint(palette.BAND[b], charts.RING))),
             cat.label("band_ring", lang).format(band=cat.title("bands", b, lang), low=f"{a:g}",
                                                 high=f"{z:g}"))
            for b, a, z in (("low", 0, low), ("mid", low, high), ("high", high, 100))]


def _radar(a: Assessment, medians: list, actors: dict, cat: Catalogue, lang: str,
           name: str) -> Markup:
    mine = charts.Series(cat.label("this_region", lang),
                         [a.scores[x].capacity for x in ACTORS], palette.CAPACITY, fill=True)
    return Markup(charts.radar(list(actors.values()), [mine, *medians], a.rulebook.thresholds,
                               "radar", cat.label("radar_alt", lang).format(name=name)))


def _row(a: Assessment, actor: str, national: Nation, province: str | None, territory: str,
         title: str, name: str, cat: Catalogue, lang: str) -> dict:
    value = a.scores[actor].capacity
    if not national.has(actor):
        return {"actor": title, "capacity": value, "rank": None, "percentile": None,
                "median": None, "province_median": None, "strip": None}
    where = national.standing(actor, value, territory)
    nat = national.median(actor)
    prov = median(national.values(actor, province)) if province else None
    medians = [(cat.label("national_median", lang), nat, charts.NATION)] if nat is not None \
        else []
    if prov is not None:
        medians.append((cat.label("province_median_short", lang), prov, charts.PROVINCE))
    strip = charts.strip(national.values(actor, without=territory), value, medians,
                         a.rulebook.thresholds, palette.CAPACITY, f"strip-{actor}",
                         cat.label("strip_alt", lang).format(actor=title, name=name))
    return {"actor": title, "capacity": value,
            "rank": words.ordinal_rank(where.rank, where.of, lang, cat, where.tied)
            if where else None,
            "percentile": where.percentile if where else None, "median": nat,
            "province_median": prov, "strip": Markup(strip)}


def domain_actors(a: Assessment) -> tuple[str, ...]:
    """The actors the rulebook's domain rules read (through definitions)."""
    read = {name for r in a.rulebook.rules if r.kind == "domain" for name in r.reads}
    return tuple(x for x in ACTORS if x in read) or ACTORS


def peer_rows(a: Assessment, national: Nation | None, cat: Catalogue, lang: str) -> dict:
    """The region's peers with their domains and, for those in another domain, the
    actor on which they differ most."""
    region = a.profile.region
    me = national.unit(region.code) if national is not None else None
    if national is None or me is None:
        return {"rows": [], "note": cat.label("peers_none", lang), "intro": ""}
    found = peers.find(national, region.code, {x: a.scores[x].capacity for x in ACTORS},
                       a.domain, domain_actors(a))
    rows = [_peer(p, cat, lang) for p in found]
    intro = cat.label("peers_intro", lang).format(kind=cat.label(f"kind_{me.kind}", lang))
    return {"rows": rows, "intro": intro, "note": "" if rows else cat.label("peers_none", lang)}


def _peer(p: peers.Peer, cat: Catalogue, lang: str) -> dict:
    u = p.unit
    differs = None
    if p.differs:
        actor, theirs, ours = p.differs
        differs = cat.label("differs_text", lang).format(
            actor=cat.title("actors", actor, lang), theirs=f"{theirs:.1f}", ours=f"{ours:.1f}")
    return {"name": u.name_ko if languages.language(lang).korean_names
            else f"{u.name_en} ({u.name_ko})",
            "code": u.code, "province": words.province(u.province, lang, cat),
            "distance": f"{p.distance:.2f}",
            "domain": cat.title("domains", u.domain, lang) if u.domain
            else cat.label("not_classified", lang),
            "tint": palette.domain_tint(u.domain),
            "capacities": [u.capacities[x] for x in ACTORS],
            "differs": differs or cat.label("same_domain", lang)}
