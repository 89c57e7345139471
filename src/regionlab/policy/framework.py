"""The indicator framework: indicators per actor with goalposts and weights,
the context figures a profile may carry, the designations, and how a rating and
indicators combine into a capacity. Loaded from `data/framework.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from regionlab.errors import InputError, Problem
from regionlab.policy.cache import cached
from regionlab.policy.packaged import packaged
from regionlab.profile import yamlio
from regionlab.profile.models import ACTORS
from regionlab.profile.schema import Schema, list_of, mapping, number, one_of, record, text

_LABELS = record(required={"en": text(), "ko": text(), "ja": text()})

SCHEMA = Schema(record(required={
    "format": one_of("regionlab/framework/v1"),
    "rating": record(required={"min": number(), "max": number()}),
    "combine": record(required={"rating_weight": number(ge=0, le=1),
                                "indicators_weight": number(ge=0, le=1)}),
    "coverage": record(required={"min_weight_share": number(ge=0, le=1)}),
    "actors": record(required={a: record(optional={"indicators": (mapping(record(
        required={"label": _LABELS, "unit": text(), "min": number(), "max": number(),
                  "source": text()},
        optional={"direction": (one_of("up", "down"), "up"), "weight": (number(gt=0), 1.0),
                  "goalposts": (one_of("illustrative", "official"), "illustrative")},
    )), {})}) for a in ACTORS}),
    "context": mapping(record(
        required={"label": _LABELS, "unit": text(), "source": text()},
        optional={"min": (number(), 0.0), "max": (number(), None),
                  "derived_from": (list_of(text()), None)},
    )),
    "designations": mapping(record(required={"source": text()})),
}))


class Indicator(NamedTuple):
    label: dict
    unit: str
    min: float
    max: float
    source: str
    direction: str = "up"
    weight: float = 1.0
    goalposts: str = "illustrative"


class ContextFigure(NamedTuple):
    label: dict
    unit: str
    source: str
    min: float = 0.0
    max: float | None = None
    derived_from: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Framework:
    file: str
    rating_min: float
    rating_max: float
    rating_weight: float
    indicators_weight: float
    min_weight_share: float
    indicators: dict[str, dict[str, Indicator]]  # actor -> name -> indicator
    context: dict[str, ContextFigure]
    designations: dict[str, str]  # id -> source
    total_weight: dict[str, float]  # actor -> sum of its indicators' weights

    def indicator(self, actor: str, name: str) -> Indicator | None:
        return self.indicators[actor].get(name)


def load_framework(path: Path | None = None) -> Framework:
    return _load(str(path or packaged("framework.yaml")))


@cache
def _load(path: str) -> Framework:
    d = cached(Path(path), "framework", _checked)
    return Framework(
        file=path,
        rating_min=d["rating"]["min"],
        rating_max=d["rating"]["max"],
        rating_weight=d["combine"]["rating_weight"],
        indicators_weight=d["combine"]["indicators_weight"],
        min_weight_share=d["coverage"]["min_weight_share"],
        indicators={a: {n: Indicator(**i) for n, i in d["actors"][a]["indicators"].items()}
                    for a in ACTORS},
        context={n: ContextFigure(**{**c, "derived_from": tuple(c["derived_from"])
                                     if c["derived_from"] else None})
                 for n, c in d["context"].items()},
        designations={k: v["source"] for k, v in d["designations"].items()},
        total_weight={a: sum(i["weight"] for i in d["actors"][a]["indicators"].values())
                      for a in ACTORS},
    )


def _checked(path: Path) -> dict:
    data, node = yamlio.load_file(path)
    checked = SCHEMA.check(data, node, str(path))
    _check_meaning(checked, node, str(path))
    return checked


def _check_meaning(d: dict, node, file: str) -> None:
    problems = []

    def problem(path: tuple, code: str, message: str):
        problems.append(Problem(file, yamlio.line_of(node, path), ".".join(map(str, path)),
                                code, message))

    if d["rating"]["max"] <= d["rating"]["min"]:
        problem(("rating", "max"), "out-of-range", "max must be greater than min")
    if d["combine"]["rating_weight"] + d["combine"]["indicators_weight"] <= 0:
        problem(("combine",), "out-of-range", "at least one weight must be above 0")
    for actor in ACTORS:
        for name, ind in d["actors"][actor]["indicators"].items():
            if ind["max"] <= ind["min"]:
                problem(("actors", actor, "indicators", name, "max"), "out-of-range",
                        f"goalpost max ({ind['max']:g}) must be greater than min ({ind['min']:g})")
    for name, figure in d["context"].items():
        parts = figure["derived_from"] or []
        if parts and (len(parts) != 2 or any(p not in d["context"] for p in parts)):
            problem(("context", name, "derived_from"), "invalid-value",
                    "derived_from names two context figures: numerator, denominator")
    if problems:
        raise InputError(problems)
