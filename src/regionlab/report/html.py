"""Pages as one self-contained HTML file: the Jinja2 environment (templates in
`templates/`), and the fonts the page's text needs, embedded.

The HTML file needs no network: the charts are inline SVG with their text drawn as
paths, the style sheet and the few lines of script that sort tables are inline, and the
page's own text uses subsets of the charts' fonts embedded as data: URLs, so Hangul and
kana look the same on a machine without Korean or Japanese fonts.
"""

from __future__ import annotations

import base64
import io
import logging
import os
from datetime import UTC, date, datetime
from functools import cache
from typing import NamedTuple

import jinja2

from regionlab import __version__
from regionlab.errors import RegionlabError
from regionlab.korea import reference
from regionlab.policy import languages
from regionlab.policy.catalogue import Catalogue
from regionlab.report import charts


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("regionlab.report", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals["fmt"] = _capacity  # a global, so that macros see it too
    return env


FONT_SLOT = "/* embedded fonts */"


class Edition(NamedTuple):
    """The date a page is dated by, and where it comes from: "given" (an option, or
    SOURCE_DATE_EPOCH), "clock" (asked for with "today") or "data" (the date the
    shipped reference data were compiled: the same input gives the same page)."""
    on: date
    origin: str


def edition(given: str | date | None = None) -> Edition:
    """The page's edition date: `given` ("YYYY-MM-DD", a date, or "today" for the
    clock), else SOURCE_DATE_EPOCH when set, else the date of the shipped data. Never
    the clock unless asked."""
    if isinstance(given, date):
        return Edition(given, "given")
    if given == "today":
        return Edition(date.today(), "clock")
    if given:
        try:
            return Edition(date.fromisoformat(given), "given")
        except ValueError:
            raise RegionlabError(f"edition date '{given}': give YYYY-MM-DD or 'today'") \
                from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return Edition(datetime.fromtimestamp(int(epoch), UTC).date(), "given")
    return Edition(reference.as_of(), "data")


def page(template: str, cat: Catalogue, lang: str, *, dated: Edition | None = None,
         **context) -> str:
    """Render a page, then embed the fonts its text needs (known only once rendered)."""
    when = dated or edition()
    language = languages.language(lang)  # its conventions, for the templates
    stamp = cat.label("edition", lang).format(date=when.on.isoformat())
    if when.origin == "data":
        stamp += " " + cat.label("edition_from_data", lang)
    html = _environment().get_template(template).render(
        L=lambda key: cat.label(key, lang), lang=lang, version=__version__,
        edition=stamp, list_separator=language.list_separator, language=language, **context)
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
    # same bytes every time; the glyphs' bounding boxes are the font's own (subsetting
    # keeps outlines as they are), and recomputing them would double the time
    font = TTFont(str(charts.font_file(family)), recalcTimestamp=False, recalcBBoxes=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in chars))
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
