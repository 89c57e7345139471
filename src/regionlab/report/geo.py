"""The map of Korea as inline SVG: every local government of the shipped boundaries,
province borders over them, the capital area enlarged beside the mainland, Ulleung-do
and Dokdo in their own frame over the East Sea, and several layers (the domain, context
figures) a reader switches between with no script: each region carries one colour per
layer as a CSS variable, and the page's style sheet picks the checked one.

Every region names itself and its figures on hover (`<title>`).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from regionlab.policy import cache
from regionlab.report.svg import chart, el, num, text, title, width, wrap

MAIN = (124.55, 130.0, 33.08, 38.66)  # lon/lat box of the mainland frame
CAPITAL = (126.55, 127.45, 37.22, 37.72)  # enlarged capital area
ULLEUNG = (130.72, 131.98, 37.14, 37.62)  # Ulleung-do and Dokdo
DOKDO = (131.8647, 37.2417)  # lon, lat; part of Ulleung-gun
ULLEUNG_CODE = "47940"
SCALE = 100.0  # SVG units per degree of latitude on the mainland
ZOOM = 4.2  # how much the capital area is enlarged
COS = math.cos(math.radians(36.0))  # degrees of longitude are shorter at Korea's latitude
INSET_X = 470.0
FONT = 13.0


# A NamedTuple, not a frozen dataclass: as immutable, and defined without compiling
# methods as the module is imported (about 0.7 ms each, on every report).
class Layer(NamedTuple):
    """One way of colouring the map: a title, a legend of (colour, label), a colour
    per region key."""
    id: str
    title: str
    legend: Sequence[tuple[str, str]]
    fills: dict[str, str]


class Frame(NamedTuple):
    box: tuple[float, float, float, float]
    scale: float
    left: float
    top: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x0, _, _, y1 = self.box
        return (self.left + (lon - x0) * COS * self.scale, self.top + (y1 - lat) * self.scale)

    def size(self) -> tuple[float, float]:
        x0, x1, y0, y1 = self.box
        return (x1 - x0) * COS * self.scale, (y1 - y0) * self.scale


def frames() -> dict[str, Frame]:
    main = Frame(MAIN, SCALE, 4.0, 4.0)
    mw, _ = main.size()
    ulleung = Frame(ULLEUNG, SCALE, mw - 104.0, 18.0)
    capital = Frame(CAPITAL, SCALE * ZOOM, INSET_X, 26.0)
    return {"main": main, "ulleung": ulleung, "capital": capital}


def korea_map(drawn: dict, layers: Sequence[Layer], hover: dict[str, str],
              words: dict[str, str], missing: str, scope: str, alt: str,
              places: dict[str, str] | None = None) -> str:
    """`drawn`: the boundaries as `drawn()` gives them; `hover`: region key -> its text;
    `words`: titles of the two insets ('capital', 'ulleung') and 'dokdo'; `missing`:
    the colour of a region without a value in a layer; `places`: the provinces' names
    to write on the map, by the code of the province in the boundaries."""
    fr = frames()
    body = []
    for name, fr_ in fr.items():
        w, h = fr_.size()
        clip = f"{scope}-clip-{name}"
        body.append(f'<clipPath id="{clip}">' + el("rect", x=fr_.left, y=fr_.top, width=w,
                                                   height=h) + "</clipPath>")
        body.append(_frame_box(name, fr_, words))
        pieces = drawn["frames"][name]
        body.append(el("g", "".join(_regions(pieces["shapes"], layers, hover, missing,
                                             name != "capital"))
                       + pieces["borders"], clip_path=f"url(#{clip})"))
    body.append(_dokdo(fr["ulleung"], layers, hover, missing, words["dokdo"]))
    body.append(_locator(fr["main"], words["capital"]))
    body.append(_places(drawn, places or {}, fr))
    cw, ch = fr["capital"].size()
    body += _legends(layers, INSET_X, fr["capital"].top + ch + 30)
    mw, mh = fr["main"].size()
    return chart(INSET_X + cw + 6, mh + 10, body, scope, alt)


def drawn(path: Path) -> dict:
    """The boundaries file at `path` as the map uses it: its metadata, each feature's
    properties, and in every frame the regions' shapes and the province borders as SVG.
    Projecting the polygons and finding the borders costs a seventh of a second: the
    shipped boundaries come with their drawing made at build time (scripts/build_map.py,
    the file `drawing(path)` beside them), used when it was made from this very file by
    this very code (`made_from`); any other file, or a drawing made by other code, is
    drawn once per version of the file and of this module and kept on disk
    (policy/cache.py). Once per process."""
    return _drawn(str(path))


@functools.cache
def _drawn(path: str) -> dict:
    return shipped(Path(path)) or cache.cached(Path(path), "map", _draw)


# the modules whose code decides what a drawing is (the frames, the paths, their numbers)
DRAWN_BY = ("report/geo.py", "report/svg.py")


def drawing(path: Path) -> Path:
    """Where the drawing made at build time of a boundaries file lies: beside it."""
    return path.with_name(path.name.removesuffix(".geojson") + ".drawn.json")


def made_from(path: Path) -> dict[str, str]:
    """What a drawing of `path` is made from: the file's size and CRC-32, and the
    fingerprint of the code that draws (a drawing stamped otherwise is not used)."""
    return {"boundaries": cache.contents_crc(path),
            "code": cache.fingerprint(*DRAWN_BY)}


def shipped(path: Path) -> dict | None:
    """The drawing beside `path` when it was made from this file by this code, else None."""
    try:
        kept = json.loads(drawing(path).read_bytes())
        if kept["made_from"] == made_from(path):
            return kept["drawn"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _draw(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    features = data["features"]
    extents = [_extent(x) for x in features]  # each feature's, once for the three frames
    segments: dict[int, list[tuple]] = {}  # each feature's edges, once for every frame
    drawn = {}
    for name, f in frames().items():
        inside = [x for x, extent in zip(features, extents, strict=True)
                  if _overlaps(extent, f.box)]
        drawn[name] = {"shapes": _shapes(inside, f), "borders": _border_path(inside, f, segments),
                       "centres": _centres(features, f)}
    return {"metadata": data["metadata"],
            "features": [{"properties": f["properties"]} for f in features], "frames": drawn}


# --- place names ----------------------------------------------------------------------

PLACE_FONT = 11.0
# where a name may go from its province's centre, nearest first (SVG units)
NUDGES = [(0, 0), (0, -12), (0, 12), (0, -24), (0, 24), (28, 0), (-28, 0), (28, -14),
          (28, 14), (-28, -14), (-28, 14), (0, -36), (0, 36), (48, 0), (-48, 0), (60, -12),
          (60, 12), (-60, -12), (-60, 12)]
SHARE = 0.25  # a province is named in a frame that holds at least this share of it


def _centres(features: Sequence[dict], f: Frame) -> dict[str, list[float]]:
    """Each province's centre in the frame: the area-weighted centroid of the outer
    rings of its polygons lying wholly inside the frame, for a province with at least
    SHARE of its area there (Seoul in the capital area's frame, not Gyeonggi-do)."""
    inside: dict[str, list[float]] = {}
    total: dict[str, float] = {}
    x0, x1, y0, y1 = f.box
    for feature in features:
        province = feature["properties"]["parent_code"]
        g = feature["geometry"]
        for polygon in ([g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]):
            ring = polygon[0]
            area, cx, cy = _ring_centroid(_projected(ring, f))
            total[province] = total.get(province, 0.0) + area
            if all(x0 <= lon <= x1 and y0 <= lat <= y1 for lon, lat in ring):
                acc = inside.setdefault(province, [0.0, 0.0, 0.0])
                acc[0] += area
                acc[1] += area * cx
                acc[2] += area * cy
    return {p: [round(a[1] / a[0], 1), round(a[2] / a[0], 1)]
            for p, a in sorted(inside.items()) if a[0] >= SHARE * total[p] and a[0] > 0}


def _ring_centroid(pts: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Area (unsigned) and centroid of a closed ring (the shoelace formula)."""
    a = cx = cy = 0.0
    for (xa, ya), (xb, yb) in zip(pts, pts[1:], strict=False):
        cross = xa * yb - xb * ya
        a += cross
        cx += (xa + xb) * cross
        cy += (ya + yb) * cross
    if a == 0:
        return 0.0, pts[0][0], pts[0][1]
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def _places(drawn: dict, names: dict[str, str], fr: dict[str, Frame]) -> str:
    """The provinces' names at their centres, each moved to the nearest place where it
    overlaps no other name and stays inside its frame, clear of the other frames and
    the locator; a name with no such place is left out (its regions still name their
    province on hover). Widths are estimated (svg.width), with a margin."""
    boxes = _obstacles(fr)
    placed: list[tuple[float, float, float, float]] = []
    named: set[str] = set()
    out = []
    for frame in ("capital", "main"):  # the inset's names first: they have less room
        f = fr[frame]
        w, h = f.size()
        room = (f.left, f.top, f.left + w, f.top + h)
        centres = drawn["frames"][frame].get("centres", {})
        for code in sorted(centres, key=lambda c: (centres[c][1], centres[c][0])):
            name = names.get(code)
            if not name or (frame == "main" and code in named):
                continue  # Seoul and Incheon are named in the enlarged capital area
            half, size = width(name, PLACE_FONT) / 2 + 2, PLACE_FONT
            for dx, dy in NUDGES:
                x, y = centres[code][0] + dx, centres[code][1] + dy
                box = (x - half, y - size * 0.85, x + half, y + size * 0.3)
                if (_within(box, room) and not any(_meets(box, b) for b in placed)
                        and not any(_meets(box, b) for b in boxes.get(frame, []))):
                    placed.append(box)
                    named.add(code)
                    out.append(text(x, y, name, font_size=PLACE_FONT, text_anchor="middle",
                                    class_="place", data_frame=frame, **PLACE_STYLE))
                    break
    return el("g", "".join(out), class_="places", aria_hidden="true") if out else ""


PLACE_STYLE = {"fill": "#111", "font_weight": "600", "stroke": "white", "stroke_width": 3,
               "paint_order": "stroke", "stroke_linejoin": "round"}


def _obstacles(fr: dict[str, Frame]) -> dict[str, list[tuple[float, float, float, float]]]:
    """What a name in each frame must keep clear of: on the mainland, Ulleung-do's
    frame with its title and the locator's box."""
    u = fr["ulleung"]
    uw, uh = u.size()
    (lx, ly) = fr["main"].xy(CAPITAL[0], CAPITAL[3])
    (rx, ry) = fr["main"].xy(CAPITAL[1], CAPITAL[2])
    return {"main": [(u.left - 4, u.top - 22, u.left + uw + 4, u.top + uh + 4),
                     (lx - 2, ly - 2, rx + 2, ry + 2)]}


def _within(box: tuple[float, ...], room: tuple[float, ...]) -> bool:
    return box[0] >= room[0] and box[1] >= room[1] and box[2] <= room[2] and box[3] <= room[3]


def _meets(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _locator(main: Frame, label: str) -> str:
    """Where the enlarged capital area lies on the mainland: its box, outlined."""
    x0, x1, y0, y1 = CAPITAL
    (left, top), (right, bottom) = main.xy(x0, y1), main.xy(x1, y0)
    return el("rect", title(label), x=left, y=top, width=right - left, height=bottom - top,
              fill="none", stroke="#111", stroke_width=1.2, stroke_dasharray="4 2",
              class_="locator")


def _frame_box(name: str, f: Frame, words: dict[str, str]) -> str:
    w, h = f.size()
    if name == "main":
        return ""
    label = words["capital" if name == "capital" else "ulleung"]
    return (el("rect", x=f.left - 3, y=f.top - 3, width=w + 6, height=h + 6, fill="#F4F8FB",
               stroke="#555", stroke_width=0.8, class_="frame-box", data_frame=name)
            + text(f.left - 3, f.top - 8, label, font_size=FONT if name == "capital" else 11,
                   fill="#333"))


def _region_key(props: dict) -> str:
    return props["mois_code"] or props["admin_code"]


def _style(key: str, layers: Sequence[Layer], missing: str) -> str:
    return ";".join(f"--l{i}:{layer.fills.get(key, missing)}" for i, layer in enumerate(layers))


def _regions(shapes: Sequence[Sequence[str]], layers: Sequence[Layer],
             hover: dict[str, str], missing: str, ids: bool) -> list[str]:
    return [el("path", title(hover.get(key, key)), d=d, style=_style(key, layers, missing),
               class_="r", id=f"map-lg-{key}" if ids else None,
               tabindex="0" if ids else None)  # the mainland's regions: keyboard too
            for key, d in shapes]


def _shapes(inside: Sequence[dict], f: Frame) -> list[list[str]]:
    """[region key, path data] of the regions in the frame (`inside`: those that overlap it)."""
    return [[_region_key(x["properties"]), _path(x, f)] for x in inside]


def _dokdo(f: Frame, layers: Sequence[Layer], hover: dict[str, str], missing: str,
           name: str) -> str:
    x, y = f.xy(*DOKDO)
    tip = f"{name} — {hover.get(ULLEUNG_CODE, ULLEUNG_CODE)}"
    return (el("circle", title(tip), cx=x, cy=y, r=2.6, class_="r dokdo", tabindex="0",
               style=_style(ULLEUNG_CODE, layers, missing), stroke="#555", stroke_width=0.6)
            + text(x - 6, y + 4, name, font_size=11, text_anchor="end", fill="#333"))


def _rings(feature: dict):
    g = feature["geometry"]
    for polygon in ([g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]):
        yield from polygon


def _extent(feature: dict) -> tuple[float, float, float, float]:
    """The feature's least and greatest longitude and latitude."""
    outer = [p for ring in _rings(feature) for p in ring]
    xs = [p[0] for p in outer]
    ys = [p[1] for p in outer]
    return min(xs), max(xs), min(ys), max(ys)


def _overlaps(extent: tuple[float, float, float, float],
              box: tuple[float, float, float, float]) -> bool:
    x0, x1, y0, y1 = box
    return extent[0] <= x1 and extent[1] >= x0 and extent[2] <= y1 and extent[3] >= y0


def _projected(ring: Sequence[Sequence[float]], f: Frame) -> list[tuple[float, float]]:
    """Frame.xy of every point of a ring, the same sums without a call per point (the
    map's 45,000 points, in three frames, from an empty cache)."""
    x0, _, _, y1 = f.box
    left, top, scale = f.left, f.top, f.scale
    return [(left + (lon - x0) * COS * scale, top + (y1 - lat) * scale) for lon, lat in ring]


def _path(feature: dict, f: Frame) -> str:
    """Relative path commands in SVG units to one decimal: a third of absolute ones."""
    parts = []
    for ring in _rings(feature):
        pts = _projected(ring, f)
        x, y = round(pts[0][0], 1), round(pts[0][1], 1)
        cmd = [f"M{num(x)} {num(y)}l"]
        steps = []
        for px, py in pts[1:]:
            nx, ny = round(px, 1), round(py, 1)
            if (nx, ny) != (x, y):
                steps.append(f"{num(nx - x)} {num(ny - y)}")
            x, y = nx, ny
        parts.append(cmd[0] + " ".join(steps) + "z")
    return "".join(parts)


def _border_path(inside: Sequence[dict], f: Frame, segments: dict[int, list[tuple]]) -> str:
    """The edges two provinces share, of the features that overlap the frame; `segments`
    keeps each feature's edges (by its id) for the next frame."""
    segs: dict[tuple, set[str]] = {}
    for feature in inside:
        province = feature["properties"]["parent_code"]
        edges = segments.get(id(feature))
        if edges is None:
            edges = segments[id(feature)] = [
                (a, b) if a <= b else (b, a) for ring in _rings(feature)
                for a, b in zip(map(tuple, ring), map(tuple, ring[1:]), strict=False)]
        for edge in edges:
            segs.setdefault(edge, set()).add(province)
    d = []
    for (a, b), provinces in sorted(segs.items()):
        if len(provinces) > 1:
            (xa, ya), (xb, yb) = f.xy(*a), f.xy(*b)
            d.append(f"M{num(xa)} {num(ya)}L{num(xb)} {num(yb)}")
    return el("path", d="".join(d), fill="none", stroke="#3A3A3A", stroke_width=1.1,
              stroke_linecap="round", class_="province-border")


def _legends(layers: Sequence[Layer], x: float, y: float) -> list[str]:
    out = []
    for i, layer in enumerate(layers):
        rows = [text(x, y, layer.title, font_size=FONT, font_weight="bold", fill="#333")]
        yy = y + 8
        for colour, label in layer.legend:
            wrapped = wrap(label, FONT, 260)
            rows.append(el("rect", x=x, y=yy + 4, width=16, height=12, fill=colour,
                           stroke="#999", stroke_width=0.5))
            rows.append(text(x + 24, yy + 15, wrapped[0], font_size=FONT, fill="#333"))
            for extra in wrapped[1:]:
                yy += FONT * 1.2
                rows.append(text(x + 24, yy + 15, extra, font_size=FONT, fill="#333"))
            yy += 21
        out.append(el("g", "".join(rows), class_=f"legend lg-layer-{i}",
                      data_layer=layer.id))
    return out
