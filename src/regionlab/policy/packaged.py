"""Where the data files shipped inside the package live."""

from __future__ import annotations

from pathlib import Path

# The package is installed as plain files (a wheel unpacked into site-packages, or
# an editable checkout), so the data folder sits in the package, beside this module's
# folder; resolving it through importlib.resources would cost more start-up time than
# it buys here.
DATA = Path(__file__).resolve().parent.parent / "data"


def packaged(name: str) -> Path:
    """Path of a data file shipped in `regionlab/data/`."""
    return DATA / name
