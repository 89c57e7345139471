"""The one place that reads YAML files: their bytes (a size limit, a pipe or a device
read safely), their encoding (a CP949 or UTF-16 file named as such instead of failing
somewhere deep in the parser), and the parse, by `base/yamlparse.py`'s loaders.

PyYAML is imported on the first parse of a run (yamlparse): a command whose data all
come from the disk cache reads no YAML and does not pay its import (about 13 ms).
"""

from __future__ import annotations

import os
import stat
import unicodedata
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from regionlab.errors import InputError, Problem

if TYPE_CHECKING:
    import yaml

MAX_BYTES = 4 * 1024 * 1024  # a profile is a few KB; anything this big is a mistake


def read_text(path: Path) -> str:
    """Read a UTF-8 file (BOM accepted); name other encodings instead of guessing."""
    return decode(read_bytes(path, MAX_BYTES, "a profile"), str(path))


def read_bytes(path: Path, limit: int, what: str) -> bytes:
    """At most `limit` bytes of a file, or a problem saying why not. Reading stops at
    the limit whatever the file is: the size a device or a pipe reports means nothing
    (/dev/zero says 0 and never ends)."""
    file = str(path)
    try:
        # without waiting for a writer: a named pipe that nobody writes to would
        # otherwise hang the run at open (it now reads as empty)
        fd = os.open(file, _READ_FLAGS)  # by its name: a Path is asked for it again
        try:  # read from the descriptor: a file object costs more than the read
            # a plain file's size bounds the read (asking for limit + 1 bytes would
            # allocate that much for every small file); anything else, the limit
            info = os.fstat(fd)
            size = info.st_size if stat.S_ISREG(info.st_mode) else limit
            if not stat.S_ISREG(info.st_mode):
                os.set_blocking(fd, True)  # a writer there: wait for its data
            raw = _read_up_to(fd, min(size, limit) + 1)
        finally:
            os.close(fd)
    except OSError as e:
        raise InputError([unreadable(path, e)]) from None
    if len(raw) > limit:
        raise InputError([Problem(file, None, "", "file-too-large",
                                  f"is larger than {limit:,} bytes, the most {what} may be; "
                                  "is it the right file?")])
    return raw


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)


def _read_up_to(fd: int, size: int) -> bytes:
    """`size` bytes, or all there are before the end: a pipe gives what its writer has
    written so far on each read."""
    chunk = os.read(fd, size)
    if len(chunk) == size or not chunk:
        return chunk
    chunks = [chunk]
    size -= len(chunk)
    while size > 0 and (chunk := os.read(fd, size)):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def unreadable(path: Path, e: OSError) -> Problem:
    """What an OSError on reading `path` means, in words that say what to do."""
    import errno

    file = str(path)
    if isinstance(e, IsADirectoryError):
        return Problem(file, None, "", "not-a-file", "is a folder, not a file")
    if e.errno == errno.ELOOP:
        return Problem(file, None, "", "link-loop", "is a symbolic link that loops (it leads "
                       "back to itself through links); correct or remove the link")
    if isinstance(e, FileNotFoundError) and os.path.islink(path):
        return Problem(file, None, "", "broken-link",
                       f"is a link to {os.readlink(path)}, which does not exist")
    if isinstance(e, FileNotFoundError):
        return Problem(file, None, "", "no-such-file", "no such file or folder")
    return Problem(file, None, "", "unreadable", f"cannot read: {e.strerror or e}")


def decode(raw: bytes, file: str) -> str:
    return _decoded(raw, file)[0]


def _decoded(raw: bytes, file: str) -> tuple[str, bool]:
    """The text, and whether it is as the file has it (already in Unicode's composed
    form, which `nfc` would otherwise make it)."""
    wide = _wide_encoding(raw)
    if wide:
        name = wide.split()[0]
        raise InputError([Problem(file, None, "", "not-utf8",
                                  f"is {wide}; save it as UTF-8 (e.g. iconv -f {name} "
                                  "-t utf-8)")])
    try:
        text = raw.decode("utf-8-sig")
        composed = nfc(text)
        return composed, composed is text
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        hint = "; it looks like CP949/EUC-KR (legacy Korean)" if _is_cp949(raw) else ""
        msg = f"is not UTF-8 text{hint}; convert it, e.g. iconv -f cp949 -t utf-8"
        raise InputError([Problem(file, line, "", "not-utf8", msg)]) from None


def nfc(text: str) -> str:
    """Text in Unicode's composed form: Hangul typed or pasted decomposed (NFD, as
    macOS and some editors give it) looks the same but would compare unequal."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-32 or UTF-16, by the byte-order mark or, without one, by where the zero
    bytes of ASCII text fall (UTF-8 text never holds a zero byte)."""
    head = raw[:400]
    if b"\x00" not in head and not raw.startswith(_WIDE_BOMS):  # nearly every file
        return None
    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32LE"), (b"\x00\x00\xfe\xff", "UTF-32BE"),
                      (b"\xff\xfe", "UTF-16LE"), (b"\xfe\xff", "UTF-16BE")):
        if raw.startswith(bom):
            return f"{name} text"
    if b"\x00" not in head:
        return None
    if head[1::4].count(0) == head[2::4].count(0) == head[3::4].count(0) > len(head) // 8:
        return "UTF-32LE text without a byte-order mark"
    if head[0::4].count(0) == head[1::4].count(0) == head[2::4].count(0) > len(head) // 8:
        return "UTF-32BE text without a byte-order mark"
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if max(odd, even) > len(head) // 4:
        return f"UTF-16{'LE' if odd > even else 'BE'} text without a byte-order mark"
    return None


# UTF-16's byte-order marks; UTF-32LE's begins with one, UTF-32BE's with zero bytes
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _is_cp949(raw: bytes) -> bool:
    try:
        raw.decode("cp949")
    except UnicodeDecodeError:
        return False
    return True


@cache
def _loaders() -> ModuleType:
    """base/yamlparse.py, imported when first needed (PyYAML with it)."""
    from regionlab.base import yamlparse

    return yamlparse


def parse(text: str, file: str, utf8: bytes | None = None) -> tuple[Any, yaml.Node]:
    """Parse one YAML document; return the data and its node tree (for line numbers).
    `utf8`, when the caller has it, is `text` encoded as UTF-8 (yamlparse.parse)."""
    return _loaders().parse(text, file, utf8)


def line_of(node: yaml.Node | None, path: tuple) -> int | None:
    """1-based line of the value at `path`, or of the nearest enclosing node."""
    return None if node is None else _loaders().line_of(node, path)


def tag_of(node: yaml.Node) -> str:
    """A node's tag, as PyYAML's resolver gives it (yamlparse.tag_of)."""
    return _loaders().tag_of(node)


def load_file(path: Path) -> tuple[Any, yaml.Node]:
    file = str(path)
    raw = read_bytes(path, MAX_BYTES, "a profile")
    text, as_read = _decoded(raw, file)
    # the file's bytes are the text's UTF-8 (without a byte-order mark) unless
    # decoding composed its characters
    return parse(text, file, raw.removeprefix(b"\xef\xbb\xbf") if as_read else None)
