"""What-ifs from the command line: `--set low=35`, `--set residents.rating=3.5`,
`--set municipality.innovation_staff.weight=2` change a threshold, a rating or an
indicator's weight for one run, without editing a file; the output says so.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import NamedTuple

from regionlab.base.schema import suggest
from regionlab.errors import RegionlabError
from regionlab.policy.framework import Framework
from regionlab.profile.models import ACTORS, Profile
from regionlab.rules.rulebook import Rulebook


class Setting(NamedTuple):
    target: str  # "threshold", "rating" or "weight"
    name: str  # as written: low, residents.rating, municipality.innovation_staff.weight
    value: float
    was: float | None

    def text(self) -> str:
        was = "none" if self.was is None else f"{self.was:g}"
        return f"{self.name} = {self.value:g} (was {was})"


class OverrideError(RegionlabError):
    """A --set the rulebook or framework does not know."""


def parse(items: list[str], rulebook: Rulebook, fw: Framework) -> list[Setting]:
    return [_one(item, rulebook, fw) for item in items]


def _one(item: str, rulebook: Rulebook, fw: Framework) -> Setting:
    name, sep, raw = item.partition("=")
    name = name.strip()
    try:
        value = float(raw)
    except ValueError:
        value = None
    if not sep or value is None or not math.isfinite(value):
        raise OverrideError(f"--set {item!r}: write NAME=NUMBER with a finite number, "
                            "e.g. low=35")
    parts = name.split(".")
    if len(parts) == 1 and name in rulebook.thresholds:
        return Setting("threshold", name, value, rulebook.thresholds[name])  # order: below
    if len(parts) == 2 and parts[0] in ACTORS and parts[1] == "rating":
        if not fw.rating_min <= value <= fw.rating_max:
            raise OverrideError(f"--set {name}: a rating is between {fw.rating_min:g} and "
                                f"{fw.rating_max:g}")
        return Setting("rating", name, value, None)
    if len(parts) == 3 and parts[0] in ACTORS and parts[2] == "weight":
        indicator = fw.indicator(parts[0], parts[1])
        if indicator is not None:
            if value <= 0:
                raise OverrideError(f"--set {name}: a weight must be above 0")
            return Setting("weight", name, value, indicator.weight)
    known = [*rulebook.thresholds, *(f"{a}.rating" for a in ACTORS),
             *(f"{a}.{i}.weight" for a in ACTORS for i in fw.indicators[a])]
    raise OverrideError(f"--set {name}: not a threshold, rating or indicator weight; "
                        f"{suggest(name, known)}allowed: {', '.join(known)}")


def apply_rules(rulebook: Rulebook, settings: list[Setting]) -> Rulebook:
    changed = {s.name: s.value for s in settings if s.target == "threshold"}
    if not changed:
        return rulebook
    thresholds = {**rulebook.thresholds, **changed}
    for name, lower in rulebook.threshold_order.items():  # e.g. high must stay above low
        if thresholds[name] <= thresholds[lower]:
            raise OverrideError(f"--set: {name} ({thresholds[name]:g}) must stay above "
                                f"{lower} ({thresholds[lower]:g})")
    return replace(rulebook, thresholds=thresholds)


def apply_framework(fw: Framework, settings: list[Setting]) -> Framework:
    weights = [s for s in settings if s.target == "weight"]
    if not weights:
        return fw
    indicators = {a: dict(named) for a, named in fw.indicators.items()}
    for s in weights:
        actor, name, _ = s.name.split(".")
        indicators[actor][name] = indicators[actor][name]._replace(weight=s.value)
    # the group weights summed again as the framework sums them (coverage is per group)
    return fw.with_indicators(indicators)


def apply_profile(profile: Profile, settings: list[Setting]) -> tuple[Profile, list[Setting]]:
    """The profile with its ratings set; the settings with what each rating was."""
    actors = dict(profile.actors)
    done = []
    for s in settings:
        if s.target == "rating":
            actor = s.name.split(".")[0]
            done.append(s._replace(was=actors[actor].rating))
            actors[actor] = actors[actor]._replace(rating=s.value)
        else:
            done.append(s)
    return profile._replace(actors=actors), done
