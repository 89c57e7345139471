"""The region profile format v1 (docs/profile-format.md): its schema and the
frozen objects a validated profile becomes.

The schema checks structure only; meaning (indicator names, context figures,
designations) is checked against the indicator framework in `validate.py`.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, NamedTuple

from regionlab.base.schema import (
    Schema,
    anything,
    either,
    integer,
    list_of,
    mapping,
    number,
    one_of,
    record,
    text,
)
from regionlab.policy.framework import ACTORS as ACTORS  # declared by the framework

FORMAT = "regionlab/profile/v1"
DOMAINS = ("government", "overlap", "social")
TYPES = ("service", "behaviour", "process", "organisation", "rule")
STAGES = ("prompt", "proposal", "prototype", "sustaining", "scaling", "systemic")
FUNDING = ("own", "central_contest", "private", "mixed")
OUTCOMES = ("improved", "maintained", "worsened")

# The years a profile, a figure or a result row may be of (PROFILE-FORMAT.md).
FIRST_YEAR, LAST_YEAR = 1900, 2100

# An indicator is a number, or {value, year} when the figure is from another year than
# the profile (as `regionlab init` writes the evidence panel's figures).
_FIGURE = record(required={"value": number()},
                 optional={"year": (integer(ge=FIRST_YEAR, le=LAST_YEAR), None)})

_ACTOR = record(optional={
    "rating": (number(ge=1, le=5), None),
    "indicators": (mapping(either(number(), _FIGURE)), {}),
    "note": (text(), None),
    # a panel's rating (`regionlab ratings apply`): the highest of the raters' ratings
    # minus the lowest, and how many raters there were; the meaning is checked in
    # validate.py (both need a rating; the spread fits the rating scale)
    "rating_spread": (number(ge=0), None),
    "raters": (integer(ge=1), None),
})

_INITIATIVE = record(
    required={
        "name": text(min_length=1),
        "type": one_of(*TYPES),
        "stage": one_of(*STAGES),
        "lead": one_of(*ACTORS),
    },
    optional={
        "funding": (one_of(*FUNDING), None),
        "outcome": (one_of(*OUTCOMES), None),
        "note": (text(), None),
    },
)

PROFILE = Schema(record(
    required={
        "format": text(),
        "region": record(
            required={"code": text(min_length=1, max_length=32), "name": text(min_length=1)},
            optional={
                "name_local": (text(min_length=1), None),
                "parent": (text(min_length=1), None),
                "country": (text(pattern=r"^[A-Z]{2}$"), "KR"),
            },
        ),
        "year": integer(ge=FIRST_YEAR, le=LAST_YEAR),
        "actors": record(required={a: _ACTOR for a in ACTORS}),
    },
    optional={
        # open mapping: names are checked against the indicator framework
        "context": (mapping(anything()), {}),
        "initiatives": (list_of(_INITIATIVE), []),
        "sources": (list_of(text()), []),
    },
))


# NamedTuples: immutable like frozen dataclasses and several times cheaper to
# create, which counts in a batch of thousands of profiles.
class Region(NamedTuple):
    code: str
    name: str
    name_local: str | None = None
    parent: str | None = None
    country: str = "KR"


class Actor(NamedTuple):
    rating: float | None = None
    indicators: dict[str, float] = {}  # never mutated
    note: str | None = None
    vintages: dict[str, int] = {}  # indicator -> the year its figure is from, where given
    rating_spread: float | None = None  # a panel's: highest rating minus lowest
    raters: int | None = None  # how many raters the panel's rating is of

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Actor:
        given = data["indicators"]
        # tuple.__new__: the fields in order, without the Python-level __new__ that a
        # NamedTuple's constructor runs (Profile.from_data runs for every profile)
        if not given or dict not in set(map(type, given.values())):  # figures alone: common
            return _new(cls, (data["rating"], given, data["note"], {}, data["rating_spread"],
                              data["raters"]))
        values = {k: v["value"] if isinstance(v, dict) else v for k, v in given.items()}
        years = {k: v["year"] for k, v in given.items()
                 if isinstance(v, dict) and v.get("year") is not None}
        return _new(cls, (data["rating"], values, data["note"], years, data["rating_spread"],
                          data["raters"]))


class Initiative(NamedTuple):
    name: str
    type: str
    stage: str
    lead: str
    funding: str | None = None
    outcome: str | None = None
    note: str | None = None


class Profile(NamedTuple):
    format: str
    region: Region
    year: int
    actors: dict[str, Actor]
    context: dict[str, object] = {}  # never mutated
    initiatives: tuple[Initiative, ...] = ()
    sources: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Profile:
        """From data that passed the PROFILE schema."""
        actors = data["actors"]
        initiatives = [_new(Initiative, _INITIATIVE_FIELDS(i)) for i in data["initiatives"]]
        return _new(cls, (data["format"], _new(Region, _REGION_FIELDS(data["region"])),
                          data["year"], {a: Actor.from_data(actors[a]) for a in ACTORS},
                          data["context"], tuple(initiatives), tuple(data["sources"])))


_new = tuple.__new__
# A checked record's fields in the NamedTuple's order: the schema gives every field,
# the optional ones with their defaults (about 1 us a profile less than Region(**...))
_REGION_FIELDS = itemgetter(*Region._fields)
_INITIATIVE_FIELDS = itemgetter(*Initiative._fields)
