"""Where the data files shipped inside the package live, and how they are read."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def packaged(name: str) -> Path:
    """Path of a data file shipped in `regionlab/data/` (works from a wheel too)."""
    return Path(str(files("regionlab") / "data" / name))
