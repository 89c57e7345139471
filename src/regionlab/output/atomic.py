"""Output files are written whole or not at all.

The content goes to a temporary file in the target's folder (same file system),
is flushed to disk, and only then renamed over the target in one step. A crash,
an exception or Ctrl-C before that leaves the old file (or none) and removes the
temporary one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from regionlab.base.signals import held_off
from regionlab.errors import InputError, Problem


@contextmanager
def replacing(target: Path, mode: str = "w", encoding: str | None = "utf-8",
              newline: str | None = "", created: list[bool] | None = None) -> Iterator[IO]:
    """Open a temporary file that replaces `target` when the block ends without error.
    A target that is a symbolic link is written where it points, the link kept. With
    `created` (a list), an existing file is never replaced, even one another program
    made meanwhile: True is appended if the file was written, False if it was there."""
    target = through_links(Path(target))
    folder = target.parent if str(target.parent) else Path(".")
    check_writable(target)
    tmp = ""
    try:
        with held_off():  # SIGTERM here would leave a .part nobody knows of
            try:
                fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.",
                                           suffix=".part")
            except OSError as e:
                raise not_written(target, e) from None
        binary = "b" in mode
        with os.fdopen(fd, mode, encoding=None if binary else encoding,
                       newline=None if binary else newline) as f:
            try:
                yield f
                f.flush()
                os.fsync(f.fileno())
            except OSError as e:  # a full disk, a quota: said in a line, not a traceback
                raise not_written(target, e) from None
        os.chmod(tmp, _mode(target))  # mkstemp makes files private; outputs are not
        if created is None:
            os.replace(tmp, target)
        else:
            created.append(_move_new(tmp, target))
    except OSError as e:  # the last buffer's write, on closing
        _remove(tmp)
        raise not_written(target, e) from None
    except BaseException:  # Ctrl-C, SIGTERM (base/signals.py): never leave a partial file
        _remove(tmp)
        raise


def through_links(target: Path) -> Path:
    """The file a link leads to (a link to a shared folder's file stays a link, and the
    file it leads to keeps its permissions); any other path as it is."""
    return Path(os.path.realpath(target)) if os.path.islink(target) else target


def _move_new(tmp: str, target: Path) -> bool:
    """Move `tmp` to `target` unless a file is there, in one step even when another
    run writes the same files at the same time (a hard link fails on an existing name,
    where a rename would replace it): True if moved, False if the file was there."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        _remove(tmp)
        return False
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(target):
            _remove(tmp)
            return False
        os.replace(tmp, target)
        return True
    _remove(tmp)
    return True


def _remove(tmp: str) -> None:
    if not tmp:
        return
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


@contextmanager
def writing(target: Path) -> Iterator[None]:
    """A failure to write while making `target` (a library's own temporary files on a
    full disk, say) as a problem of the output, not a traceback."""
    try:
        yield
    except OSError as e:
        # a writer's generators, closed later by the collector, would fail again and
        # print "Exception ignored": the run has failed already, and says why
        sys.unraisablehook = lambda unraisable: None
        raise not_written(target, e) from None


def not_written(target: Path, e: OSError) -> InputError:
    """A write that failed on the way (a full disk, a quota, a file too large), as a
    problem of the output: the old file is kept."""
    target = Path(target)
    old = ("the old file is left as it was" if target.is_file()
           else "nothing was written")
    why = e.strerror or str(e)
    where = os.path.abspath(target.parent if str(target.parent) else ".")
    return InputError([Problem(str(target), None, "", "cannot-write",
                               f"cannot be written: {why} (in {where}); {old}")])


def check_writable(target: Path) -> None:
    """Refuse, before any work, an output whose folder is missing or that is a folder."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    problem = None
    if target.is_dir():
        problem = "is a folder; give a file name"
    elif folder.exists() and not folder.is_dir():
        problem = f"cannot be written: {folder} is a file, not a folder"
    elif not folder.is_dir():
        problem = f"cannot be written: the folder {folder} does not exist"
    elif _read_only(folder):
        problem = (f"cannot be written: {os.path.abspath(folder)} is on a read-only file "
                   "system; write the output somewhere else")
    elif not os.access(folder, os.W_OK):
        problem = (f"cannot be written: no permission to write in {os.path.abspath(folder)}; "
                   "write the output somewhere else")
    if problem:
        raise InputError([Problem(str(target), None, "", "cannot-write", problem)])


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): the access check says
        return False


def _mode(target: Path) -> int:
    """The target's own permissions when it exists, else what the umask allows."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text(target: Path, text: str, encoding: str = "utf-8") -> None:
    with replacing(target, "w", encoding=encoding, newline="") as f:
        f.write(text)


def write_new(target: Path, text: str, overwrite: bool = False) -> bool:
    """Write `text` to `target` unless it exists (and `overwrite` is false); True if written."""
    if overwrite:
        write_text(target, text)
        return True
    if target.exists():
        return False
    created: list[bool] = []
    with replacing(target, "w", encoding="utf-8", newline="", created=created) as f:
        f.write(text)
    return created == [True]


def write_many(files: list[tuple[Path, str]], overwrite: bool = False
               ) -> tuple[list[Path], list[Path]]:
    """Write many new text files whole or not at all: each to a temporary file, then one
    flush of them all to disk, then each renamed into place (a crash leaves each target
    old or new, never partial). Files that exist are left alone unless `overwrite`.
    Returns (written, skipped): without `overwrite`, a file another run made meanwhile
    is skipped too, never written over. One sync for all instead of one per file is
    what lets `init --all` write 226 profiles in a blink."""
    todo: list[tuple[Path, str]] = []
    skipped: list[Path] = []
    for target, text in files:
        target = Path(target)
        if target.exists() and not overwrite:
            skipped.append(target)
        else:
            todo.append((target, text))
    for folder in {t.parent for t, _ in todo}:
        check_writable(folder / ".probe")
    staged: list[tuple[str, Path]] = []
    # SIGTERM or Ctrl-C wait until every file is in place or none is (a second or so
    # for a national year), and no .part is left behind
    with held_off():
        there = _write_staged(todo, staged, overwrite)
    return [t for t, _ in todo if t not in there], skipped + there


def _write_staged(todo: list[tuple[Path, str]], staged: list[tuple[str, Path]],
                  overwrite: bool) -> list[Path]:
    """Write each file beside its target, then move them all into place; the targets
    that another program made meanwhile (without `overwrite`: left alone)."""
    target = Path(".")
    there: list[Path] = []
    try:
        for target, text in todo:
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                       suffix=".part")
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode("utf-8"))
            os.chmod(tmp, _mode(target))
        os.sync()  # every file's content on disk before any rename
        for tmp, target in staged:
            if overwrite:
                os.replace(tmp, target)
            elif not _move_new(tmp, target):
                there.append(target)
        return there
    except BaseException as e:
        for tmp, _ in staged:
            _remove(tmp)
        if isinstance(e, OSError):  # a full disk: none written, said in a line
            raise not_written(target, e) from None
        raise

