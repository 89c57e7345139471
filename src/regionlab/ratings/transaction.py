"""Write several files all or nothing.

Every new text is first written beside its file (same folder, so the same file
system), and all of them are flushed to disk at once (one sync: one per file cost a
national panel a second); only then is each moved over its file. If a file
changed since it was read, nothing is moved; if a move fails, the files already
moved are given back their old text. A crash between two moves can still leave
some files new and some old, but never a file half-written: each move is one step.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import NamedTuple

from regionlab.base.signals import held_off
from regionlab.errors import InputError, Problem


class Rewrite(NamedTuple):
    path: Path
    old: bytes  # what was read: the file must still hold it
    new: bytes


def write_all(rewrites: list[Rewrite]) -> None:
    """Replace each file's `old` bytes by its `new` ones: every file, or none. Ctrl-C,
    SIGTERM and SIGHUP wait until it is done (a second or so for a national year):
    stopped half way, some files would be new and some old."""
    with held_off():
        _write_all(rewrites)


def _write_all(rewrites: list[Rewrite]) -> None:
    staged: list[tuple[Rewrite, str]] = []
    try:
        for r in rewrites:
            staged.append((r, _stage(r.path, r.new)))
        os.sync()  # every new text on disk before any file is replaced
        changed = [str(r.path) for r in rewrites if _current(r.path) != r.old]
        if changed:
            raise InputError([Problem(f, None, "", "changed-meanwhile",
                                      "changed since it was read (by another program?); "
                                      "nothing written: run the command again")
                              for f in changed])
        _move_all(staged)
    finally:
        for _, tmp in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _stage(path: Path, data: bytes, sync: bool = False) -> str:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))  # the profile's own permissions
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _move_all(staged: list[tuple[Rewrite, str]]) -> None:
    done: list[Rewrite] = []
    try:
        for r, tmp in staged:
            os.replace(tmp, r.path)
            done.append(r)
    except BaseException:  # includes Ctrl-C: put back what was already moved
        for r in done:
            back = _stage(r.path, r.old, sync=True)
            os.replace(back, r.path)
        raise
