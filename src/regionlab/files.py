"""Which files a command reads: profiles named directly, or the YAML files of a folder."""

from __future__ import annotations

from pathlib import Path

from regionlab.errors import InputError, Problem

SUFFIXES = (".yaml", ".yml")


def profile_paths(paths: list[Path], recursive: bool = False) -> list[Path]:
    """Files given by name are taken as they are; folders give their *.yaml / *.yml
    files (in sorted order, so runs are repeatable). A missing path is an error."""
    found: list[Path] = []
    missing = []
    for path in paths:
        if path.is_dir():
            pattern = "**/*" if recursive else "*"
            found += sorted(p for p in path.glob(pattern) if p.suffix in SUFFIXES and p.is_file())
        elif path.exists():
            found.append(path)
        else:
            missing.append(Problem(str(path), None, "", "no-such-file", "no such file or folder"))
    if missing:
        raise InputError(missing)
    return found
