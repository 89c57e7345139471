"""A few helpers to write SVG by hand: elements, escaped text, text widths, wrapping.

The charts are small and regular; writing their SVG directly is about fifty times
faster than drawing them with a plotting library, and leaves every element in reach
(a `<title>` per region for hover, ids, classes the page's style sheet can switch).
Text is `<text>` in the page's own embedded fonts (html.py subsets them from the
page's characters, these included), so Hangul and kana need no installed font.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache


def esc(text: object) -> str:
    """html.escape(text, quote=True), without importing the html module (and its table of
    entities) on every report."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def attrs(**kw) -> str:
    """Attributes from keywords: `class_` -> class, `font_size` -> font-size; None
    leaves the attribute out; floats to two decimals."""
    out = []
    for k, v in kw.items():
        if v is None:
            continue
        name = k.rstrip("_").replace("_", "-")
        out.append(f'{name}="{esc(num(v) if isinstance(v, float) else v)}"')
    return " ".join(out)


@lru_cache(maxsize=1 << 14)  # the map's shapes repeat the same few steps 50,000 times
def num(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def el(tag: str, body: str = "", **kw) -> str:
    a = attrs(**kw)
    head = f"<{tag} {a}" if a else f"<{tag}"
    return f"{head}>{body}</{tag}>" if body else f"{head}/>"


def text(x: float, y: float, content: str, **kw) -> str:
    return el("text", esc(content), x=float(x), y=float(y), **kw)


def title(content: str) -> str:
    """A tooltip (and accessible name) for the element it is put in."""
    return f"<title>{esc(content)}</title>"


def chart(width: float, height: float, body: Iterable[str], scope: str, alt: str) -> str:
    """An inline chart: scaled to its box, described for screen readers (`alt`)."""
    return (f'<svg class="chart" role="img" data-chart="{esc(scope)}" '
            f'viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" '
            f'height="{num(height)}" aria-label="{esc(alt)}" '
            f'xmlns="http://www.w3.org/2000/svg">{title(alt)}{"".join(body)}</svg>')


def width(content: str, size: float) -> float:
    """About how wide `content` is at font size `size`: wide (Hangul, kana, kanji)
    characters take one em, others about 0.6 of it (a little over, to be safe)."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else 0.6 * size
               for ch in content)


def wrap(content: str, size: float, limit: float) -> list[str]:
    """Lines of at most `limit` wide, broken at spaces (or anywhere in text without
    spaces, such as Japanese)."""
    words = content.split(" ") if " " in content else list(content) if width(
        content, size) > limit and not _hangul(content) else [content]
    joiner = " " if " " in content else ""
    lines: list[str] = []
    for w in words:
        candidate = f"{lines[-1]}{joiner}{w}" if lines else w
        if lines and width(candidate, size) <= limit:
            lines[-1] = candidate
        else:
            lines.append(w)
    return lines


def _hangul(content: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in content)


def lines(x: float, y: float, rows: list[str], size: float, **kw) -> str:
    """Several lines of text, the first on `y`."""
    spans = "".join(el("tspan", esc(r), x=float(x), dy=None if i == 0 else f"{1.2 * size:.1f}")
                    for i, r in enumerate(rows))
    return el("text", spans, x=float(x), y=float(y), font_size=size, **kw)
