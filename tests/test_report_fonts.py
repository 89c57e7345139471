"""The fonts a page embeds: HarfBuzz's subsets of the chart fonts, wrapped as WOFF 1.0 by
report/woff.py. fontTools reads them back as an independent reader: every table of the
WOFF is the table HarfBuzz wrote, every glyph the font's own, and what the page needs of
each font (its layout features for Japanese punctuation) is kept, its hinting not."""

from __future__ import annotations

import base64
import io
import re
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regionlab.report import charts, html, woff

hb = pytest.importorskip("uharfbuzz")
ttLib = pytest.importorskip("fontTools.ttLib")
sfnt = pytest.importorskip("fontTools.ttLib.sfnt")


def _embedded(faces: str) -> list[bytes]:
    return [base64.b64decode(d) for d in re.findall(r"font/woff;base64,([A-Za-z0-9+/=]+)",
                                                    faces)]


def test_the_embedded_fonts_are_woff(monkeypatch):
    """Declared as WOFF and written as WOFF: compressed, as a browser reads it."""
    monkeypatch.setenv("REGIONLAB_CACHE", "0")
    fonts = _embedded(html.font_faces("<p>군산 基盤づくり段階 ア</p>", "ja"))
    assert len(fonts) == 2 and all(f[:4] == b"wOFF" for f in fonts)
    assert all(ttLib.TTFont(io.BytesIO(f)).flavor == "woff" for f in fonts)


def _harfbuzz_subset(family: str, chars: frozenset[str]) -> bytes:
    """HarfBuzz's own TrueType subset, as report/html.py asks for it."""
    face = hb.Face(hb.Blob.from_file_path(str(charts.font_file(family))))
    wanted = hb.SubsetInput()
    for ch in chars:
        wanted.unicode_set.add(ord(ch))
    for tag in html.EDITOR_TABLES:
        wanted.drop_table_tag_set.add(int.from_bytes(tag.encode(), "big"))
    wanted.flags = hb.SubsetFlags.NO_HINTING
    return hb.subset(face, wanted).blob.data


def _tables(data: bytes) -> dict[str, bytes]:
    """Each table's bytes as fontTools reads them (WOFF decompressed), checksums checked."""
    reader = sfnt.SFNTReader(io.BytesIO(data), checkChecksums=2)
    return {tag: reader[tag] for tag in reader.keys()}


# Hangul, CJK punctuation, kana and kanji (some NanumGothic lacks), symbols, Latin
CHARS = st.frozensets(st.one_of(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
                                st.characters(min_codepoint=0x3000, max_codepoint=0x30FF),
                                st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
                                st.characters(min_codepoint=0x00A0, max_codepoint=0x2BFF),
                                st.characters(min_codepoint=0x41, max_codepoint=0x7A)),
                      min_size=1, max_size=80)


@settings(max_examples=10, deadline=None)
@given(chars=CHARS, family=st.sampled_from(sorted(charts.FONT_FILES)))
def test_the_woff_holds_every_table_of_harfbuzz_subset_as_it_wrote_it(chars, family):
    """Our WOFF read back by fontTools: the same tables, byte for byte, with the same
    checksums, as HarfBuzz's TrueType subset of the characters the font has; and what
    the font lacks is said, not drawn as a missing glyph."""
    data, lacking = html._subset(family, chars)
    has = frozenset(map(chr, ttLib.TTFont(str(charts.font_file(family)),
                                          lazy=True).getBestCmap()))
    assert lacking == chars - has
    if lacking == chars:  # the font has none of them: no subset, and no rule on the page
        assert data == b""
        return
    expected = _tables(_harfbuzz_subset(family, chars - lacking))
    assert _tables(data) == expected
    assert data[20:24] == expected["head"][4:8]  # the WOFF's version: the font's revision


def test_each_glyph_is_the_font_own_and_the_hinting_and_editor_tables_are_dropped():
    """The subset draws each character with the font's own outline and advance; the
    hinting (instructions, fpgm, prep, cvt) and the font-editor tables are gone."""
    chars = frozenset("군산시 전라북도 혁신")
    font = ttLib.TTFont(io.BytesIO(html._subset("NanumGothic", chars)[0]))
    original = ttLib.TTFont(str(charts.font_file("NanumGothic")), lazy=True)
    assert "TSI1" in original and "fpgm" in original
    assert not set(font.keys()) & {"fpgm", "prep", "cvt ", "TSI0", "TSI1", "TSI2", "TSI3",
                                   "TSI5"}
    cmap, theirs = font.getBestCmap(), original.getBestCmap()
    assert set(cmap) == {ord(ch) for ch in chars}
    for code, name in cmap.items():
        ours, own = font["glyf"][name], original["glyf"][theirs[code]]
        ours.expand(font["glyf"])
        own.expand(original["glyf"])
        assert ours.getCoordinates(font["glyf"])[0] == own.getCoordinates(original["glyf"])[0]
        assert font["hmtx"][name] == original["hmtx"][theirs[code]]
        assert not getattr(ours, "program", None) or not ours.program.getBytecode()


def test_japanese_punctuation_keeps_the_features_chromium_spaces_it_with():
    """IPAexGothic's subset keeps the vertical forms and the half- and proportional-width
    adjustments of its punctuation (GSUB vert, GPOS halt, palt, vhal, vpal), as the
    fontTools subsets did before; the features only other text uses are dropped."""
    font = ttLib.TTFont(io.BytesIO(html._subset("IPAexGothic", frozenset("「段階」、。ア"))[0]))
    features = {tag: {r.FeatureTag for r in font[tag].table.FeatureList.FeatureRecord}
                for tag in ("GSUB", "GPOS")}
    assert features == {"GSUB": {"vert"}, "GPOS": {"halt", "palt", "vhal", "vpal"}}


# tables of made-up fonts: 4-letter tags, contents that compress or do not
TABLES = st.dictionaries(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz/ ",
                                 min_size=4, max_size=4).filter(lambda t: t[0] != " "),
                         st.one_of(st.binary(max_size=300),
                                   st.builds(lambda b, n: b * n, st.binary(min_size=1,
                                                                           max_size=5),
                                             st.integers(1, 200))),
                         min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(tables=TABLES)
def test_any_sfnt_wrapped_as_woff_reads_back_the_same(tables):
    """W3C WOFF 1.0 on fonts fontTools writes: each table back as it was with its
    checksum, listed by tag, stored compressed only where that is smaller, each on a
    4-byte boundary; the header's sizes those of the file and of the sfnt it decodes to."""
    out = io.BytesIO()
    writer = sfnt.SFNTWriter(out, len(tables))
    for tag, data in tables.items():
        writer[tag] = data
    writer.close()
    source = out.getvalue()
    made = woff.woff(source)
    assert _tables(made) == tables
    (signature, flavor, length, count, reserved, total, _, _, meta, meta_length,
     meta_original, private, private_length) = woff.HEADER.unpack_from(made)
    assert (signature, length, count) == (b"wOFF", len(made), len(tables))
    assert flavor == struct.unpack_from(">L", source)[0]  # the sfnt's own version
    assert reserved == 0  # a browser refuses the font otherwise
    assert (meta, meta_length, meta_original, private, private_length) == (0, 0, 0, 0, 0)
    assert total == 12 + 16 * count + sum((len(d) + 3) & ~3 for d in tables.values())
    entries = [struct.unpack_from(">4sLLLL", made, 44 + 20 * i) for i in range(count)]
    assert [e[0] for e in entries] == sorted(t.encode() for t in tables)  # by tag
    for tag, offset, stored, size, _ in entries:
        data = tables[tag.decode()]
        assert offset % 4 == 0 and size == len(data)
        packed = len(zlib.compress(data, woff.LEVEL))
        assert stored == (packed if packed < len(data) else len(data))
        padding = made[offset + stored:(offset + stored + 3) & ~3]
        assert padding == bytes(len(padding))  # at most three zero bytes
    # the tables' data in the order the sfnt holds them, one after another to the end
    # (an empty table takes no room: where it is said to start does not order it)
    directory = [struct.unpack_from(">4sLLL", source, 12 + 16 * i) for i in range(count)]
    in_sfnt = [e[0].decode() for e in sorted(directory, key=lambda e: e[2]) if e[3]]
    placed = sorted((e for e in entries if e[3]), key=lambda e: e[1])
    assert [e[0].decode() for e in placed] == in_sfnt
    ends = [44 + 20 * count] + [e[1] + ((e[2] + 3) & ~3) for e in placed]
    assert [e[1] for e in placed] == ends[:-1] and ends[-1] == len(made)


def test_a_woff_is_the_same_bytes_every_time():
    chars = frozenset("基盤づくり段階")
    assert html._subset("IPAexGothic", chars) == html._subset("IPAexGothic", chars)


# -- what goes wrong says so in a line ---------------------------------------------------


def _report_of_a_korean_name(tmp_path):
    """`regionlab report` of the bundled Gunsan profile in Korean, with the disk cache
    off: the fonts are subset on this run."""
    from conftest import ROOT
    from typer.testing import CliRunner

    from regionlab.cli.main import app

    out = tmp_path / "r.html"
    return CliRunner().invoke(app, ["report", str(ROOT / "profiles" / "gunsan.yaml"),
                                    "-o", str(out), "--lang", "ko"]), out


def test_without_harfbuzz_a_report_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("REGIONLAB_CACHE", "0")
    monkeypatch.setitem(__import__("sys").modules, "uharfbuzz", None)  # import fails
    r, out = _report_of_a_korean_name(tmp_path)
    assert r.exit_code == 1, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "uharfbuzz" in r.stderr and "pip install uharfbuzz" in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("damage", ["noise", "empty"])
def test_a_damaged_font_file_is_named_not_a_traceback(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("REGIONLAB_CACHE", "0")
    bad = tmp_path / "NanumGothic.ttf"
    bad.write_bytes(bytes(range(256)) * 20 if damage == "noise" else b"")
    monkeypatch.setattr(charts, "font_file", lambda family: bad)
    r, out = _report_of_a_korean_name(tmp_path)
    assert r.exit_code == 1, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert f"{bad} is not a font HarfBuzz can read" in r.stderr
    assert "koreanize-matplotlib" in r.stderr
    assert not out.exists()


def test_a_font_with_none_of_the_characters_gets_no_rule(monkeypatch):
    """An emoji left for NanumGothic alone: it has none, so no rule (nor subset)."""
    monkeypatch.setenv("REGIONLAB_CACHE", "0")
    data, lacking = html._subset("NanumGothic", frozenset("\U0001F600"))
    assert (data, lacking) == (b"", frozenset("\U0001F600"))
    assert html._font_faces("\U0001F600", ("NanumGothic",)) == ""
    assert html._font_faces("\U0001F600군", ("NanumGothic",)).count("@font-face") == 1
