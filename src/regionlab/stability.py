"""How stable a domain verdict is under plausible error.

The domain is decided again `samples` times with every rating moved by up to
± `rating`, every indicator value by up to ± `indicator_share` and the listed
thresholds by up to their points (uniformly; `data/robustness.yaml`). The share
of runs that keep the domain is the verdict's stability. The random draws come
from one fixed seed, so the same inputs always get the same figure. When every
actor the domain rules compare with a threshold is farther from it than any
perturbation can move them, the answer is 1.0 without sampling.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path
from typing import NamedTuple

from regionlab.cache import cached
from regionlab.classify import decide
from regionlab.datafiles import packaged
from regionlab.framework import Framework
from regionlab.models import ACTORS, Actor, Profile
from regionlab.rules import Rulebook, definitions_on
from regionlab.schema import Schema, integer, mapping, number, one_of, record
from regionlab.scoring import score_actor

SCHEMA = Schema(record(required={
    "format": one_of("regionlab/robustness/v1"),
    "samples": integer(ge=1, le=100000), "seed": integer(),
    "rating": number(ge=0), "indicator_share": number(ge=0, le=1),
    "thresholds": mapping(number(ge=0)), "fragile_below": number(ge=0, le=1),
}))


class Settings(NamedTuple):
    samples: int
    seed: int
    rating: float
    indicator_share: float
    thresholds: dict[str, float]
    fragile_below: float


class Stability(NamedTuple):
    domain: float | None  # share of perturbed runs keeping the domain; None if unclassified
    samples: int  # runs made (0 when no perturbation could change the domain)
    near: tuple[str, ...]  # e.g. "residents 42.0 is 2.0 above low (40)"
    fragile: bool


@cache
def load_settings(path: str | None = None) -> Settings:
    file = Path(path) if path else packaged("robustness.yaml")
    data = cached(file, "robustness", SCHEMA.check_file)
    return Settings(**{k: v for k, v in data.items() if k != "format"})


def stability(profile: Profile, env: dict, domain: str | None, rulebook: Rulebook,
              fw: Framework, settings: Settings) -> Stability:
    if domain is None:
        return Stability(None, 0, (), False)
    pairs = _compared(rulebook)
    near = _near(env, pairs, rulebook, fw, settings, profile)
    if not near and _only_direct(rulebook):
        return Stability(1.0, 0, (), False)
    # One seed for every region: the same inputs give the same stability, whatever
    # the region is called or the year it describes.
    rng = random.Random(settings.seed)
    actors = sorted({n for rule in rulebook.of_kind("domain") for n in rule.reads} & set(ACTORS))
    kept = sum(_decide_perturbed(profile, env, actors, rulebook, fw, settings, rng) == domain
               for _ in range(settings.samples))
    share = round(kept / settings.samples, 3)
    fragile = share < settings.fragile_below
    named = tuple(t for _, t in sorted(near)) if fragile else ()
    return Stability(share, settings.samples, named, fragile)


def _decide_perturbed(profile, env, actors, rulebook, fw, settings, rng) -> str | None:
    trial = dict(env)
    for actor in actors:
        trial[actor] = _perturbed_capacity(profile.actors[actor], actor, fw, settings, rng)
    for name, points in settings.thresholds.items():
        if name in rulebook.thresholds:
            trial[name] = rulebook.thresholds[name] + rng.uniform(-points, points)
    definitions_on(rulebook, trial)
    winner, _ = decide(rulebook, "domain", trial, trace=False)
    return winner.rule.then[0] if winner else None


def _perturbed_capacity(given: Actor, actor: str, fw: Framework, s: Settings, rng) -> float | None:
    rating = given.rating
    if rating is not None:
        rating = min(fw.rating_max, max(fw.rating_min, rating + rng.uniform(-s.rating, s.rating)))
    if not given.indicators:  # the common case, without rebuilding the actor
        return None if rating is None else round(
            (rating - fw.rating_min) / (fw.rating_max - fw.rating_min) * 100, 1)
    share = s.indicator_share
    indicators = {k: v * (1 + rng.uniform(-share, share)) for k, v in given.indicators.items()}
    return score_actor(actor, given._replace(rating=rating, indicators=indicators), fw).capacity


def _compared(rulebook: Rulebook) -> set[tuple[str, str]]:
    """(actor, threshold) pairs the domain rules compare directly, either way round."""
    out = set()
    for rule in rulebook.of_kind("domain"):
        for left, right in rule.condition.pairs:
            for actor, limit in ((left, right), (right, left)):
                if actor in ACTORS and limit in rulebook.thresholds:
                    out.add((actor, limit))
    return out


def _only_direct(rulebook: Rulebook) -> bool:
    """True when the domain rules read nothing but actors and thresholds, so that
    the distance to each threshold alone says whether a verdict can move."""
    allowed = set(ACTORS) | set(rulebook.thresholds)
    return all(set(rule.reads) | set(rule.threshold_names) <= allowed
               for rule in rulebook.of_kind("domain"))


def _near(env, pairs, rulebook, fw, s: Settings, profile) -> list[tuple[float, str]]:
    """Each compared (actor, threshold) a perturbation could bring to either side."""
    out = []
    for actor, limit in pairs:
        value, threshold = env.get(actor), rulebook.thresholds[limit]
        if value is None:
            continue
        reach = _reach(profile.actors[actor], fw, s) + s.thresholds.get(limit, 0)
        gap = value - threshold
        if abs(gap) <= reach:
            side = "above" if gap >= 0 else "below"
            out.append((abs(gap), f"{actor} {value:.1f} is {abs(gap):.1f} {side} {limit} "
                                  f"({threshold:g})"))
    return out


def _reach(given: Actor, fw: Framework, s: Settings) -> float:
    """How far a perturbation can move the actor's capacity (100 with indicators:
    their goalposts make the bound hard to state, so always sample)."""
    if given.indicators:
        return 100.0
    return s.rating / (fw.rating_max - fw.rating_min) * 100
