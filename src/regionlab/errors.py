"""Problems are data: every failure of an input file is a `Problem` with a location.

Loaders collect all problems of a document and raise one `InputError` carrying
them, so that a user sees everything wrong with a file in one run.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# What a terminal would not show as it is: control characters (a line break in a file
# name would split a `file:line:` line in two), format characters (a right-to-left
# override reverses what follows it; a zero-width space hides), line separators.
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp"))
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(text: str) -> str:
    """Text for a message line: characters a terminal would not show as they are
    written as escapes (a\\nb, \\u202e), everything else as it is."""
    if text.isprintable():
        return text
    return "".join(_ESCAPES.get(c) or (f"\\u{ord(c):04x}" if ord(c) < 0x10000
                                       else f"\\U{ord(c):08x}")
                   if unicodedata.category(c) in _HIDDEN else c for c in text)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str  # dotted path, e.g. "actors.residents.rating"; "" for the whole file
    code: str  # stable kebab-case id, e.g. "unknown-key"
    message: str  # what is wrong and what is allowed

    def format(self) -> str:
        """One line: file names and values with line breaks or hidden characters in
        them are shown escaped (`shown`)."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        return shown(f"{where}:{field} {self.message} [{self.code}]")

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "code": self.code,
            "message": self.message,
        }


# A file with 350,000 unknown keys has 350,000 problems: the first ones say what is
# wrong, the rest are counted, so that time and output stay in proportion.
MAX_PROBLEMS = 100
TOO_MANY = "too-many-problems"


def too_many(file: str, more: int) -> Problem:
    return Problem(file, None, "", TOO_MANY, f"... and {more:,} more problems (only the first "
                   f"{MAX_PROBLEMS} are listed)")


class RegionlabError(Exception):
    """Base class of expected errors: the CLI prints them and exits 1."""


class InputError(RegionlabError):
    """One or more problems in an input file (profile, rulebook, framework, cases)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_order)
        super().__init__("\n".join(p.format() for p in self.problems))


def _order(p: Problem) -> tuple:
    # "... and N more" comes after the problems of its file
    return (p.file, p.code == TOO_MANY, p.line if p.line is not None else 0, p.field, p.code)
