"""The registry of problem codes (data/problems.yaml): every code regionlab reports,
with where it arises, a one-line description and an example message. It documents the
codes; loaders do not consult it when they report a problem (that stays cheap), and a
test fails when a code is raised that it does not hold."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from regionlab.base.schema import Schema, mapping, one_of, record, text
from regionlab.policy.packaged import packaged

PLACES = {"yaml": "Reading YAML", "profile": "Profiles", "paths": "Files and folders",
          "rulebook": "Rulebooks and their test cases", "framework": "The framework",
          "results": "Result files", "output": "Outputs", "ratings": "Rating sheets",
          "languages": "Languages", "any": "Anywhere"}

SCHEMA = Schema(record(required={
    "format": one_of("regionlab/problems/v1"),
    "codes": mapping(record(required={"where": one_of(*PLACES), "description": text(),
                                      "example": text()})),
}))


class Code(NamedTuple):
    code: str
    where: str
    description: str
    example: str


@cache
def problem_codes() -> dict[str, Code]:
    data = SCHEMA.check_file(packaged("problems.yaml"))
    return {c: Code(c, e["where"], e["description"], e["example"])
            for c, e in data["codes"].items()}
