"""The indicator framework: indicators per actor with goalposts and weights,
the context figures a profile may carry, the designations, and how a rating and
indicators combine into a capacity. Loaded from `data/framework.yaml`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from regionlab import yamlio
from regionlab.datafiles import packaged
from regionlab.models import ACTORS
from regionlab.schema import Strict, validate

Labels = dict[str, str]
Positive = Annotated[int | float, Field(gt=0)]
Share = Annotated[int | float, Field(ge=0, le=1)]


class Indicator(Strict):
    label: Labels
    unit: str
    min: int | float
    max: int | float
    direction: Literal["up", "down"] = "up"
    weight: Positive = 1
    source: str
    goalposts: Literal["illustrative", "official"] = "illustrative"

    @model_validator(mode="after")
    def _goalposts_in_order(self):
        if self.max <= self.min:
            raise ValueError(f"max ({self.max}) must be greater than min ({self.min})")
        return self


class ActorIndicators(Strict):
    indicators: dict[str, Indicator] = {}


class ContextFigure(Strict):
    label: Labels
    unit: str
    source: str
    min: int | float = 0
    max: int | float | None = None
    derived_from: list[str] | None = None


class Designation(Strict):
    source: str


class RatingScale(Strict):
    min: int | float
    max: int | float


class Combine(Strict):
    rating_weight: Share
    indicators_weight: Share


class Coverage(Strict):
    min_weight_share: Share


class Framework(Strict):
    format: Literal["regionlab/framework/v1"]
    rating: RatingScale
    combine: Combine
    coverage: Coverage
    actors: dict[Literal["municipality", "residents", "business_finance", "universities"],
                 ActorIndicators]
    context: dict[str, ContextFigure]
    designations: dict[str, Designation]

    @model_validator(mode="after")
    def _every_actor(self):
        missing = [a for a in ACTORS if a not in self.actors]
        if missing:
            raise ValueError(f"actors {', '.join(missing)} are missing; all four are needed")
        return self

    def indicator(self, actor: str, name: str) -> Indicator | None:
        return self.actors[actor].indicators.get(name)


def load_framework(path: Path | None = None) -> Framework:
    path = path or packaged("framework.yaml")
    return _load(str(path))


@cache
def _load(path: str) -> Framework:
    data, node = yamlio.load_file(Path(path))
    return validate(Framework, data, node, path)
