"""The fonts a page embeds: real WOFF, and the subset of a font without glyph names made
with glyphs named by number is the very subset fontTools makes with its own names."""

from __future__ import annotations

import base64
import io
import logging
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regionlab.report import charts, html

subset = pytest.importorskip("fontTools.subset")
TTFont = pytest.importorskip("fontTools.ttLib").TTFont


def test_the_embedded_fonts_are_woff(monkeypatch):
    """Declared as WOFF and now written as WOFF (compressed): fontTools' subset saved
    with font.save alone was uncompressed TrueType, twice the size."""
    monkeypatch.setenv("REGIONLAB_CACHE", "0")
    faces = html.font_faces("<p>군산 基盤づくり段階 ア</p>", "ja")
    fonts = [base64.b64decode(d) for d in re.findall(r"font/woff;base64,([A-Za-z0-9+/=]+)",
                                                      faces)]
    assert len(fonts) == 2 and all(f[:4] == b"wOFF" for f in fonts)
    assert all(TTFont(io.BytesIO(f)).flavor == "woff" for f in fonts)


def _as_fonttools_names_them(family: str, chars: frozenset[str]) -> bytes:
    """The subset as fontTools makes it with the glyph names it gives the font."""
    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]
    font = TTFont(str(charts.font_file(family)), recalcTimestamp=False, recalcBBoxes=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in chars))
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


# Hangul, CJK punctuation, kana and kanji (some NanumGothic lacks), symbols, Latin
CHARS = st.frozensets(st.one_of(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
                                st.characters(min_codepoint=0x3000, max_codepoint=0x30FF),
                                st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
                                st.characters(min_codepoint=0x00A0, max_codepoint=0x2BFF),
                                st.characters(min_codepoint=0x41, max_codepoint=0x7A)),
                      min_size=1, max_size=80)


@settings(max_examples=8, deadline=None)
@given(chars=CHARS)
def test_glyphs_named_by_number_give_the_subset_fonttools_makes(chars):
    data, _ = html._subset("NanumGothic", chars)
    assert data == _as_fonttools_names_them("NanumGothic", chars)
