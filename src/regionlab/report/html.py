"""Pages as one self-contained HTML file: the Jinja2 environment (templates in
`templates/`), and the fonts the page's text needs, embedded.

The HTML file needs no network: the charts are inline SVG with their text drawn as
paths, the style sheet and the few lines of script that sort tables are inline, and the
page's own text uses subsets of the charts' fonts embedded as data: URLs, so Hangul and
kana look the same on a machine without Korean or Japanese fonts.
"""

from __future__ import annotations

import base64
import json
import os
import re
import zlib
from datetime import UTC, date, datetime
from functools import cache
from importlib.machinery import EXTENSION_SUFFIXES
from importlib.util import find_spec
from pathlib import Path
from typing import Any, NamedTuple

import jinja2

from regionlab import __version__
from regionlab.errors import RegionlabError
from regionlab.korea import reference
from regionlab.policy import languages
from regionlab.policy.cache import by_contents, checksum, kind_folder, trim
from regionlab.policy.catalogue import Catalogue
from regionlab.report import charts, woff

# how the templates are read: with Jinja2's version, what decides the code they become
# besides their source
OPTIONS: dict[str, Any] = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                           "keep_trailing_newline": True}


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("regionlab.report", "templates"),
                             undefined=jinja2.StrictUndefined,
                             bytecode_cache=_CompiledTemplates.made(), **OPTIONS)
    env.globals["fmt"] = _capacity  # a global, so that macros see it too
    return env


def made_with() -> str:
    """Jinja2's version and the options ('3.1.6-a1b2c3d4'): a template compiled under
    other options is other code, though its source is the same."""
    return f"{jinja2.__version__}-{zlib.crc32(json.dumps(OPTIONS).encode()):08x}"


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """The templates as Jinja2 compiles them, kept on disk: compiling them is a fifth of a
    report's time. An entry is named by the template's file (and Jinja2's version and
    the options, `made_with`) and holds the checksum of the source it was compiled from,
    which Jinja2 compares on every read; one entry per template and version, at most
    MAX_KEPT. Problems with it are never errors: the template is compiled again."""

    @classmethod
    def made(cls) -> _CompiledTemplates | None:
        folder = kind_folder("templates")
        return None if folder is None else cls(str(folder), f"{made_with()}-%s")

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError):
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            return
        trim(Path(self.directory))


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


def stamp(when: Edition, cat: Catalogue, lang: str) -> str:
    """'Edition of 2025-06-30', and where a date from the data comes from, in `lang`."""
    text = cat.label("edition", lang).format(date=when.on.isoformat())
    return text + (" " + cat.label("edition_from_data", lang) if when.origin == "data" else "")


def page(template: str, cat: Catalogue, lang: str, *, dated: Edition | None = None,
         **context) -> str:
    """Render a page, then embed the fonts its text needs (known only once rendered)."""
    when = dated or edition()
    language = languages.language(lang)  # its conventions, for the templates
    html = _environment().get_template(template).render(
        L=lambda key: cat.label(key, lang), lang=lang, version=__version__,
        edition=stamp(when, cat, lang), list_separator=language.list_separator,
        language=language, **context)
    return html.replace(FONT_SLOT, font_faces(html, lang), 1)


def _capacity(value) -> str:
    return "—" if value is None else f"{value:.1f}"


_ASCII = re.compile(r"[\x00-\x7f]+")


def font_faces(html: str, lang: str) -> str:
    """@font-face rules with subsets of the chart fonts holding exactly the non-ASCII
    characters of the page: Hangul, kana and kanji look right without any installed font,
    for about 100 KB. ASCII text is left to the reader's own sans-serif font.

    The rules are kept on disk (policy/cache.by_contents) under the characters, the
    language's font files by their contents and HarfBuzz's compiled library (the
    subsetter): HarfBuzz is imported only when they change."""
    wanted = "".join(sorted(set(_ASCII.sub("", html))))  # a page is mostly ASCII
    families = tuple(f for f in charts.font_chain(lang) if f in charts.FONT_FILES)
    # zlib's version too: the WOFF's tables are compressed by it (report/woff.py)
    key = json.dumps([[[f, _checksum(charts.font_file(f))] for f in families],
                      _checksum(_subsetter()), zlib.ZLIB_RUNTIME_VERSION, wanted],
                     ensure_ascii=False)
    return by_contents("fonts", key, lambda: _font_faces(wanted, families))


def _font_faces(wanted: str, families: tuple[str, ...]) -> str:
    """A subset of each font in turn with the characters the fonts before it lack."""
    rules = []
    left = frozenset(wanted)
    for i, family in enumerate(families):
        if not left:
            break
        data, lacking = _subset(family, left)
        if lacking != left:  # the font has some of them
            rules.append(f'@font-face{{font-family:"rl-font-{i}";'
                         f'src:url(data:font/woff;base64,{base64.b64encode(data).decode()})'
                         ' format("woff")}')
        left = lacking
    return "\n".join(rules)


def _checksum(path: Path | None) -> str:
    """A file's size and CRC-32 (a font is 5 MB: kept by the file's stamp, policy/cache)."""
    return "" if path is None else checksum([path])


def _subsetter() -> Path | None:
    """uharfbuzz's compiled module, HarfBuzz itself (its version and build decide the
    subsets' bytes), found without importing it: the file Python would load."""
    spec = find_spec("uharfbuzz")
    for folder in (spec.submodule_search_locations or ()) if spec is not None else ():
        for suffix in EXTENSION_SUFFIXES:
            if (module := Path(folder) / f"_harfbuzz{suffix}").is_file():
                return module
    return None


# font-editor sources (VTT's), which NanumGothic carries: HarfBuzz drops tables it does
# not know unless told to pass them through, and this says so whatever its defaults
EDITOR_TABLES = ("TSI0", "TSI1", "TSI2", "TSI3", "TSI5")


def _subset(family: str, chars: frozenset[str]) -> tuple[bytes, frozenset[str]]:
    """The font subset to those of `chars` it has, as WOFF, and those it has no glyph
    for (left to the next font).

    HarfBuzz's defaults are those of fontTools' subsetter, which made these fonts before
    (the same tables and glyphs, the same layout features: IPAexGothic's vert, halt,
    palt, vhal and vpal, with which Chromium spaces Japanese punctuation; names 0-6 in
    English; no glyph names), but for OS/2's code pages, which HarfBuzz keeps as the
    font has them; hinting is dropped besides (a third of the size; browsers render CJK
    well without it)."""
    path = charts.font_file(family)
    try:
        import uharfbuzz as hb  # ~25 ms: only when the disk cache does not have the subsets
    except ImportError as e:  # not installed, or built for another machine
        raise charts.FontMissingError(
            "the report's fonts are embedded by HarfBuzz, from the Python package "
            f"uharfbuzz, which does not load here ({e}); install it: pip install uharfbuzz"
            ) from None
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    has = face.unicodes
    if not has:  # HarfBuzz reads no character map: damaged, or not a font
        raise _unreadable(path, family)
    # asked of HarfBuzz's own set: making the font's 17,000 characters strings costs ms
    lacking = frozenset([ch for ch in chars if ord(ch) not in has])
    if lacking == chars:  # none of them: nothing to subset (the rule is left out)
        return b"", lacking
    wanted = hb.SubsetInput()
    for ch in sorted(chars - lacking):
        wanted.unicode_set.add(ord(ch))
    for tag in EDITOR_TABLES:
        wanted.drop_table_tag_set.add(int.from_bytes(tag.encode(), "big"))
    wanted.flags = hb.SubsetFlags.NO_HINTING
    try:
        subset = hb.subset(face, wanted).blob.data
    except RuntimeError:  # HarfBuzz's "Subsetting failed": a font it cannot read
        raise _unreadable(path, family) from None
    return woff.woff(subset), lacking


def _unreadable(path: Path, family: str) -> charts.FontMissingError:
    return charts.FontMissingError(f"{path} is not a font HarfBuzz can read (damaged?); "
                                   f"reinstall the package it comes from: "
                                   f"{charts.font_package(family)}")
