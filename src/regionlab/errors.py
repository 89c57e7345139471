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


class RegionlabError(Exception):
    """Base class of expected errors: the CLI prints them and exits 1."""


class InputError(RegionlabError):
    """One or more problems in an input file (profile, rulebook, framework, cases)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_order)
        super().__init__("\n".join(p.format() for p in self.problems))


def _order(p: Problem) -> tuple:
    return (p.file, p.line if p.line is not None else 0, p.field, p.code)
