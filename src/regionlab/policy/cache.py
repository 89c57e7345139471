"""A small on-disk cache of checked data files (framework, catalogue, rulebook).

Parsing and checking the shipped YAML files is most of what `regionlab assess`
does beyond importing its libraries, and they rarely change. A file that passed
every check is stored as JSON under the user's cache folder, keyed by regionlab's
version, a fingerprint of the code that checks that kind of file (every commit
installed from git is version 0.1.0; a changed validator must check again), and
the file's path, size and modification time, and each entry holds the stamps of the
other files its check read (found as they are read: `note_read`); any change to any
of them misses the cache and is checked again; at most MAX_KEPT entries of each kind are
kept, the oldest dropped first. Problems with the cache are never errors:
it is skipped. REGIONLAB_CACHE_DIR moves it; REGIONLAB_CACHE=0 turns it off.

Results made from other inputs (a report's embedded fonts, the nation's standings) are
kept by contents (`by_contents`): the caller spells out in a key everything the result
is made from (the contents of the files it reads, or their checksums, and what it was
asked), the key is stored in full beside the result and compared on every read, and at
most MAX_KEPT entries of each kind are kept, the least recently used dropped first.
"""

from __future__ import annotations

import functools
import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from regionlab import __version__


def _folder() -> Path | None:
    if os.environ.get("REGIONLAB_CACHE", "1") == "0":
        return None
    given = os.environ.get("REGIONLAB_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "regionlab"


def _key(path: Path, kind: str) -> str | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    where = zlib.crc32(str(path.resolve()).encode())  # zlib: cheaper to import than hashlib
    return f"{__version__}-{code_fingerprint(kind)}-{where:08x}-{stat.st_size}-{stat.st_mtime_ns}"


PACKAGE = Path(__file__).resolve().parent.parent
# The modules whose code decides what a checked file of each kind becomes: its
# schema and loader, plus what every kind goes through (YAML, schemas, problems).
# (policy/packaged.py: the catalogue and ui checks take its kept data, the framework's
# coverage check reads the panel through it)
CHECKED_BY = {"framework": ("policy/framework.py", "policy/packaged.py"),
              "catalogue": ("policy/catalogue.py", "policy/packaged.py"),
              "ui": ("policy/catalogue.py", "policy/packaged.py"),
              "rulebook": ("rules/rulebook.py",),
              "robustness": ("trust/stability.py",), "languages": ("policy/languages.py",),
              "labelled": ("policy/languages.py",),
              "map": ("report/geo.py", "report/svg.py"),  # the boundaries as drawn
              "panel": ("korea/evidence.py", "korea/reference.py", "policy/packaged.py"),
              "columns": ("output/rows.py", "policy/framework.py"),  # it reads the figures
              "peers": ("report/peers.py",),
              "ratings": ("ratings/settings.py", "policy/framework.py"),  # its actors
              "checksums": (), "complete": ()}
# every kind: a labelled text's schema is made from the list of languages
COMMON = ("base/yamlio.py", "base/yamlparse.py", "base/schema.py", "errors.py",
          "policy/cache.py", "policy/languages.py", "data/languages.yaml")


@functools.cache
def code_fingerprint(kind: str) -> str:
    """CRC-32 of the source of the modules that check a kind of file (of the whole
    package for a kind not listed): about 0.3 ms, once per run."""
    names = CHECKED_BY.get(kind)
    if names is None:
        return _package_fingerprint()
    return _fingerprint([PACKAGE / n for n in (*names, *COMMON)])


def fingerprint(*modules: str) -> str:
    """CRC-32 of the source of these modules alone ('report/geo.py'), for a result made
    at build time and shipped that must be made again when their code changes."""
    return _fingerprint([PACKAGE / m for m in modules])


@functools.cache  # the same for every kind not listed: the package is listed once a run
def _package_fingerprint() -> str:
    return _fingerprint(sorted(PACKAGE.rglob("*.py")))


def _fingerprint(files: list[Path]) -> str:
    return f"{zlib.crc32(''.join(map(_source_crc, files)).encode()):08x}"


@functools.cache  # the common modules are read once for every kind
def _source_crc(file: Path) -> str:
    try:
        return f"{zlib.crc32(file.read_bytes()):08x}"
    except OSError:  # a module that is not there (a zipped install): its name counts
        return f"{zlib.crc32(str(file).encode()):08x}"


def stamp(path: Path | str) -> tuple[str, int | None, int | None]:
    """What tells one version of a file from another while a run lasts (a notebook
    that edits a rulebook between two runs): its path, size and modification time."""
    try:
        info = os.stat(path)
    except OSError:
        return (str(path), None, None)
    return (str(path), info.st_size, info.st_mtime_ns)


# The files read by the checks in progress (a stack: a check may run another's), so
# that what a check reads is found as it reads it (`note_read`), not listed by hand.
_READING: list[dict[str, None]] = []


def note_read(path: Path | str) -> None:
    """Say that `path` is being read: a check running under `cached` is then checked
    again when that file changes (the framework's check reads the goalposts table and
    the evidence panel through policy/packaged.table)."""
    for reads in _READING:
        reads[str(path)] = None


def cached(path: Path, kind: str, build: Callable[[Path], Any]) -> Any:
    """`build(path)` once per version of the file and of every file the build reads
    (`note_read`); its result must be JSON data."""
    folder, key = _folder(), _key(path, kind)
    if folder is None or key is None:
        return _built(path, build)[0]
    entry = folder / f"{kind}-{key}.json"
    try:
        kept = json.loads(entry.read_bytes())
        if all(stamp(file) == (file, size, mtime) for file, size, mtime in kept["reads"]):
            return kept["result"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    result, reads = _built(path, build)  # raises on a bad file: nothing is cached then
    _store(folder, entry, {"reads": [list(stamp(f)) for f in reads], "result": result})
    # each edit of a rulebook, each install, adds an entry: only a miss pays for the trim
    trim(folder, f"{kind}-*.json")
    return result


def _built(path: Path, build: Callable[[Path], Any]) -> tuple[Any, list[str]]:
    """What `build` makes of `path`, and the files it read."""
    reads: dict[str, None] = {}
    _READING.append(reads)
    try:
        result = build(path)
    finally:
        _READING.pop()
    for outer in _READING:  # a check run inside another: the outer one read them too
        outer.update(reads)
    return result, list(reads)


MAX_KEPT = 32  # entries of each kind kept by contents: a few reports' fonts, a few nations


def by_contents(kind: str, key: str, make: Callable[[], Any]) -> Any:
    """`make()` once per `key`, which must name everything the result is made from
    (contents or checksums of the files read, what is asked, and the code: regionlab's
    version and the fingerprint of all its modules are added here, a kind not listed in
    CHECKED_BY); its result must be JSON data. Kept in the cache folder's folder `kind`,
    at most MAX_KEPT of them."""
    folder = _folder()
    if folder is None:
        return make()
    key = f"{__version__} {code_fingerprint(kind)} {key}"
    entry = folder / kind / f"{zlib.crc32(key.encode()):08x}.json"
    try:
        kept = json.loads(entry.read_bytes())
        if kept["key"] == key:  # the whole key: a checksum that collides is a miss
            _touch(entry)
            return kept["result"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    result = make()
    _store(folder / kind, entry, {"key": key, "result": result})
    trim(folder / kind)
    return result


def checksum(paths: list[Path]) -> str:
    """The files' sizes and CRC-32s ('5123456-0a1b2c3d ...'), for the keys of results
    kept by contents (`by_contents`). Kept itself by the files' stamps (path, size and
    modification time, as `cached` keeps a checked file): a font is 5 MB, and the data
    files 1.6 MB, read on every report otherwise (about 8 ms). So a file rewritten with
    the same size and its old modification time (`cp -p`, `rsync -t` of other contents)
    keeps its old checksum until regionlab's version changes; `REGIONLAB_CACHE=0` or
    removing the cache folder reads it afresh."""
    key = json.dumps([stamp(p) for p in paths], ensure_ascii=False)
    return by_contents("checksums", key, lambda: " ".join(map(contents_crc, paths)))


def contents_crc(path: Path) -> str:
    """A file's size and CRC-32 ('5123456-0a1b2c3d'), read now (not kept: `checksum`)."""
    import mmap  # only when a file's checksum is not kept: the first report after an install

    with open(path, "rb") as f:
        try:  # mapped, not read into a copy: a font of 5 MB in 1.5 ms instead of 4.5
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                return f"{len(mapped)}-{zlib.crc32(mapped):08x}"
        except (OSError, ValueError):  # an empty file (no map of nothing), or no mmap here
            data = f.read()
    return f"{len(data)}-{zlib.crc32(data):08x}"


def _touch(entry: Path) -> None:
    """Mark an entry used, so that `trim` drops it last (a read-only cache: no matter)."""
    try:
        os.utime(entry)
    except OSError:
        pass


def kind_folder(kind: str) -> Path | None:
    """The folder of one kind of kept result (None when the cache is off), for a cache
    that keeps its own files there, keyed by what it reads, and `trim`s them."""
    folder = _folder()
    return None if folder is None else folder / kind


def trim(folder: Path, pattern: str = "*") -> None:
    """Drop the least recently used files of a kind (those in `folder` that match
    `pattern`) beyond MAX_KEPT (another run may be dropping them too: a file already
    gone is no matter)."""
    try:
        entries = sorted((p for p in folder.glob(pattern) if not p.name.endswith(".tmp")),
                         key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-MAX_KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _store(folder: Path, entry: Path, result: Any) -> None:
    import tempfile  # only when writing: once per version of each data file

    try:
        folder.mkdir(parents=True, exist_ok=True)
        # json.dumps, not json.dump: dump writes piece by piece through json's Python
        # encoder, dumps makes the text with its C one (the panel's entry, 750 KB: 30 ms
        # against 5, on every empty cache)
        text = json.dumps(result, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, entry)  # whole or not at all, even with parallel runs
    except OSError:
        pass
