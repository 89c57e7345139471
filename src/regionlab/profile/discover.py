"""Which files a command reads: profiles named directly, or the YAML files of a folder.

Careless and hostile trees are expected: a file named twice (or once directly and
once through its folder) is read once, `.YAML` counts as `.yaml`, and a link that
loops (`self -> .`, `a.yaml -> a.yaml`) is a problem of that path, never a hang or
a traceback, while the rest of the tree is read. In a folder, hidden files and
folders (a name starting with '.': an editor's stale copy, macOS's AppleDouble
`._x.yaml`, `.git`) are skipped, as every file tool does; named directly, they are
read like any other.
"""

from __future__ import annotations

import os
from pathlib import Path

from regionlab.errors import InputError, Problem

SUFFIXES = (".yaml", ".yml")
HIDDEN = "In a folder, hidden files (.x.yaml, macOS's ._x.yaml) are skipped."  # for --help


def is_profile_name(name: str) -> bool:
    """A profile by its name: .yaml or .yml, in any case (Windows tools write .YAML)."""
    return name.lower().endswith(SUFFIXES)


def profile_paths(paths: list[Path], recursive: bool = False,
                  problems: list[Problem] | None = None) -> list[Path]:
    """Files given by name are taken as they are; folders give their profile files
    (in sorted order, so runs are repeatable). Each file comes once, however often it
    is named. A missing path or a folder loop is a problem, raised, or added to
    `problems` when the caller collects them (a batch)."""
    walk = _Walk(recursive)
    for path in paths:
        walk.add(Path(path))
    if walk.problems and problems is None:
        raise InputError(walk.problems)
    if problems is not None:
        problems += walk.problems
    return walk.found


class _Walk:
    def __init__(self, recursive: bool):
        self.recursive = recursive
        self.found: list[Path] = []
        self.problems: list[Problem] = []
        self.seen: set[str] = set()  # files, by their real path
        self.folders: set[str] = set()  # folders read, by their real path

    def add(self, path: Path) -> None:
        try:
            self._add(path)
        except OSError as e:  # a folder on the way without permission: this path's
            from regionlab.base.yamlio import unreadable  # problem, the rest go on

            self.problems.append(unreadable(path, e))

    def _add(self, path: Path) -> None:
        if os.path.islink(path) and not path.exists():
            # a link that loops or points nowhere: loading it says which, as a
            # problem of this file (so a batch, a validate and a report all go on)
            self._file(path, os.path.abspath(path))
        elif path.is_dir():
            start = len(self.found)
            self._folder(path, os.path.realpath(path), ())
            if self.recursive:  # one folder's files come sorted by name: Path's order
                self.found[start:] = sorted(self.found[start:], key=_parts)
        elif path.exists():
            self._file(path, os.path.realpath(path))
        else:
            self.problems.append(missing(path))

    def _file(self, path: Path, key: str) -> None:
        if key not in self.seen:
            self.seen.add(key)
            self.found.append(path)

    def _folder(self, folder: Path, real: str, above: tuple[str, ...]) -> None:
        if real in above:
            self.problems.append(Problem(
                str(folder), None, "", "folder-loop",
                f"is a link back to {os.path.relpath(real)}, a folder already being read "
                "(a loop); not followed"))
            return
        if real in self.folders:  # the same folder through another link: read once
            return
        self.folders.add(real)
        files, folders = _entries(folder, real, self.problems)
        # each entry's Path made from its folder's and its name, which is entry.path
        # (the folder listed as Path spells it, and the name): Path(entry.path) parsed
        # the whole path again, about 2 µs a file of a batch
        for entry in sorted(files, key=_name):
            # the real path of a plain entry is its folder's, plus its name: no stat call
            key = os.path.realpath(entry.path) if entry.is_symlink() \
                else os.path.join(real, entry.name)
            self._file(folder / entry.name, key)
        if self.recursive:
            for entry in sorted(folders, key=_name):
                self._folder(folder / entry.name, os.path.realpath(entry.path), (*above, real))


def _entries(folder: Path, real: str, problems: list[Problem]
             ) -> tuple[list[os.DirEntry[str]], list[os.DirEntry[str]]]:
    """Profile files (and links that claim to be one) and sub-folders of a folder,
    hidden ones left out.
    os.scandir knows each entry's type without a stat call: 20,000 files in a folder
    are listed in milliseconds."""
    files: list[os.DirEntry[str]] = []
    folders: list[os.DirEntry[str]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):  # hidden: see the module's docstring
                    continue
                kind = _kind(entry)
                if kind == "folder":
                    folders.append(entry)
                elif is_profile_name(entry.name) and kind in ("file", "broken-link"):
                    files.append(entry)
                elif is_profile_name(entry.name):  # named as a profile, but not a file
                    problems.append(Problem(entry.path, None, "", "not-a-file",
                                            f"is {_special(entry)}, not a file; skipped"))
    except OSError as e:
        problems.append(Problem(str(folder), None, "", "unreadable-folder",
                                f"cannot list this folder: {e.strerror}"))
    return files, folders


def _kind(entry: os.DirEntry[str]) -> str:
    try:
        if entry.is_dir():
            return "folder"
        if entry.is_file():
            return "file"
    except OSError:  # a link that loops: is_dir() follows it and fails
        return "broken-link"
    # a link to nothing is reported when read; a FIFO or a device is not a profile
    return "broken-link" if entry.is_symlink() and not os.path.exists(entry.path) else "other"


def _special(entry: os.DirEntry[str]) -> str:
    import stat

    try:
        mode = entry.stat().st_mode
    except OSError:
        return "not readable"
    for test, what in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "something other than a file"


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _parts(path: Path) -> tuple[str, ...]:
    # the order of Path's own comparison on POSIX, at the speed of comparing tuples
    return path.parts


def missing(path: Path) -> Problem:
    """A path given that is not there; a near name in its folder, if there is one."""
    from regionlab.base.schema import suggest

    parent = path.parent
    try:
        names = [p.name for p in parent.iterdir()] if parent.is_dir() else []
    except OSError:
        names = []
    hint = suggest(path.name, names).replace("? ", "?").rstrip()
    where = "" if parent.is_dir() else f"; the folder {parent} does not exist either"
    return Problem(str(path), None, "", "no-such-file",
                   f"no such file or folder{where}{'; ' + hint if hint else ''}")
