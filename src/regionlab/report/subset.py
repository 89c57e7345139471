"""A subset of a TrueType font as WOFF: the glyphs of some characters, for a page to embed.

NanumGothic, the font of every Korean and English page (and of the Hangul of a Japanese
one), is TrueType outlines (`glyf`) with no OpenType layout tables. Its subset keeps what
a browser needs to draw the characters asked for: the glyphs mapped to them (with those a
composite glyph is built of, renumbered), their advance widths, a character map of just
those characters, and the font's header, metrics, OS/2, name and gasp tables. It leaves
out the hinting (instructions, `fpgm`, `prep`, `cvt `: browsers draw CJK well without it,
and it is a third of the size), the font editor's sources (`TSI*`) and glyph names; and
`kern`, when no pair in it has both its glyphs among those kept (NanumGothic kerns Latin
letters only, which a page's subset never holds). A page is drawn the same as with
fontTools' subset, which did this before: the same outlines and advances (tests), the
same pixels in Chromium.

Reading the few tables it needs straight from the file's bytes takes a few milliseconds a
font, where fontTools took a fifth of a second with its import: the first report after an
install, or of a page with new characters, paid it. A font with tables this module does
not keep (IPAexGothic's GSUB and GPOS: Chromium spaces Japanese punctuation with them) or
kerning between the glyphs kept is not subset here (`subset` gives None). Only the
standard library is used; the same characters give the same bytes.
"""

from __future__ import annotations

import struct
import zlib
from bisect import bisect_left
from pathlib import Path

from regionlab.errors import RegionlabError

HAS_INSTRUCTIONS = 0x0100  # a composite glyph's flag: instructions follow its components
ARGS_ARE_WORDS, HAS_SCALE, MORE, HAS_XY_SCALE, HAS_2X2 = 0x1, 0x8, 0x20, 0x40, 0x80
KEPT_AS_THEY_ARE = (b"OS/2", b"name", b"gasp")  # copied (OS/2 with its first/last char)


class FontError(RegionlabError):
    """The file is not a TrueType font this module can subset."""


# the tables a subset keeps, and those it leaves out (hinting, font-editor sources, a
# digital signature that no longer holds); a font with any other table is not subset here
KEPT = frozenset({b"cmap", b"glyf", b"loca", b"head", b"hhea", b"hmtx", b"maxp", b"post",
                  b"OS/2", b"name", b"gasp"})
LEFT_OUT = frozenset({b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"VDMX", b"DSIG",
                      b"TSI0", b"TSI1", b"TSI2", b"TSI3", b"TSI5"})


def subset(path: Path, chars: frozenset[str]) -> tuple[bytes, frozenset[str]] | None:
    """The WOFF subset of the font at `path` to `chars`, and those of them it has no glyph
    for (left out: the subset is the same bytes as one asked for only the others); None
    for a font whose drawing of them needs a table this module does not keep."""
    try:
        font = _Font(path.read_bytes())
        if set(font.tables) - KEPT - LEFT_OUT - {b"kern"}:
            return None
        mapped = {ord(ch): gid for ch in chars if (gid := font.glyph_of(ord(ch)))}
        if font.kerns(set(mapped.values())):
            return None
        tables = font.subset(mapped)
    except (struct.error, KeyError, IndexError, FontError) as e:  # a damaged font file
        raise FontError(f"{path}: cannot subset this font ({e}); reinstall the package "
                        "that ships it") from None
    return _woff(tables), frozenset(ch for ch in chars if ord(ch) not in mapped)


class _Font:
    def __init__(self, data: bytes):
        self.data = data
        if data[:4] != b"\x00\x01\x00\x00":
            raise FontError("not a TrueType font (glyf outlines)")
        count = struct.unpack_from(">H", data, 4)[0]
        self.tables = {}
        for i in range(count):
            tag, _, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
            self.tables[tag] = (offset, length)
        missing = {b"cmap", b"glyf", b"loca", b"head", b"hhea", b"hmtx", b"maxp",
                   b"post"} - set(self.tables)
        if missing:
            raise FontError(f"no {', '.join(sorted(t.decode() for t in missing))} table")
        self.long_loca = struct.unpack_from(">h", self.table(b"head"), 50)[0] == 1
        self.glyphs = struct.unpack_from(">H", self.table(b"maxp"), 4)[0]
        self._lookup = self._cmap()

    def table(self, tag: bytes) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset:offset + length]

    def kerns(self, glyphs: set[int]) -> bool:
        """Whether the `kern` table has a pair of two of `glyphs` (or a subtable that is
        not a plain list of pairs, format 0, which is not read)."""
        if b"kern" not in self.tables:
            return False
        kern = self.table(b"kern")
        version, count = struct.unpack_from(">HH", kern, 0)
        if version != 0:
            return True
        at = 4
        for _ in range(count):
            length, coverage, pairs = struct.unpack_from(">HHH", kern, at + 2)
            if coverage >> 8 != 0:
                return True
            flat = struct.unpack_from(f">{3 * pairs}H", kern, at + 14)
            if any(left in glyphs and right in glyphs
                   for left, right in zip(flat[0::3], flat[1::3], strict=True)):
                return True
            at += length
        return False

    # --- the character map -------------------------------------------------------------

    def _cmap(self):
        """A function from a code point to its glyph (0: none), from the Unicode
        subtable of the widest coverage: format 12 (every plane) or format 4 (the BMP)."""
        cmap = self.table(b"cmap")
        count = struct.unpack_from(">H", cmap, 2)[0]
        found: dict[int, int] = {}
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHL", cmap, 4 + 8 * i)
            if (platform, encoding) in ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3)):
                found.setdefault(struct.unpack_from(">H", cmap, offset)[0], offset)
        if 12 in found:
            return _format_12(cmap, found[12])
        if 4 in found:
            return _format_4(cmap, found[4])
        raise FontError("no Unicode character map (format 4 or 12)")

    def glyph_of(self, code: int) -> int:
        gid = self._lookup(code)
        return gid if 0 < gid < self.glyphs else 0

    # --- glyphs --------------------------------------------------------------------------

    def _glyph(self, gid: int) -> bytes:
        loca = self.tables[b"loca"][0]
        if self.long_loca:
            start, end = struct.unpack_from(">LL", self.data, loca + 4 * gid)
        else:
            start, end = (2 * x for x in struct.unpack_from(">HH", self.data, loca + 2 * gid))
        glyf = self.tables[b"glyf"][0]
        return self.data[glyf + start:glyf + end]

    def subset(self, mapped: dict[int, int]) -> dict[bytes, bytes]:
        """The subset's tables: glyph 0 (.notdef), the glyphs of `mapped` (code point ->
        glyph) and their components, in the font's own order."""
        wanted, todo = {0}, [0, *mapped.values()]
        while todo:
            gid = todo.pop()
            wanted.add(gid)
            todo += [c for c in _components(self._glyph(gid)) if c not in wanted]
        order = sorted(wanted)
        new = {old: i for i, old in enumerate(order)}
        glyf, loca = bytearray(), []
        for old in order:
            loca.append(len(glyf))
            glyf += _without_hinting(self._glyph(old), new)
            glyf += b"\0" * (-len(glyf) % 4)
        loca.append(len(glyf))
        head = bytearray(self.table(b"head"))
        struct.pack_into(">L", head, 8, 0)  # checkSumAdjustment: set once all is laid out
        struct.pack_into(">h", head, 50, 1)  # long offsets in loca
        hhea = bytearray(self.table(b"hhea"))
        struct.pack_into(">H", hhea, 34, len(order))
        maxp = bytearray(self.table(b"maxp"))
        struct.pack_into(">H", maxp, 4, len(order))
        post = bytearray(self.table(b"post")[:32])
        struct.pack_into(">L", post, 0, 0x00030000)  # no glyph names
        tables = {b"head": bytes(head), b"hhea": bytes(hhea), b"maxp": bytes(maxp),
                  b"post": bytes(post), b"glyf": bytes(glyf),
                  b"loca": struct.pack(f">{len(loca)}L", *loca),
                  b"hmtx": b"".join(struct.pack(">Hh", *self._metrics(g)) for g in order),
                  b"cmap": _cmap_table({code: new[gid] for code, gid in mapped.items()})}
        for tag in KEPT_AS_THEY_ARE:
            if tag in self.tables:
                tables[tag] = self.table(tag)
        if b"OS/2" in tables and len(tables[b"OS/2"]) >= 68:  # its first and last character
            os2 = bytearray(tables[b"OS/2"])
            struct.pack_into(">HH", os2, 64, min(min(mapped, default=0xFFFF), 0xFFFF),
                             min(max(mapped, default=0xFFFF), 0xFFFF))
            tables[b"OS/2"] = bytes(os2)
        return tables

    def _metrics(self, gid: int) -> tuple[int, int]:
        """Advance width and left side bearing of a glyph (hmtx: the last advance repeats)."""
        hmtx = self.tables[b"hmtx"][0]
        metrics = struct.unpack_from(">H", self.table(b"hhea"), 34)[0]
        if gid < metrics:
            return struct.unpack_from(">Hh", self.data, hmtx + 4 * gid)
        advance = struct.unpack_from(">H", self.data, hmtx + 4 * (metrics - 1))[0]
        return advance, struct.unpack_from(">h", self.data, hmtx + 4 * metrics
                                           + 2 * (gid - metrics))[0]


def _format_4(cmap: bytes, at: int):
    segments = struct.unpack_from(">H", cmap, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", cmap, at + 14)
    starts = struct.unpack_from(f">{segments}H", cmap, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}H", cmap, at + 16 + 4 * segments)
    ranges_at = at + 16 + 6 * segments
    ranges = struct.unpack_from(f">{segments}H", cmap, ranges_at)

    def lookup(code: int) -> int:
        i = bisect_left(ends, code)
        if code > 0xFFFF or i == segments or starts[i] > code:
            return 0
        if ranges[i] == 0:
            return (code + deltas[i]) & 0xFFFF
        where = ranges_at + 2 * i + ranges[i] + 2 * (code - starts[i])
        if where + 2 > len(cmap):
            return 0
        gid = struct.unpack_from(">H", cmap, where)[0]
        return (gid + deltas[i]) & 0xFFFF if gid else 0
    return lookup


def _format_12(cmap: bytes, at: int):
    groups = struct.unpack_from(">L", cmap, at + 12)[0]
    flat = struct.unpack_from(f">{3 * groups}L", cmap, at + 16)
    starts, ends, firsts = flat[0::3], flat[1::3], flat[2::3]

    def lookup(code: int) -> int:
        i = bisect_left(ends, code)
        if i == groups or starts[i] > code:
            return 0
        return firsts[i] + code - starts[i]
    return lookup


def _components(glyph: bytes) -> list[int]:
    """The glyphs a composite glyph is made of (none for a simple or empty one)."""
    return [gid for _, gid, _ in _component_records(glyph)]


def _component_records(glyph: bytes):
    """(where its flags are, glyph, where the next record starts) of each component."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph, 0)[0] >= 0:
        return
    at = 10
    while True:
        flags, gid = struct.unpack_from(">HH", glyph, at)
        end = at + 4 + (4 if flags & ARGS_ARE_WORDS else 2)
        end += 2 if flags & HAS_SCALE else 4 if flags & HAS_XY_SCALE else \
            8 if flags & HAS_2X2 else 0
        yield at, gid, end
        if not flags & MORE:
            return
        at = end


def _without_hinting(glyph: bytes, new: dict[int, int]) -> bytes:
    """A glyph without its instructions; a composite's components renumbered."""
    if len(glyph) < 10:
        return b""
    contours = struct.unpack_from(">h", glyph, 0)[0]
    if contours >= 0:  # simple: endPtsOfContours, then the instructions' length and bytes
        at = 10 + 2 * contours
        length = struct.unpack_from(">H", glyph, at)[0]
        points = struct.unpack_from(">H", glyph, at - 2)[0] + 1 if contours else 0
        end = _points_end(glyph, at + 2 + length, points)
        return glyph[:at] + b"\0\0" + glyph[at + 2 + length:end]
    out = bytearray(glyph)
    last = 10
    for at, gid, after in _component_records(glyph):
        flags = struct.unpack_from(">H", glyph, at)[0] & ~HAS_INSTRUCTIONS
        struct.pack_into(">HH", out, at, flags, new[gid])
        last = after
    return bytes(out[:last])  # the instructions after the last component left out


def _points_end(glyph: bytes, at: int, points: int) -> int:
    """Where a simple glyph's data end (its flags from `at`, then the coordinates): the
    font's own padding after them is left out."""
    xs = ys = 0
    while points > 0:
        flag = glyph[at]
        repeat = 1 + glyph[at + 1] if flag & 0x08 else 1
        at += 2 if flag & 0x08 else 1
        xs += repeat * (1 if flag & 0x02 else 0 if flag & 0x10 else 2)
        ys += repeat * (1 if flag & 0x04 else 0 if flag & 0x20 else 2)
        points -= repeat
    if at + xs + ys > len(glyph):
        raise FontError("a glyph's points run past its end")
    return at + xs + ys


def _cmap_table(codes: dict[int, int]) -> bytes:
    """A character map of `codes` (code point -> new glyph): format 4 for the BMP, with
    format 12 beside it when a code point lies beyond."""
    bmp = sorted((c, g) for c, g in codes.items() if c < 0xFFFF)
    runs: list[list[int]] = []  # [first code, last code, glyph of the first]
    for code, gid in bmp:
        if runs and code == runs[-1][1] + 1 and gid == runs[-1][2] + code - runs[-1][0]:
            runs[-1][1] = code
        else:
            runs.append([code, code, gid])
    segments = [*runs, [0xFFFF, 0xFFFF, 1]]
    n = len(segments)
    power = 1 << (n.bit_length() - 1)
    four = struct.pack(">7H", 4, 16 + 8 * n, 0, 2 * n, 2 * power,
                       power.bit_length() - 1, 2 * n - 2 * power)
    four += struct.pack(f">{n}H", *(s[1] for s in segments)) + b"\0\0"
    four += struct.pack(f">{n}H", *(s[0] for s in segments))
    four += struct.pack(f">{n}H", *((s[2] - s[0]) & 0xFFFF for s in segments))
    four += b"\0\0" * n
    subtables = [(3, 1, four)]
    if any(c > 0xFFFF for c in codes):
        groups = sorted(codes.items())
        twelve = struct.pack(">HHLLL", 12, 0, 16 + 12 * len(groups), 0, len(groups))
        twelve += b"".join(struct.pack(">LLL", c, c, g) for c, g in groups)
        subtables.append((3, 10, twelve))
    out = struct.pack(">HH", 0, len(subtables))
    at = 4 + 8 * len(subtables)
    for platform, encoding, data in subtables:
        out += struct.pack(">HHL", platform, encoding, at)
        at += len(data)
    return out + b"".join(data for _, _, data in subtables)


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}L", data)) & 0xFFFFFFFF


def _woff(tables: dict[bytes, bytes]) -> bytes:
    """The tables as a WOFF 1.0 file: each compressed with zlib where that is smaller, the
    font's checksum adjustment worked out as for the sfnt they make."""
    tags = sorted(tables)
    n = len(tags)
    power = 1 << (n.bit_length() - 1)
    header = struct.pack(">LHHHH", 0x00010000, n, 16 * power, power.bit_length() - 1,
                         16 * n - 16 * power)
    sfnt_size = 12 + 16 * n + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in tags)
    at = 12 + 16 * n
    directory = b""
    for tag in tags:
        directory += struct.pack(">4sLLL", tag, _checksum(tables[tag]), at, len(tables[tag]))
        at += len(tables[tag]) + (-len(tables[tag]) % 4)
    whole = (_checksum(header + directory) + sum(_checksum(tables[t]) for t in tags))
    head = bytearray(tables[b"head"])
    struct.pack_into(">L", head, 8, (0xB1B0AFBA - whole) & 0xFFFFFFFF)
    tables = {**tables, b"head": bytes(head)}
    entries, body = [], b""
    at = 44 + 20 * n
    for tag in tags:
        data = tables[tag]
        packed = zlib.compress(data, 9)
        stored = packed if len(packed) < len(data) else data
        entries.append(struct.pack(">4sLLLL", tag, at + len(body), len(stored), len(data),
                                   _checksum(data if tag != b"head" else _zeroed(data))))
        body += stored + b"\0" * (-len(stored) % 4)
    length = 44 + 20 * n + len(body)
    woff = struct.pack(">4sLLHHLHHLLLLL", b"wOFF", 0x00010000, length, n, 0, sfnt_size,
                       1, 0, 0, 0, 0, 0, 0)
    return woff + b"".join(entries) + body


def _zeroed(head: bytes) -> bytes:
    """The head table with its checksum adjustment zero: its checksum is taken so."""
    return head[:8] + b"\0\0\0\0" + head[12:]
