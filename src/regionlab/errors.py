"""Problems are data: every failure of an input file is a `Problem` with a location.

Loaders collect all problems of a document and raise one `InputError` carrying
them, so that a user sees everything wrong with a file in one run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str  # dotted path, e.g. "actors.residents.rating"; "" for the whole file
    code: str  # stable kebab-case id, e.g. "unknown-key"
    message: str  # what is wrong and what is allowed

    def format(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message} [{self.code}]"

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
