"""A TrueType or OpenType font (an sfnt) wrapped as WOFF 1.0, the compressed container
browsers read in @font-face: W3C, "WOFF File Format 1.0", Recommendation of
13 December 2012, https://www.w3.org/TR/WOFF/.

HarfBuzz subsets a font to an sfnt and writes no WOFF; the container is small: a 44-byte
header (section 3), a 20-byte directory entry per table sorted by tag (section 4), then
the tables in the sfnt's order, each compressed with zlib where that makes it smaller
and stored as it is otherwise, each starting on a 4-byte boundary and padded with zeros
(section 5). No metadata and no private block. The tables' checksums are the sfnt's
own, from its table directory (the "head" table's computed with checkSumAdjustment at
zero, as the sfnt has it). Same sfnt, same bytes.
"""

from __future__ import annotations

import struct
import zlib

SIGNATURE = b"wOFF"
HEADER = struct.Struct(">4sLLHHLHHLLLLL")  # section 3: 44 bytes
ENTRY = struct.Struct(">4sLLLL")  # section 4: tag, offset, compLength, origLength, origChecksum
SFNT_HEADER = struct.Struct(">LH")  # sfntVersion, numTables (then three search fields)
SFNT_ENTRY = struct.Struct(">4sLLL")  # tag, checkSum, offset, length
# zlib's best: 0.1-0.3 % smaller than its default (6, fontTools' level) for a tenth of a
# millisecond more on a page's fonts; 6 made some fonts a few bytes larger than before
LEVEL = 9


def _padded(n: int) -> int:
    return (n + 3) & ~3


def woff(sfnt: bytes) -> bytes:
    """The sfnt `sfnt` as a WOFF 1.0 file holding the same tables."""
    flavor, count = SFNT_HEADER.unpack_from(sfnt, 0)
    tables = sorted((SFNT_ENTRY.unpack_from(sfnt, 12 + 16 * i) for i in range(count)),
                    key=lambda t: t[2])  # the sfnt's order of tables (by offset)
    entries: dict[bytes, bytes] = {}
    blocks: list[bytes] = []
    offset = HEADER.size + ENTRY.size * count
    version = b"\0\0\0\0"
    for tag, check, start, length in tables:
        data = sfnt[start:start + length]
        if tag == b"head":
            version = data[4:8]  # fontRevision, as the WOFF's major and minor version
        packed = zlib.compress(data, LEVEL)
        stored = packed if len(packed) < length else data  # section 5: never larger
        entries[tag] = ENTRY.pack(tag, offset, len(stored), length, check)
        blocks.append(stored + b"\0" * (_padded(len(stored)) - len(stored)))
        offset += len(blocks[-1])
    major, minor = struct.unpack(">HH", version)
    total_sfnt = 12 + 16 * count + sum(_padded(t[3]) for t in tables)
    header = HEADER.pack(SIGNATURE, flavor, offset, count, 0, total_sfnt, major, minor,
                         0, 0, 0, 0, 0)
    return b"".join([header, *(entries[tag] for tag in sorted(entries)), *blocks])
