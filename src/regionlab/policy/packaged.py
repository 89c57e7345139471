"""Where the data files shipped inside the package live."""

from __future__ import annotations

from pathlib import Path

from regionlab.policy.cache import note_read

# The package is installed as plain files (a wheel unpacked into site-packages, or
# an editable checkout), so the data folder sits in the package, beside this module's
# folder; resolving it through importlib.resources would cost more start-up time than
# it buys here.
DATA = Path(__file__).resolve().parent.parent / "data"


def packaged(name: str) -> Path:
    """Path of a data file shipped in `regionlab/data/`."""
    return DATA / name


def table(name: str) -> list[dict[str, str]]:
    """Rows of a shipped CSV table (`reference/...`); its '#' lines (sources, notes) are
    skipped."""
    import csv  # only the reference tables need it: not on every start-up

    path = packaged(name)
    note_read(path)  # a cached check that reads a table is checked again when it changes
    text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
