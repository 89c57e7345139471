"""The map of a batch page: results joined to the shipped 2020 boundaries of Korean
local governments by MOIS code (through the reference tables, so a result under a later
code finds its polygon), and what the map cannot show listed beside it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache

from markupsafe import Markup

from regionlab.policy.catalogue import Catalogue
from regionlab.policy.packaged import packaged
from regionlab.profile.models import DOMAINS
from regionlab.regions import reference
from regionlab.regions.diff import by_region
from regionlab.report import charts, palette
from regionlab.report.names import region_title

BOUNDARIES = "reference/kr_boundaries_2020.geojson"


@cache
def boundaries() -> dict:
    """The shipped map (scripts/build_boundaries.py): features with MOIS codes as of
    its `metadata.as_of` date."""
    return json.loads(packaged(BOUNDARIES).read_text(encoding="utf-8"))


def map_date() -> date:
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
    on = map_date()
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
        return map_date()
    return reference.date_for_year(max(years))


def _reference_without_boundary(rows: Sequence[dict], on: date) -> list[dict]:
    """Local governments of the reference table on the batch's date that the 2020
    boundaries cannot draw (e.g. units created by a later split)."""
    have = {f["properties"]["mois_code"] for f in boundaries()["features"]}
    govs = reference.local_governments(reference_date(rows))
    return [{"code": g.code, "name": g.name_ko, "name_en": g.name_en} for g in govs
            if territory(g.code, on) not in have]
