"""Where the data files shipped inside the package live."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from regionlab.base import yamlio
from regionlab.base.schema import Invalid, Schema
from regionlab.policy.cache import note_read, stamp

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


def rows(name: str) -> tuple[list[str], list[list[str]]]:
    """The header and the rows, as lists, of a shipped CSV table, its '#' lines and
    blank lines skipped (as `table` does): read once per version of the file in a
    process, for every part that reads it (the evidence panel, 5,900 rows, is read by
    the framework's check of coverage and by korea/evidence.py on a first run). The
    lists are shared: not to be changed."""
    path = packaged(name)
    note_read(path)  # every time: a cached check that reads it is checked again on a change
    return _rows(path, stamp(path))


@lru_cache(maxsize=4)  # a few tables, each in a version or two: bounded
def _rows(path: Path, version: tuple) -> tuple[list[str], list[list[str]]]:
    import csv  # as in `table`

    text = path.read_text(encoding="utf-8")
    found = [r for r in csv.reader(line for line in text.splitlines()
                                   if not line.startswith("#")) if r]
    return (found[0] if found else []), found[1:]


# The data of data files parsed in this run by a reading that needed no more (the check
# of a language's completeness, policy/languages.py, on the first command after an
# install), each kept by its file's stamp until a check of that file takes it
# (`check_kept`): catalogue.yaml and ui.yaml, say, parsed once a run instead of twice.
# Only those two are taken now; the others stay until the process ends, bounded by the
# package's data files (a few hundred KB of parsed data, once).
_KEPT: dict[str, tuple[tuple, Any]] = {}


def parse_kept(path: Path) -> Any:
    """The data of a YAML data file (yamlio.load_file's), kept for the check of the
    file that may follow in this run."""
    version = stamp(path)  # before reading: a file changed meanwhile is parsed again
    data = yamlio.load_file(path)[0]
    _KEPT[str(path)] = (version, data)
    return data


def check_kept(schema: Schema, path: Path) -> Any:
    """`schema.check_file(path)`, from the data `parse_kept` kept of the same version of
    the file where it did (taken: it is not kept any longer); a file that does not fit
    is parsed again, for the lines of its problems."""
    kept = _KEPT.pop(str(path), None)
    if kept is not None and kept[0] == stamp(path):
        try:
            return schema.errors_or_data(kept[1])
        except Invalid:
            pass
    return schema.check_file(path)
