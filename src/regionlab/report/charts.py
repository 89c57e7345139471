"""Charts for the HTML report, written as inline SVG (svg.py): the radar of the four
capacities against the nation, distribution strips and histograms, the plane of
domains with regions or their paths over the years.

Every text a chart shows is passed in by the caller, already in the report's language:
this module knows no words. Every chart carries its own description (`alt`) for screen
readers, and every mark a `<title>` a reader sees on hover.

Fonts: the charts' text is drawn by the browser in the page's embedded fonts, subsets
of NanumGothic (SIL OFL 1.1, shipped by the PyPI package koreanize-matplotlib) and
IPAexGothic (IPA Font License 1.0, shipped by matplotlib-fontja), found here without
importing those packages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import NamedTuple

from regionlab.errors import RegionlabError
from regionlab.output import palette
from regionlab.policy import languages
from regionlab.report.svg import chart, el, esc, lines, num, text, title, width, wrap

# family name -> (package that ships it, file inside the package)
FONT_FILES = {
    "NanumGothic": ("koreanize_matplotlib", "fonts/NanumGothic.ttf"),
    "IPAexGothic": ("matplotlib_fontja", "fonts/ipaexg.ttf"),
}
INK = "#333333"
MUTED = "#5F5F5F"  # 4.5:1 and more on white and on every tinted area
GRID = "#BBBBBB"
NATION = "#111111"
PROVINCE = "#8A5A00"
MEDIAN_DASH = {NATION: "6 3", PROVINCE: "2 3"}  # the medians' lines, on every chart
RING = 0.12  # the opacity of the radar's band rings
HALO = {"stroke": "white", "stroke_width": 3, "paint_order": "stroke"}  # text over marks


def tint(colour: str, opacity: float) -> str:
    """`colour` at `opacity` over white, as one colour (for a legend's swatch)."""
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(opacity * c + (1 - opacity) * 255):02X}" for c in rgb)


class FontMissingError(RegionlabError):
    """A font, or the subsetter that embeds it, is missing or unreadable: the page would
    show boxes instead of text. Said in a line (exit 1), not a traceback."""


def font_package(family: str) -> str:
    """The name to install the package of one of FONT_FILES by (pip's, not Python's)."""
    return FONT_FILES[family][0].replace("_", "-")


def font_file(family: str) -> Path:
    """The font file of one of FONT_FILES, found without importing its package."""
    package, name = FONT_FILES[family]
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FontMissingError(f"the font {family} comes from the Python package "
                               f"{font_package(family)}, which is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / name
    if not path.is_file():
        raise FontMissingError(f"{path} is missing from the package {package}")
    return path


def font_chain(lang: str) -> tuple[str, ...]:
    """The language's font families in fallback order (languages.yaml fonts): a Korean
    region name in a Japanese report still renders."""
    return languages.language(lang).fonts


# --- radar -----------------------------------------------------------------------------

# A NamedTuple, not a frozen dataclass: as immutable, and defined without compiling
# methods as the module is imported (about 0.7 ms each, on every report).
class Series(NamedTuple):
    """A polygon on the radar: the region's capacities, or a median of the nation's."""
    name: str
    values: Sequence[float | None]
    colour: str
    dash: str | None = None
    fill: bool = False


def radar(axes: Sequence[str], series: Sequence[Series], thresholds: dict,
          scope: str, alt: str) -> str:
    """Capacities on one axis per actor (`axes`: their titles, the first on top, then
    clockwise), over rings for the low / mid / high bands; labels wrapped to fit."""
    w, h, cx, cy, r = 560.0, 440.0, 280.0, 220.0, 145.0
    low, high = thresholds["low"], thresholds["high"]
    body = [_band_ring(cx, cy, r * a / 100, r * b / 100, palette.BAND[n])
            for a, b, n in ((0, low, "low"), (low, high, "mid"), (high, 100, "high"))]
    angles = [2 * math.pi * i / len(axes) for i in range(len(axes))]
    for v in (low, high, 100):
        body.append(el("circle", cx=cx, cy=cy, r=r * v / 100, fill="none", stroke=GRID,
                       stroke_width=0.8, stroke_dasharray=None if v != high else "3 3"))
        body.append(text(cx + 3, cy - r * v / 100 - 3, f"{v:g}", font_size=15, fill=MUTED))
    for a in angles:
        body.append(el("line", x1=cx, y1=cy, x2=cx + r * math.sin(a),
                       y2=cy - r * math.cos(a), stroke=GRID, stroke_width=0.8))
    for s in series:
        body.append(_polygon(s, angles, cx, cy, r))
    mine = series[0].values if series else [None] * len(axes)
    for label, a, v in zip(axes, angles, mine, strict=True):
        body.append(_axis_label(label, v, a, cx, cy, r, w))
    return chart(w, h, body, scope, alt)


def _band_ring(cx: float, cy: float, r0: float, r1: float, colour: str) -> str:
    def circle(rr: float) -> str:
        return (f"M{num(cx - rr)},{num(cy)}a{num(rr)},{num(rr)} 0 1,0 {num(2 * rr)},0"
                f"a{num(rr)},{num(rr)} 0 1,0 {num(-2 * rr)},0Z")
    d = circle(r1) + (circle(r0) if r0 > 0 else "")
    return el("path", d=d, fill=colour, fill_opacity=RING, fill_rule="evenodd")


def _polygon(s: Series, angles: list[float], cx: float, cy: float, r: float) -> str:
    pts = [(cx + r * (v or 0) / 100 * math.sin(a), cy - r * (v or 0) / 100 * math.cos(a))
           for v, a in zip(s.values, angles, strict=True)]
    points = " ".join(f"{num(x)},{num(y)}" for x, y in pts)
    shape = el("polygon", title(s.name), points=points, stroke=s.colour, stroke_width=2.2 if
               s.fill else 1.6, stroke_dasharray=s.dash, fill=s.colour if s.fill else "none",
               fill_opacity=0.22 if s.fill else None, class_="series")
    dots = "".join(el("circle", cx=x, cy=y, r=4, fill=s.colour) for x, y in pts) if s.fill else ""
    return shape + dots


def _axis_label(label: str, value: float | None, a: float, cx: float, cy: float, r: float,
                w: float) -> str:
    size = 15.0
    x, y = cx + (r + 14) * math.sin(a), cy - (r + 14) * math.cos(a)
    side = math.sin(a)
    anchor = "start" if side > 0.3 else "end" if side < -0.3 else "middle"
    room = (w - x - 6) if anchor == "start" else (x - 6) if anchor == "end" else 2 * r
    rows = wrap(label, size, room) + ["—" if value is None else f"{value:.0f}"]
    height = 1.2 * size * (len(rows) - 1)
    y0 = y - height - 4 if math.cos(a) > 0.3 else y + size if math.cos(a) < -0.3 else \
        y - height / 2 + size / 3
    return lines(x, y0, rows, size, text_anchor=anchor, fill=INK, class_="axis-label")


# --- distributions -----------------------------------------------------------------------

def strip(values: Sequence[float], mine: float | None, medians: Sequence[tuple[str, float, str]],
          thresholds: dict, colour: str, scope: str, alt: str) -> str:
    """Every municipality's capacity as a thin tick on 0-100, the medians as taller
    marks (`medians`: name, value, colour), the region as a dot with its value."""
    w, h, x0, x1 = 420.0, 48.0, 10.0, 410.0

    def x(v: float) -> float:
        return x0 + (x1 - x0) * v / 100
    body = [el("rect", x=x(0), y=14.0, width=x(100) - x(0), height=14.0, fill="#F2F2F2")]
    for v in (thresholds["low"], thresholds["high"]):
        body.append(el("line", x1=x(v), x2=x(v), y1=10.0, y2=32.0, stroke=GRID))
    body += [el("line", x1=x(v), x2=x(v), y1=15.0, y2=27.0, stroke="#6B7B8C",
                stroke_opacity=0.35, stroke_width=1.2) for v in values]
    for name, v, c in medians:  # dashed and dotted as on the radar
        body.append(el("line", title(f"{name}: {v:.1f}"), x1=x(v), x2=x(v), y1=8.0, y2=34.0,
                       stroke=c, stroke_width=2.5, stroke_dasharray=MEDIAN_DASH.get(c)))
    for v in (0, 100):
        body.append(text(x(v), 45, f"{v}", font_size=12, fill=MUTED,
                         text_anchor="start" if v == 0 else "end"))
    if mine is not None:
        body.append(el("circle", title(f"{mine:.1f}"), cx=x(mine), cy=21.0, r=6.5, fill=colour,
                       stroke="white", stroke_width=1.5))
        body.append(text(min(max(x(mine), 20), w - 20), 11, f"{mine:.1f}", font_size=12,
                         text_anchor="middle", fill=INK, font_weight="bold"))
    return chart(w, h, body, scope, alt)


def histogram(values: Sequence[float], thresholds: dict, median: float | None,
              axis_title: str, scope: str, alt: str, bins: int = 10) -> str:
    """How many regions have a capacity in each tenth of 0-100, with the band
    thresholds and the median marked."""
    w, h, x0, x1, y0, y1 = 300.0, 174.0, 34.0, 292.0, 17.0, 140.0
    counts = [0] * bins
    for v in values:
        counts[min(int(v / (100 / bins)), bins - 1)] += 1
    top = max(counts + [1])
    bw = (x1 - x0) / bins
    body = [el("line", x1=x0, x2=x1, y1=y1, y2=y1, stroke=GRID)]
    counts_text: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []  # the counts' (left, right, top, bottom)
    for i, n in enumerate(counts):
        bh = (y1 - y0) * n / top
        lo = i * 100 // bins
        body.append(el("rect", title(f"{lo}–{lo + 100 // bins}: {n}"), x=x0 + i * bw + 1,
                       y=y1 - bh, width=bw - 2, height=bh, fill="#6B7B8C"))
        if n:  # written last, over the threshold and median lines
            cx, base = x0 + (i + 0.5) * bw, y1 - bh - 3
            counts_text.append(text(cx, base, str(n), font_size=11.5,
                             text_anchor="middle", fill=INK, stroke="white", stroke_width=3,
                             paint_order="stroke", class_="bar-label"))
            half = width(str(n), 11.5) / 2 + 2
            boxes.append((cx - half, cx + half, base - 11.5, base + 3))
    for v in (thresholds["low"], thresholds["high"]):
        xv = x0 + (x1 - x0) * v / 100
        body += vertical(xv, y0, y1, boxes, stroke=palette.BAND["mid"], stroke_dasharray="3 3")
    if median is not None:
        xm = x0 + (x1 - x0) * median / 100
        body += vertical(xm, y0 - 4, y1, boxes, stroke=NATION, stroke_width=2)
    for v, anchor in ((0, "start"), (50, "middle"), (100, "end")):
        body.append(text(x0 + (x1 - x0) * v / 100, y1 + 14, str(v), font_size=11.5,
                         text_anchor=anchor, fill=MUTED))
    body.append(text((x0 + x1) / 2, h - 4, axis_title, font_size=12, text_anchor="middle",
                     fill=INK))
    return chart(w, h, body + counts_text, scope, alt)


def vertical(x: float, top: float, bottom: float,
             boxes: Sequence[tuple[float, float, float, float]], **attrs) -> list[str]:
    """A vertical line from `top` to `bottom`, broken where it would run through one of
    the labels' `boxes` (left, right, top, bottom): a count stays readable where the
    median or a threshold passes (issue 18, item 10)."""
    cuts = sorted((b[2], b[3]) for b in boxes if b[0] <= x <= b[1] and b[3] > top and b[2] < bottom)
    lines, y = [], top
    for upper, lower in cuts:
        if upper > y:
            lines.append(el("line", x1=x, x2=x, y1=y, y2=upper, **attrs))
        y = max(y, lower)
    if bottom > y:
        lines.append(el("line", x1=x, x2=x, y1=y, y2=bottom, **attrs))
    return lines


# --- a capacity over the years -----------------------------------------------------------

def series(years: Sequence[int], values: Sequence[float | None], this_year: int,
           thresholds: dict, name: str, scope: str, alt: str) -> str:
    """One actor's capacity in each year on 0-100: a line through the years that have
    a figure (broken where one has none), a dot per year with its value on hover, the
    year of the page larger and labelled, the band thresholds as faint lines."""
    w, h, x0, x1, y0, y1 = 260.0, 150.0, 30.0, 246.0, 26.0, 122.0

    def x(i: int) -> float:
        return x0 if len(years) < 2 else x0 + (x1 - x0) * i / (len(years) - 1)

    def y(v: float) -> float:
        return y1 - (y1 - y0) * v / 100
    body = [text(0, 14, name, font_size=12.5, fill=INK, font_weight="bold")]
    for v in (0, thresholds["low"], thresholds["high"], 100):
        body.append(el("line", x1=x0, x2=x1, y1=y(v), y2=y(v), stroke=GRID,
                       stroke_dasharray=None if v in (0, 100) else "3 3"))
        body.append(text(x0 - 4, y(v) + 4, f"{v:g}", font_size=11, fill=MUTED,
                         text_anchor="end"))
    runs: list[list[str]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])
        else:
            runs[-1].append(f"{num(x(i))},{num(y(v))}")
    body += [el("polyline", points=" ".join(r), fill="none", stroke=palette.CAPACITY,
                stroke_width=2) for r in runs if len(r) > 1]
    for i, (year, v) in enumerate(zip(years, values, strict=True)):
        if v is None:
            continue
        mine = year == this_year
        body.append(el("circle", title(f"{year}: {v:.1f}"), cx=x(i), cy=y(v),
                       r=4.5 if mine else 2.6, fill=palette.CAPACITY, stroke="white",
                       stroke_width=1.2 if mine else 0))
        if mine:  # the page's year: its value, and the year itself under the axis
            body.append(text(min(max(x(i), x0 + 14), x1 - 14), y(v) - 8, f"{v:.1f}",
                             font_size=11.5, text_anchor="middle", fill=INK,
                             font_weight="bold", **HALO))
            body.append(el("line", x1=x(i), x2=x(i), y1=y1, y2=y1 + 5, stroke=INK))
    for i, anchor in ((0, "start"), (len(years) - 1, "end")):
        if years:
            body.append(text(x(i), h - 10, str(years[i]), font_size=11, fill=MUTED,
                             text_anchor=anchor))
    return chart(w, h, body, scope, alt)


# --- the municipality x residents plane --------------------------------------------------

class Point(NamedTuple):
    """A region on the plane: x the municipality's capacity, y the residents'."""
    key: str
    label: str
    x: float
    y: float
    domain: str | None


class Track(NamedTuple):
    """A region's places on the plane over the years: [(year, x, y)], oldest first;
    `domain` is the latest one."""
    key: str
    label: str
    steps: Sequence[tuple[int, float, float]]
    domain: str | None


class PlaneText(NamedTuple):
    x: str  # axis titles
    y: str
    areas: dict[str, str]  # domain id -> its title, written in its area


Areas = dict[str, list[tuple[float, float, float, float]]]  # domain -> (x, y, w, h)s


class _Frame:
    """The plane's drawing box: capacities 0-100 (with a margin) to SVG units."""

    def __init__(self, left: float, top: float, size: float):
        self.left, self.top, self.size = left, top, size

    def x(self, v: float) -> float:
        return self.left + (v + 4) / 108 * self.size

    def y(self, v: float) -> float:
        return self.top + (104 - v) / 108 * self.size


class _Labels:
    """Places labels where they overlap no other label and no mark, or not at all."""

    def __init__(self, box: tuple[float, float, float, float]):
        self.taken: list[tuple[float, float, float, float]] = []
        self.box = box

    def block(self, x: float, y: float, w: float, h: float) -> None:
        self.taken.append((x, y, x + w, y + h))

    def place(self, at: tuple[float, float], content: str, size: float, gap: float = 7
              ) -> tuple[float, float, str] | None:
        w, h = width(content, size), size * 1.15
        x, y = at
        for lx, ly, anchor in ((x + gap, y + size / 3, "start"), (x - gap, y + size / 3, "end"),
                               (x, y - gap, "middle"), (x, y + gap + size, "middle"),
                               (x + gap, y - gap, "start"), (x + gap, y + gap + size, "start")):
            left = lx if anchor == "start" else lx - w if anchor == "end" else lx - w / 2
            rect = (left, ly - size, left + w, ly - size + h)
            if self._free(rect):
                self.taken.append(rect)
                return lx, ly, anchor
        return None

    def _free(self, r: tuple[float, float, float, float]) -> bool:
        bx0, by0, bx1, by1 = self.box
        if r[0] < bx0 or r[2] > bx1 or r[1] < by0 or r[3] > by1:
            return False
        return all(r[2] <= t[0] or r[0] >= t[2] or r[3] <= t[1] or r[1] >= t[3]
                   for t in self.taken)


def _plane_base(f: _Frame, thresholds: dict, text_: PlaneText, areas: Areas | None,
                labels: _Labels, size: float = 13, names: bool = True) -> list[str]:
    """The domain areas (named in their largest part), the threshold lines, the axes."""
    body = []
    for domain, rects in (areas or {}).items():
        for x, y, w, h in rects:
            body.append(el("rect", x=f.x(x), y=f.y(y + h), width=f.x(x + w) - f.x(x),
                           height=f.y(y) - f.y(y + h), fill=palette.domain_colour(domain),
                           fill_opacity=0.12, class_=f"area area-{domain}"))
    for v in (thresholds["low"], thresholds["high"]):
        dash = None if v == thresholds["low"] else "3 3"
        body.append(el("line", x1=f.x(v), x2=f.x(v), y1=f.y(-4), y2=f.y(104), stroke=GRID,
                       stroke_dasharray=dash))
        body.append(el("line", x1=f.x(-4), x2=f.x(104), y1=f.y(v), y2=f.y(v), stroke=GRID,
                       stroke_dasharray=dash))
    body.append(el("path", d=f"M{num(f.x(-4))},{num(f.y(104))}V{num(f.y(-4))}"
                   f"H{num(f.x(104))}", fill="none", stroke=MUTED))
    for v in (0, thresholds["low"], thresholds["high"], 100):
        body.append(text(f.x(v), f.y(-4) + size + 2, f"{v:g}", font_size=size - 2,
                         text_anchor="middle", fill=MUTED))
        body.append(text(f.x(-4) - 5, f.y(v) + 4, f"{v:g}", font_size=size - 2,
                         text_anchor="end", fill=MUTED))
    if names:  # reserve their place now; they are written last, over the marks
        _area_names(f, text_, areas, labels, size)
    return body


def _area_names(f: _Frame, text_: PlaneText, areas: Areas | None, labels: _Labels,
                size: float) -> list[str]:
    """Each domain's name in the top left of its largest part, wrapped to its width."""
    out = []
    for domain, rects in (areas or {}).items():
        x, y, w, h = max(rects, key=lambda r: r[2] * r[3])
        rows = wrap(text_.areas.get(domain, domain), size, f.x(x + w) - f.x(x) - 10)
        lx, ly = f.x(x) + 5, f.y(y + h) + size + 3
        labels.block(lx, ly - size, max(width(r, size) for r in rows), size * 1.2 * len(rows))
        out.append(lines(lx, ly, rows, size, fill=palette.domain_colour(domain),
                         font_weight="bold", class_="area-name", stroke="white",
                         stroke_width=3, paint_order="stroke", stroke_linejoin="round"))
    return out


def _axis_titles(f: _Frame, text_: PlaneText, size: float) -> list[str]:
    cx, cy = f.x(50), f.y(50)
    return [text(cx, f.y(-4) + 2 * size + 8, text_.x, font_size=size, text_anchor="middle",
                 fill=INK),
            text(f.x(-4) - 2.4 * size, cy, text_.y, font_size=size, text_anchor="middle",
                 fill=INK, transform=f"rotate(-90 {num(f.x(-4) - 2.4 * size)} {num(cy)})")]


def plane(points: Sequence[Point], thresholds: dict, areas: Areas | None, text_: PlaneText,
          scope: str, alt: str, max_labels: int = 40, big: bool = False) -> str:
    """Regions on the plane with the domain areas. Regions at one place share a bubble,
    sized and numbered by how many they are; each bubble names them on hover, and as
    many names are written beside them as fit without overlapping. The small plane (of
    one region) writes larger: it is drawn narrower on a phone."""
    side, extra = (620.0, 150.0) if big else (440.0, 10.0)
    size = 13.0 if big else 16.0
    f = _Frame(64 if big else 72, 12, side)
    labels = _Labels((f.x(-4), 0, f.x(104) + extra, f.y(-4)))
    body = _plane_base(f, thresholds, text_, areas, labels, size)
    groups = _by_place(points)
    marks = []
    for (x, y), members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        n = len(members)
        r = 6 + 2.2 * math.sqrt(n - 1)
        px, py = f.x(x), f.y(y)
        labels.block(px - r, py - r, 2 * r, 2 * r)
        names = _names(members, most=12)
        count = text(px, py + 4, str(n), font_size=12, text_anchor="middle", fill="white",
                     font_weight="bold") if n > 1 else ""
        marks.append(el("g", title(f"{names} ({x:.1f}, {y:.1f})") + el(
            "circle", cx=px, cy=py, r=r, fill=palette.domain_colour(_majority(members)),
            stroke="white", stroke_width=1.2) + count, class_="pt"))
    body += marks
    if len(groups) <= max_labels:
        body += _point_labels(groups, f, labels, size - 1)
    body += _area_names(f, text_, areas, _Labels((0, 0, 0, 0)), size)
    body += _axis_titles(f, text_, size)
    return chart(f.x(104) + extra, f.y(-4) + 3 * size + 12, body, scope, alt)


def _point_labels(groups: dict, f: _Frame, labels: _Labels, size: float = 12) -> list[str]:
    out = []
    for (x, y), members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        r = 6 + 2.2 * math.sqrt(len(members) - 1)
        spot = labels.place((f.x(x), f.y(y)), _names(members), size, gap=r + 3)
        if spot:
            lx, ly, anchor = spot
            out.append(text(lx, ly, _names(members), font_size=size, text_anchor=anchor,
                            fill=INK,
                            **HALO, class_="pt-label"))
    return out


def _by_place(points: Sequence[Point]) -> dict[tuple[float, float], list[Point]]:
    groups: dict[tuple[float, float], list[Point]] = {}
    for p in points:
        groups.setdefault((p.x, p.y), []).append(p)
    return groups


def _majority(members: Sequence[Point]) -> str | None:
    domains = [m.domain for m in members]
    return max(sorted(set(domains), key=str), key=domains.count)


def _names(members: Sequence[Point], most: int = 3) -> str:
    names = list(dict.fromkeys(m.label for m in members))  # a region in two years: once
    more = f" +{len(names) - most}" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def tracks(items: Sequence[Track], thresholds: dict, areas: Areas | None, text_: PlaneText,
           scope: str, alt: str, max_labels: int = 12, compact: bool = False) -> str:
    """Each region's path over the years: dots at each year (the year written beside
    them when few), an arrow to its latest place, a ring where it did not move; its
    name at the latest place. `compact`: a small panel of one region (small multiples)."""
    side, size = (220.0, 13.5) if compact else (560.0, 13.0)
    f = _Frame(40 if compact else 64, 10, side)
    extra = 16.0 if compact else 150.0
    labels = _Labels((f.x(-4), 0, f.x(104) + extra - 6, f.y(-4)))
    body = _plane_base(f, thresholds, text_, areas, labels, size, names=not compact)
    drawn = _together(items)
    for t, n in drawn:
        body.append(_track(t, f, labels, scope, n))
    if not compact:
        body += _area_names(f, text_, areas, _Labels((0, 0, 0, 0)), size)
        body += _axis_titles(f, text_, size)
    few = len(drawn) <= max_labels
    for t, _ in drawn:
        body += _track_labels(t, f, labels, few and not compact, size, compact or few)
    return chart(f.x(104) + extra, f.y(-4) + (22 if compact else 50), body, scope, alt)


def _arrowhead(x0: float, y0: float, x1: float, y1: float, colour: str) -> str:
    a = math.atan2(y1 - y0, x1 - x0)
    pts = [(x1, y1), (x1 - 10 * math.cos(a - 0.4), y1 - 10 * math.sin(a - 0.4)),
           (x1 - 10 * math.cos(a + 0.4), y1 - 10 * math.sin(a + 0.4))]
    return el("polygon", points=" ".join(f"{num(x)},{num(y)}" for x, y in pts), fill=colour)


def _together(items: Sequence[Track]) -> list[tuple[Track, int]]:
    """Tracks with the very same places drawn once, with how many they are (their
    names joined): a mark is never moved off the place its figures give."""
    groups: dict[tuple, list[Track]] = {}
    for t in items:
        groups.setdefault(tuple((x, y) for _, x, y in t.steps), []).append(t)
    out = []
    for members in groups.values():
        first = members[0]
        if len(members) == 1:
            out.append((first, 1))
            continue
        names = [m.label for m in members]
        label = ", ".join(names[:12]) + (f" +{len(names) - 12}" if len(names) > 12 else "")
        domains = [m.domain for m in members]
        domain = max(sorted(set(domains), key=str), key=domains.count)
        out.append((Track(first.key, label, first.steps, domain), len(members)))
    return out


def _places(t: Track) -> list[tuple[str, float, float]]:
    """The track's places, consecutive years at one place merged: ('2022–2025', x, y)."""
    out: list[tuple[list[int], float, float]] = []
    for year, x, y in t.steps:
        if out and (out[-1][1], out[-1][2]) == (x, y):
            out[-1][0].append(year)
        else:
            out.append(([year], x, y))
    return [(str(ys[0]) if len(ys) == 1 else f"{ys[0]}–{ys[-1]}", x, y) for ys, x, y in out]


def _track(t: Track, f: _Frame, labels: _Labels, scope: str, n: int = 1) -> str:
    """One track (or `n` with the same places): the hover gives the figures as the
    data hold them, to one decimal like every other capacity on the page."""
    colour = palette.domain_colour(t.domain)
    pts = [(when, f.x(x), f.y(y)) for when, x, y in _places(t)]
    hover = title(f"{t.label}: " + " → ".join(f"{y} ({x:.1f}, {v:.1f})" for y, x, v in t.steps))
    for _, px, py in pts:
        labels.block(px - 9, py - 9, 18, 18)
    for (_, xa, ya), (_, xb, yb) in zip(pts, pts[1:], strict=False):  # the arrow's line
        steps = max(1, int(math.dist((xa, ya), (xb, yb)) // 6))
        for i in range(steps + 1):
            labels.block(xa + (xb - xa) * i / steps - 3, ya + (yb - ya) * i / steps - 3, 6, 6)
    if len(pts) == 1:
        _, px, py = pts[-1]
        r = 7 + 2.2 * math.sqrt(n - 1)
        return el("g", hover + el("circle", cx=px, cy=py, r=r, fill="white", stroke=colour,
                                  stroke_width=2.2), id=f"{scope}-move-{t.key}", class_="track",
                  data_n=n if n > 1 else None)
    path = "M" + " L".join(f"{num(x)},{num(y)}" for _, x, y in pts)
    dots = "".join(el("circle", cx=x, cy=y, r=3.5, fill=colour, fill_opacity=0.8)
                   for _, x, y in pts[:-1])
    (_, xa, ya), (_, xb, yb) = pts[-2], pts[-1]
    return el("g", hover + el("path", d=path, fill="none", stroke=colour, stroke_width=2.2)
              + dots + _arrowhead(xa, ya, xb, yb, colour), id=f"{scope}-move-{t.key}",
              class_="track", data_n=n if n > 1 else None)


def _track_labels(t: Track, f: _Frame, labels: _Labels, name: bool, size: float,
                  years: bool) -> list[str]:
    out = []
    places = _places(t)
    if years and len(places) > 1:
        for when, x, y in places:
            spot = labels.place((f.x(x), f.y(y)), when, size - 2, gap=11)
            if spot:
                out.append(text(spot[0], spot[1], when, font_size=size - 2,
                                text_anchor=spot[2], fill=MUTED,
                                **HALO, class_="year-label"))
    if name:
        _, x, y = places[-1]
        spot = labels.place((f.x(x), f.y(y)), t.label, size - 1, gap=9)
        if spot:
            out.append(text(spot[0], spot[1], t.label, font_size=size - 1, text_anchor=spot[2],
                            fill=INK, font_weight="bold",
                            **HALO, class_="pt-label"))
    return out


def legend_swatch(colour: str, dash: str | None = None) -> str:
    """A small line or square for an HTML legend beside a chart."""
    if dash is not None:
        return (f'<svg class="swatch" viewBox="0 0 24 10" width="24" height="10" aria-hidden='
                f'"true"><line x1="0" y1="5" x2="24" y2="5" stroke="{esc(colour)}" '
                f'stroke-width="2.5" stroke-dasharray="{esc(dash)}"/></svg>')
    return f'<span class="swatch box" style="background:{esc(colour)}"></span>'
