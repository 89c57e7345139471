"""Charts for the HTML report, drawn with matplotlib and returned as inline SVG text.

Every chart is a `Figure` built without pyplot (no GUI backend, no global figure state)
and saved as SVG with text turned into paths (`svg.fonttype: path`): the browser draws
Hangul and kana without any font, and the file needs nothing from the network.

Fonts: matplotlib's own DejaVu Sans has neither Hangul nor kana. Korean comes from
NanumGothic (SIL OFL 1.1), shipped by the PyPI package koreanize-matplotlib, Japanese
from IPAexGothic (IPA Font License 1.0), shipped by matplotlib-fontja. Their font files
are registered here directly: importing those packages would change matplotlib's global
settings (and koreanize-matplotlib imports distutils, gone in Python 3.12). Each language
gets a chain of fonts and matplotlib falls back glyph by glyph along it, so a Korean
region name in a Japanese report still renders. Every text a chart shows is passed in by
the caller, already in the report's language: this module knows no words.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from regionlab.report import palette

# family name -> (package that ships it, file inside the package)
FONT_FILES = {
    "NanumGothic": ("koreanize_matplotlib", "fonts/NanumGothic.ttf"),
    "IPAexGothic": ("matplotlib_fontja", "fonts/ipaexg.ttf"),
}
# glyph-by-glyph fallback order per language; DejaVu Sans (matplotlib's own) for symbols
FAMILIES = {
    "en": ("NanumGothic", "IPAexGothic", "DejaVu Sans"),
    "ko": ("NanumGothic", "IPAexGothic", "DejaVu Sans"),
    "ja": ("IPAexGothic", "NanumGothic", "DejaVu Sans"),
}
INK = "#333333"
GRID = "#BBBBBB"


class FontMissingError(RuntimeError):
    """A font package is not installed: the charts would show boxes instead of text."""


def font_file(family: str) -> Path:
    """The font file of one of FONT_FILES, found without importing its package."""
    package, name = FONT_FILES[family]
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FontMissingError(f"the font {family} comes from the Python package "
                               f"{package.replace('_', '-')}, which is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / name
    if not path.is_file():
        raise FontMissingError(f"{path} is missing from the package {package}")
    return path


@cache
def register_fonts() -> None:
    for family in FONT_FILES:
        font_manager.fontManager.addfont(str(font_file(family)))


def font_chain(lang: str) -> tuple[str, ...]:
    return FAMILIES.get(lang, FAMILIES["en"])


@contextmanager
def _style(lang: str) -> Iterator[None]:
    """matplotlib settings for one chart, without touching the global ones."""
    register_fonts()
    settings = {
        "font.family": list(font_chain(lang)),
        "font.size": 9,
        "svg.fonttype": "path",  # glyph outlines: no font needed to view the file
        "svg.hashsalt": "regionlab",  # ids from content, not random: same input, same bytes
        "axes.unicode_minus": False,  # NanumGothic has no U+2212 minus
        "axes.edgecolor": GRID,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "text.color": INK,
    }
    with matplotlib.rc_context(settings):
        yield


# --- SVG output ----------------------------------------------------------------------

_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)  # XML declaration and DOCTYPE
_IDS = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')
_PATH_DATA = re.compile(r'( d="[^"]*")')
_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}")


def to_svg(fig: Figure, scope: str) -> str:
    """The figure as an <svg> element to put inside HTML. Ids are prefixed with `scope`,
    so that several charts in one page never share a clip path or glyph id."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "regionlab"})
    svg = _PROLOGUE.sub("", buffer.getvalue(), count=1)
    svg = _IDS.sub(lambda m: f"{m.group(1)}{scope}-{m.group(2)}", svg)
    svg = _PATH_DATA.sub(lambda m: _LONG_NUMBER.sub(_two_decimals, m.group(1)), svg)
    return svg.replace("<svg ", f'<svg class="chart" role="img" data-chart="{scope}" ', 1)


def _two_decimals(match: re.Match) -> str:
    """Path coordinates to 1/100 pt (matplotlib writes 1/1,000,000): the map's path data
    shrinks by a third, and no screen or printer can tell."""
    return f"{float(match.group()):.2f}"


# --- radar -----------------------------------------------------------------------------

def radar(values: dict[str, float | None], thresholds: dict, bands: dict[str, str],
          lang: str, scope: str = "radar") -> str:
    """The four capacities on a radar, over rings for the low / mid / high bands.
    `values` maps each axis label to a capacity (None: no data, drawn at 0, labelled —)."""
    low, high = thresholds["low"], thresholds["high"]
    with _style(lang):
        fig = Figure(figsize=(5.2, 4.4))
        ax = fig.add_subplot(projection="polar")
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        circle = [i * 2 * math.pi / 120 for i in range(121)]
        for (start, stop), name in (((0, low), "low"), ((low, high), "mid"), ((high, 100), "high")):
            ax.fill_between(circle, start, stop, color=palette.BAND[name], alpha=0.13,
                            linewidth=0, label=bands[name])
        _radar_values(ax, values)
        ax.set_ylim(0, 100)
        ax.set_yticks([0, low, high, 100])
        ax.set_yticklabels([f"{v:g}" for v in (0, low, high, 100)], fontsize=7)
        ax.set_rlabel_position(45)
        ax.grid(color=GRID, linewidth=0.6)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, frameon=False)
        fig.subplots_adjust(top=0.86, bottom=0.2)
        return to_svg(fig, scope)


def _radar_values(ax, values: dict[str, float | None]) -> None:
    labels = list(values)
    angles = [i * 2 * math.pi / len(labels) for i in range(len(labels))]
    radii = [values[k] or 0.0 for k in labels]
    ax.fill(angles, radii, color=palette.CAPACITY, alpha=0.25, gid="capacities")
    ax.plot(angles + angles[:1], radii + radii[:1], color=palette.CAPACITY,
            linewidth=2, marker="o", markersize=5)
    ax.set_xticks(angles)
    ax.set_xticklabels([f"{k}\n{_number(values[k])}" for k in labels], fontsize=9)
    ax.tick_params(axis="x", pad=10)


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


# --- the municipality x residents plane --------------------------------------------------

@dataclass(frozen=True)
class Point:
    """A region on the plane: x the municipality's capacity, y the residents'."""
    key: str
    label: str
    x: float
    y: float
    domain: str | None


@dataclass(frozen=True)
class Move:
    """A region's move on the plane between two years; `domain` is the new one."""
    key: str
    label: str
    old: tuple[float, float]
    new: tuple[float, float]
    domain: str | None


@dataclass(frozen=True)
class PlaneText:
    x: str  # axis titles
    y: str
    areas: dict[str, str]  # domain id -> its title, written in its area


Areas = dict[str, list[tuple[float, float, float, float]]]  # domain -> (x, y, w, h)s


def _plane_axes(fig: Figure, thresholds: dict, text: PlaneText, areas: Areas | None):
    """The plane, with each domain's area as the rulebook draws it (threshold_sides.plane_areas;
    None: the rulebook's domain depends on more than the two axes, and no areas)."""
    ax = fig.add_subplot()
    for domain, rects in (areas or {}).items():
        for x, y, w, h in rects:
            ax.add_patch(Rectangle((x, y), w, h, facecolor=palette.domain_colour(domain),
                                   alpha=0.12, edgecolor="none", gid=f"area-{domain}"))
        x, y, w, h = max(rects, key=lambda r: r[2] * r[3])  # named in its largest part
        ax.text(x + w / 2, y + h - 3, text.areas.get(domain, domain), ha="center", va="top",
                fontsize=10, color=palette.domain_colour(domain))
    for v in (thresholds["low"], thresholds["high"]):
        style = "-" if v == thresholds["low"] else ":"
        ax.axvline(v, color=GRID, linewidth=0.8, linestyle=style)
        ax.axhline(v, color=GRID, linewidth=0.8, linestyle=style)
    ax.set_xlim(-4, 104)
    ax.set_ylim(-4, 104)
    ax.set_xticks([0, thresholds["low"], thresholds["high"], 100])
    ax.set_yticks([0, thresholds["low"], thresholds["high"], 100])
    ax.set_xlabel(text.x)
    ax.set_ylabel(text.y)
    ax.set_aspect("equal")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def plane(points: Sequence[Point], thresholds: dict, areas: Areas | None, text: PlaneText,
          lang: str, scope: str = "plane", max_labels: int = 12) -> str:
    """Regions on the plane with the three domain areas. Regions at the same place share
    one bubble, sized and numbered by how many they are; names are written when few."""
    groups = _by_place(points)
    with _style(lang):
        fig = Figure(figsize=(5.6, 5.2))
        ax = _plane_axes(fig, thresholds, text, areas)
        for i, ((x, y), members) in enumerate(sorted(groups.items())):
            n = len(members)
            ax.scatter([x], [y], s=60 + 40 * math.sqrt(n - 1), zorder=3, linewidths=1,
                       color=palette.domain_colour(_majority(members)), edgecolors="white",
                       gid=f"pt-{i}")
            if n > 1:
                ax.annotate(str(n), (x, y), ha="center", va="center", fontsize=7,
                            color="white", zorder=4)
            if len(groups) <= max_labels:
                _label(ax, _names(members), (x, y), i)
        fig.tight_layout()
        return to_svg(fig, scope)


def _label(ax, text: str, at: tuple[float, float], i: int) -> None:
    """A name beside its point; every other one below it, so that neighbours on the
    same row of the grid (ratings give capacities in steps of 25) do not overwrite
    each other."""
    ax.annotate(text, at, xytext=(8, 6 if i % 2 == 0 else -13), textcoords="offset points",
                fontsize=8, zorder=4)


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


def arrows(moves: Sequence[Move], thresholds: dict, areas: Areas | None, text: PlaneText,
           lang: str, scope: str = "moves", max_labels: int = 12) -> str:
    """One arrow per region from its old place to its new one (a ring where it did not
    move), coloured by the new domain. Identical moves are drawn side by side."""
    seen: dict[tuple, int] = {}
    with _style(lang):
        fig = Figure(figsize=(5.6, 5.2))
        ax = _plane_axes(fig, thresholds, text, areas)
        for move in moves:
            nth = seen[(move.old, move.new)] = seen.get((move.old, move.new), -1) + 1
            _draw_move(ax, move, 1.2 * nth)
        if len(moves) <= max_labels:
            for i, (place, names) in enumerate(sorted(_labels_at_new(moves).items())):
                _label(ax, names, place, i)
        fig.tight_layout()
        return to_svg(fig, scope)


def _draw_move(ax, move: Move, shift: float) -> None:
    colour = palette.domain_colour(move.domain)
    (x0, y0), (x1, y1) = move.old, move.new
    if (x0, y0) == (x1, y1):
        ax.scatter([x1 + shift], [y1 + shift], s=70, facecolors="none", edgecolors=colour,
                   linewidths=1.5, zorder=3, gid=f"move-{move.key}")
        return
    ax.add_patch(FancyArrowPatch((x0 + shift, y0 + shift), (x1 + shift, y1 + shift),
                                 arrowstyle="-|>", mutation_scale=14, color=colour,
                                 linewidth=1.6, zorder=3, gid=f"move-{move.key}"))
    ax.scatter([x0 + shift], [y0 + shift], s=18, color=colour, alpha=0.5, zorder=3)


def _labels_at_new(moves: Sequence[Move]) -> dict[tuple[float, float], str]:
    points = [Point(m.key, m.label, m.new[0], m.new[1], m.domain) for m in moves]
    return {place: _names(members) for place, members in _by_place(points).items()}


# --- counts ----------------------------------------------------------------------------

def counts(table: dict[str, dict[str, int]], rows: dict[str, str], segments: dict[str, str],
           colours: dict[str, str], lang: str, scope: str = "counts") -> str:
    """Stacked horizontal bars: one bar per row id (a domain), one segment per segment
    id (a grade). `rows` and `segments` map ids to the titles shown."""
    with _style(lang):
        fig = Figure(figsize=(6.4, 1.0 + 0.5 * len(rows)))
        ax = fig.add_subplot()
        ids = list(rows)[::-1]  # first row on top
        left = [0] * len(ids)
        for seg, title in segments.items():
            widths = [table.get(r, {}).get(seg, 0) for r in ids]
            ax.barh([rows[r] for r in ids], widths, left=left, color=colours[seg],
                    label=title, gid=f"bar-{seg}", height=0.6)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        for y, total in enumerate(left):
            ax.annotate(str(total), (total, y), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=8)
        ax.set_xlim(0, max(left + [1]) * 1.12)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=len(segments),
                  frameon=False, fontsize=8)
        fig.tight_layout()
        return to_svg(fig, scope)


# --- the map ---------------------------------------------------------------------------

Ring = Sequence[Sequence[float]]


@dataclass(frozen=True)
class Shape:
    """One region on the map: its polygons (outer ring, then holes) and its fill."""
    key: str
    polygons: Sequence[Sequence[Ring]]
    colour: str


CAPITAL_AREA = (126.55, 127.45, 37.22, 37.72)  # lon/lat box of the enlarged capital area
KOREA = (124.5, 131.0, 33.05, 38.65)


def korea_map(shapes: Sequence[Shape], legend: Sequence[tuple[str, str]], zoom_title: str,
              lang: str, scope: str = "map") -> str:
    """A choropleth of Korea with an enlarged capital area, where Seoul's 25 gu would
    otherwise be specks. `legend` lists (colour, label) pairs."""
    with _style(lang):
        fig = Figure(figsize=(8.4, 5.6))
        main = fig.add_axes((0.0, 0.0, 0.6, 1.0))
        zoom = fig.add_axes((0.61, 0.5, 0.38, 0.44))
        _draw_shapes(main, shapes, KOREA, gid=True)
        _draw_shapes(zoom, [s for s in shapes if _overlaps(s, CAPITAL_AREA)], CAPITAL_AREA,
                     gid=False)
        x0, x1, y0, y1 = CAPITAL_AREA
        main.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor=INK,
                                 linewidth=0.8))
        zoom.set_title(zoom_title, fontsize=9)
        for side in zoom.spines.values():
            side.set_edgecolor(INK)
        handles = [Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="white") for c, _ in legend]
        fig.legend(handles, [label for _, label in legend], loc="lower left",
                   bbox_to_anchor=(0.62, 0.08), frameon=False, fontsize=9)
        return to_svg(fig, scope)


def _draw_shapes(ax, shapes: Sequence[Shape], box: tuple, gid: bool) -> None:
    x0, x1, y0, y1 = box
    for shape in shapes:
        ax.add_patch(PathPatch(_path(shape.polygons), facecolor=shape.colour,
                               edgecolor="white", linewidth=0.3,
                               gid=f"lg-{shape.key}" if gid else None))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    # degrees of longitude are shorter than degrees of latitude at Korea's latitude
    ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)


def _overlaps(shape: Shape, box: tuple[float, float, float, float]) -> bool:
    """Whether the shape's bounding box meets the lon/lat box: the enlarged capital area
    draws only those (matplotlib would write every path into the SVG, clipped or not)."""
    x0, x1, y0, y1 = box
    xs = [p[0] for polygon in shape.polygons for p in polygon[0]]
    ys = [p[1] for polygon in shape.polygons for p in polygon[0]]
    return min(xs) <= x1 and max(xs) >= x0 and min(ys) <= y1 and max(ys) >= y0


def _path(polygons: Sequence[Sequence[Ring]]) -> MplPath:
    """One compound path; outer rings run anticlockwise and holes clockwise, so that the
    nonzero fill rule of SVG leaves the holes empty."""
    vertices: list[Sequence[float]] = []
    codes: list[int] = []
    for polygon in polygons:
        for i, ring in enumerate(polygon):
            ring = list(ring[:-1]) if ring[0] == ring[-1] else list(ring)
            if (_signed_area(ring) > 0) == (i > 0):
                ring.reverse()
            vertices += ring + [ring[0]]
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY]
    return MplPath(vertices, codes)


def _signed_area(ring: Sequence[Sequence[float]]) -> float:
    return sum(x0 * y1 - x1 * y0
               for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True)) / 2
