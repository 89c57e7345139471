"""Which files a command reads: profiles named directly, or the YAML files of a folder."""

from __future__ import annotations

import os
from pathlib import Path

from regionlab.errors import InputError, Problem

SUFFIXES = (".yaml", ".yml")


def profile_paths(paths: list[Path], recursive: bool = False,
                  problems: list[Problem] | None = None) -> list[Path]:
    """Files given by name are taken as they are; folders give their *.yaml / *.yml
    files (in sorted order, so runs are repeatable). A missing path is an error,
    raised, or added to `problems` when the caller collects them (a batch)."""
    found: list[Path] = []
    missing = []
    for path in paths:
        if path.is_dir():
            found += sorted(_yaml_files(path, recursive), key=_parts)
        elif path.exists():
            found.append(path)
        else:
            missing.append(Problem(str(path), None, "", "no-such-file", "no such file or folder"))
    if missing and problems is None:
        raise InputError(missing)
    if problems is not None:
        problems += missing
    return found


def _yaml_files(folder: Path, recursive: bool):
    # os.scandir knows each entry's type without a stat call: 20,000 files in a
    # folder are listed in milliseconds
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir() and recursive:
                yield from _yaml_files(Path(entry.path), True)
            elif entry.name.endswith(SUFFIXES) and entry.is_file():
                yield Path(entry.path)


def _parts(path: Path) -> tuple[str, ...]:
    # the order of Path's own comparison on POSIX, at the speed of comparing tuples
    return path.parts
