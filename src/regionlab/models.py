"""Input models of the region profile format v1 (see docs/profile-format.md).

These models check structure only; meaning (indicator names, context figures,
designations) is checked against the indicator framework in `profile.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from regionlab.schema import Strict

FORMAT = "regionlab/profile/v1"
ACTORS = ("municipality", "residents", "business_finance", "universities")
DOMAINS = ("government", "overlap", "social")
TYPES = ("service", "behaviour", "process", "organisation", "rule")
STAGES = ("prompt", "proposal", "prototype", "sustaining", "scaling", "systemic")
FUNDING = ("own", "central_contest", "private", "mixed")
OUTCOMES = ("improved", "maintained", "worsened")

Text = Annotated[str, Field(min_length=1)]
Number = int | float
ActorId = Literal["municipality", "residents", "business_finance", "universities"]


class Region(Strict):
    code: Annotated[str, Field(min_length=1, max_length=32)]
    name: Text
    name_local: Text | None = None
    parent: Text | None = None
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = "KR"


class Actor(Strict):
    rating: Annotated[Number, Field(ge=1, le=5)] | None = None
    indicators: dict[str, Number] = {}
    note: str | None = None


class Actors(Strict):
    municipality: Actor
    residents: Actor
    business_finance: Actor
    universities: Actor


class Initiative(Strict):
    name: Text
    type: Literal["service", "behaviour", "process", "organisation", "rule"]
    stage: Literal["prompt", "proposal", "prototype", "sustaining", "scaling", "systemic"]
    lead: ActorId
    funding: Literal["own", "central_contest", "private", "mixed"] | None = None
    outcome: Literal["improved", "maintained", "worsened"] | None = None
    note: str | None = None


class Profile(Strict):
    format: str
    region: Region
    year: Annotated[int, Field(ge=1900, le=2100)]
    # Open mapping: names are checked against the indicator framework.
    context: dict[str, object] = {}
    actors: Actors
    initiatives: list[Initiative] = []
    sources: list[str] = []
