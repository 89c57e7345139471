"""The fonts a page embeds, subset by report/subset.py: every character asked for that the
font has is drawn with the font's own outline and advance, nothing else is kept but what
draws them, the file reads back as a valid font, and a font it cannot subset faithfully
(OpenType layout tables, kerning between the glyphs kept) is left to fontTools."""

from __future__ import annotations

import base64
import io
import logging
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regionlab.report import charts, html
from regionlab.report.subset import FontError, _Font, _woff, subset

TTFont = pytest.importorskip("fontTools.ttLib").TTFont
NANUM = charts.font_file("NanumGothic")
IPAEX = charts.font_file("IPAexGothic")


@pytest.fixture(scope="module")
def nanum():
    return TTFont(str(NANUM))


def _read(data: bytes, caplog) -> TTFont:
    """The subset as fontTools reads it, every table decompiled, with no complaint."""
    with caplog.at_level(logging.WARNING, logger="fontTools"):
        font = TTFont(io.BytesIO(data))
        for tag in font.keys():
            font[tag]  # noqa: B018  decompiled
        for name in font.getGlyphOrder():
            font["glyf"][name]  # noqa: B018  each glyph read
    assert not [r for r in caplog.records if r.name.startswith("fontTools")], caplog.text
    return font


def _drawn_alike(sub: TTFont, orig: TTFont, mine: int, theirs: int) -> None:
    a, b = sub["glyf"][sub.getGlyphName(mine)], orig["glyf"][orig.getGlyphName(theirs)]
    (ca, ea, fa), (cb, eb, fb) = a.getCoordinates(sub["glyf"]), b.getCoordinates(orig["glyf"])
    assert (list(ca), ea, [f & 1 for f in fa]) == (list(cb), eb, [f & 1 for f in fb])
    assert sub["hmtx"][sub.getGlyphName(mine)][0] == orig["hmtx"][orig.getGlyphName(theirs)][0]


# Hangul syllables, jamo, CJK punctuation and symbols NanumGothic has, kana and kanji it
# partly has, and characters no font has
CHARS = st.frozensets(st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    st.characters(min_codepoint=0x3000, max_codepoint=0x30FF),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x00A0, max_codepoint=0x2BFF),
    st.sampled_from(["😀", "\U00020000", "\uFFFD"])), min_size=1, max_size=60)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chars=CHARS)
def test_a_subset_draws_every_character_asked_for_as_the_font_does(nanum, caplog, chars):
    made = subset(NANUM, chars)
    assert made is not None
    data, lacking = made
    assert data[:4] == b"wOFF" and subset(NANUM, chars) == made  # the same bytes again
    cmap = nanum.getBestCmap()
    assert lacking == {ch for ch in chars if ord(ch) not in cmap}
    font = _read(data, caplog)
    mine = font.getBestCmap()
    assert set(mine) == {ord(ch) for ch in chars} - {ord(ch) for ch in lacking}
    for code, name in mine.items():
        _drawn_alike(font, nanum, font.getGlyphID(name), nanum.getGlyphID(cmap[code]))
    # nothing kept but what draws them: .notdef, their glyphs and the glyphs these are
    # made of; no hinting, no names
    used = {0} | {font.getGlyphID(n) for n in mine.values()}
    for gid in list(used):
        glyph = font["glyf"][font.getGlyphName(gid)]
        if glyph.isComposite():
            used |= {font.getGlyphID(c.glyphName) for c in glyph.components}
    assert used == set(range(len(font.getGlyphOrder())))
    assert set(font.keys()) - {"GlyphOrder"} == {
        "cmap", "glyf", "loca", "head", "hhea", "hmtx", "maxp", "post", "OS/2", "name",
        "gasp"}
    assert font["post"].formatType == 3.0
    assert all(not getattr(font["glyf"][g], "program", None) or
               not font["glyf"][g].program.getBytecode() for g in font.getGlyphOrder())


def test_composite_glyphs_bring_their_components_renumbered(nanum, caplog):
    cmap = nanum.getBestCmap()
    composite = next(code for code, name in sorted(cmap.items())
                     if code > 0x7F and nanum["glyf"][name].isComposite())
    data, _ = subset(NANUM, frozenset({chr(composite)}))
    font = _read(data, caplog)
    glyph = font["glyf"][font.getBestCmap()[composite]]
    assert glyph.isComposite() and len(font.getGlyphOrder()) == 2 + len(
        {c.glyphName for c in glyph.components})
    _drawn_alike(font, nanum, font.getGlyphID(font.getBestCmap()[composite]),
                 nanum.getGlyphID(cmap[composite]))


def test_a_font_with_layout_tables_or_kerning_among_the_glyphs_is_left_to_fonttools(nanum):
    """IPAexGothic's GSUB and GPOS space Japanese punctuation in Chromium: subset.py does
    not keep them, so it does not subset that font, and the page's Japanese subset (made
    by fontTools) keeps its GPOS. NanumGothic kerns Latin letters: asked for a kerned
    pair, it is left to fontTools too."""
    assert subset(IPAEX, frozenset("軍山ア")) is None
    faces = html.font_faces("<p>基盤）。</p>", "ja")
    data = base64.b64decode(re.search(r"base64,([^)]+)\)", faces).group(1))
    assert "GPOS" in TTFont(io.BytesIO(data))
    cmap = {name: code for code, name in nanum.getBestCmap().items()}
    left, right = next(iter(nanum["kern"].kernTables[0].kernTable))
    assert subset(NANUM, frozenset({chr(cmap[left]), chr(cmap[right])})) is None
    assert subset(NANUM, frozenset({chr(cmap[left])})) is not None


def test_beyond_the_basic_plane_the_character_map_has_format_12(caplog):
    """Format 12 read (IPAexGothic's character map) and written, for a character beyond
    U+FFFF: the subset's character map has it as the font's does."""
    reference = TTFont(str(IPAEX))
    wide = next(code for code in sorted(reference.getBestCmap()) if code > 0xFFFF)
    font = _Font(IPAEX.read_bytes())
    for code in (wide, ord("軍"), ord("ア"), 0x10FFFF):
        assert font.glyph_of(code) == (reference.getGlyphID(reference.getBestCmap()[code])
                                       if code in reference.getBestCmap() else 0)
    mapped = {wide: font.glyph_of(wide), ord("軍"): font.glyph_of(ord("軍"))}
    sub = _read(_woff(font.subset(mapped)), caplog)
    assert set(sub.getBestCmap()) == set(mapped)
    assert {(t.platformID, t.platEncID, t.format) for t in sub["cmap"].tables} == {
        (3, 1, 4), (3, 10, 12)}


def test_a_damaged_font_file_is_an_error_naming_it(tmp_path):
    broken = tmp_path / "NanumGothic.ttf"
    data = bytearray(NANUM.read_bytes()[:200_000])  # cut short
    broken.write_bytes(data)
    with pytest.raises(FontError, match=str(broken)):
        subset(broken, frozenset("군산"))
    broken.write_bytes(b"OTTO" + bytes(data[4:]))  # not TrueType outlines
    with pytest.raises(FontError, match="TrueType"):
        subset(broken, frozenset("군산"))
