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

from functools import cache
from pathlib import Path
from typing import NamedTuple

from regionlab.cache import cached
from regionlab.classify import verdict
from regionlab.datafiles import packaged
from regionlab.framework import Framework
from regionlab.models import ACTORS, Actor, Profile
from regionlab.rules import Rulebook, compared, definitions_on
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
              fw: Framework, settings: Settings, memo: dict | None = None) -> Stability:
    """`memo` (one per rulebook and settings) remembers results by everything the
    domain decision reads: in a batch most regions share their ratings."""
    if domain is None:
        return Stability(None, 0, (), False)
    plan = _plan(rulebook)
    near = _near(env, plan, rulebook, fw, settings, profile)
    if not near and plan.only_direct:
        return Stability(1.0, 0, (), False)
    key = _key(profile, env, plan)
    if memo is not None and key in memo:
        share = memo[key]
    else:
        share = _sample(profile, env, plan, rulebook, fw, settings)
        if memo is not None:
            memo[key] = share
    fragile = share < settings.fragile_below
    named = tuple(t for _, t in sorted(near)) if fragile else ()
    return Stability(share, settings.samples, named, fragile)


class _Plan(NamedTuple):
    actors: tuple[str, ...]  # actors the domain rules read (through definitions too)
    thresholds: tuple[str, ...]  # thresholds they read
    others: tuple[str, ...]  # other names they read (context figures, designations, ...)
    definitions: tuple[str, ...]  # definitions to work out again in each run
    pairs: frozenset[tuple[str, str]]  # (actor, threshold) compared directly
    only_direct: bool  # nothing read but actors and thresholds
    by_pairs: bool  # ... and every comparison is one of `pairs`: the verdict is a
    # function of which side of each threshold each actor is on


_PLANS: dict[int, tuple[Rulebook, _Plan]] = {}


def _plan(rulebook: Rulebook) -> _Plan:
    """Worked out once per rulebook (a rulebook holds dicts, so it is not hashable;
    the entry keeps the rulebook itself, so its id cannot be reused meanwhile)."""
    entry = _PLANS.get(id(rulebook))
    if entry is None or entry[0] is not rulebook:
        entry = _PLANS[id(rulebook)] = (rulebook, _make_plan(rulebook))
    return entry[1]


def _make_plan(rulebook: Rulebook) -> _Plan:
    rules = rulebook.of_kind("domain")
    reads = {n for rule in rules for n in rule.reads}
    pairs = {(name, limit) for rule in rules for name, limit in compared(rule)
             if name in ACTORS}
    definitions = tuple(n for n in rulebook.definitions if n in reads)
    others = tuple(sorted(reads - set(ACTORS) - set(definitions)))
    limits = tuple(sorted({n for rule in rules for n in rule.threshold_names}))
    only_direct = not others and not definitions
    by_pairs = only_direct and all(rule.condition.direct for rule in rules)
    return _Plan(tuple(sorted(reads & set(ACTORS))), limits, others, definitions,
                 frozenset(pairs), only_direct, by_pairs)


def _key(profile: Profile, env: dict, plan: _Plan) -> tuple:
    actors = tuple((profile.actors[a].rating, tuple(sorted(profile.actors[a].indicators.items())))
                   for a in plan.actors)
    return actors, tuple(_hashable(env.get(n)) for n in plan.others)


def _hashable(value):
    return tuple(sorted(value)) if isinstance(value, frozenset | set) else value


def _sample(profile, env, plan: _Plan, rulebook: Rulebook, fw: Framework, s: Settings) -> float:
    domain_rules = rulebook.of_kind("domain")
    # only what the domain rules read: fewer draws and smaller copies per run
    base = {n: env.get(n) for n in (*plan.others, *plan.thresholds)}
    expected = _decide(domain_rules, {**base, **{a: env[a] for a in plan.actors}},
                       rulebook, plan)
    movers, width = [], 0
    for actor in plan.actors:  # each actor reads its own columns of the draws
        movers.append((actor, width, _mover(profile.actors[actor], actor, fw, s)))
        width += 1 + len(fw.indicators[actor])
    shifts = []
    for name in plan.thresholds:
        if name in s.thresholds:
            shifts.append((name, width, rulebook.thresholds[name], s.thresholds[name]))
            width += 1
    sides = _sides(plan, env, rulebook)
    kept = 0
    trial = dict(base)
    for row in _draws(s.seed, s.samples, width):
        for actor, column, move in movers:
            trial[actor] = move(row, column)
        for name, column, value, points in shifts:
            trial[name] = value + row[column] * points
        if sides is not None and all((trial[a] < trial[t]) == side for a, t, side in sides):
            kept += 1  # every actor on the same side of every threshold: same verdict
        else:
            kept += _decide(domain_rules, dict(trial), rulebook, plan) == expected
    return round(kept / s.samples, 3)


def _sides(plan: _Plan, env: dict, rulebook: Rulebook):
    """Which side of each compared threshold each actor is on, when the domain
    depends on nothing else (and no actor sits exactly on a threshold, where < and
    <= part ways); else None, and every run is decided in full."""
    if not plan.by_pairs:
        return None
    sides = []
    for actor, limit in sorted(plan.pairs):
        value, threshold = env.get(actor), rulebook.thresholds[limit]
        if value is None or value == threshold:
            return None
        sides.append((actor, limit, value < threshold))
    return sides


@cache
def _draws(seed: int, samples: int, width: int) -> tuple[tuple[float, ...], ...]:
    """Draws in [-1, 1], one row per run, stratified (a Latin hypercube): each
    column takes one value from each of `samples` equal slices of its range, so a
    verdict that hangs on one actor gets a share accurate to about 1/samples
    instead of the ±3 % of plain random draws. One seed for every region, so the
    same inputs give the same stability whatever the region or year; drawn once
    and shared by all the regions of a run."""
    import random

    rng = random.Random(seed)
    columns = []
    for _ in range(width):
        order = list(range(samples))
        rng.shuffle(order)
        columns.append([(slot + rng.random()) / samples * 2 - 1 for slot in order])
    return tuple(zip(*columns, strict=True)) if columns else ((),) * samples


def _decide(rules, env: dict, rulebook: Rulebook, plan: _Plan) -> str | None:
    if plan.definitions:
        definitions_on(rulebook, env)
    return verdict(rules, env)


def _mover(given: Actor, actor: str, fw: Framework, s: Settings):
    """A function giving one perturbed capacity of the actor from a row of draws
    (its rating's column, then one column per framework indicator): the scoring of
    scoring.py unrolled, with its constants worked out once per region."""
    lo, hi, span = fw.rating_min, fw.rating_max, fw.rating_max - fw.rating_min
    rating, spread = given.rating, s.rating

    def rating_score(row, column) -> float | None:
        if rating is None:
            return None
        return (min(hi, max(lo, rating + row[column] * spread)) - lo) / span * 100

    scored = score_actor(actor, given, fw)
    if scored.indicator_score is None:  # no indicators, or too few to count
        return lambda row, column: None if rating is None else round(
            rating_score(row, column), 1)
    defined = fw.indicators[actor]
    slot = {name: i + 1 for i, name in enumerate(defined)}
    terms = [(slot[name], value, defined[name].min, defined[name].max - defined[name].min,
              defined[name].direction == "down", defined[name].weight)
             for name, value in given.indicators.items()]
    total = sum(t[5] for t in terms)
    share, wr, wi = s.indicator_share, fw.rating_weight, fw.indicators_weight

    def capacity(row, column) -> float:
        points = 0.0
        for offset, value, low, width, down, weight in terms:
            x = min(1.0, max(0.0, (value * (1 + row[column + offset] * share) - low) / width))
            points += (1.0 - x if down else x) * 100 * weight
        indicator = points / total
        from_rating = rating_score(row, column)
        if from_rating is None:
            return round(indicator, 1)
        return round((from_rating * wr + indicator * wi) / (wr + wi), 1)

    return capacity


def _near(env, plan: _Plan, rulebook, fw, s: Settings, profile) -> list[tuple[float, str]]:
    """Each compared (actor, threshold) a perturbation could bring to either side."""
    out = []
    for actor, limit in sorted(plan.pairs):
        value, threshold = env.get(actor), rulebook.thresholds[limit]
        if value is None:
            continue
        reach = _reach(actor, profile.actors[actor], fw, s) + s.thresholds.get(limit, 0)
        gap = value - threshold
        if abs(gap) <= reach:
            side = "above" if gap >= 0 else "below"
            out.append((abs(gap), f"{actor} {value:.1f} is {abs(gap):.1f} {side} {limit} "
                                  f"({threshold:g})"))
    return out


def _reach(actor: str, given: Actor, fw: Framework, s: Settings) -> float:
    """The most a perturbation can move the actor's capacity, in points."""
    rating_reach = s.rating / (fw.rating_max - fw.rating_min) * 100
    if not given.indicators:
        return rating_reach + 0.05  # and the rounding to one decimal
    defined = fw.indicators[actor]
    moves = [min(100.0, abs(v) * s.indicator_share / (defined[k].max - defined[k].min) * 100)
             for k, v in given.indicators.items()]
    weights = [defined[k].weight for k in given.indicators]
    indicator_reach = sum(m * w for m, w in zip(moves, weights, strict=True)) / sum(weights)
    if given.rating is None:
        return indicator_reach + 0.05
    wr, wi = fw.rating_weight, fw.indicators_weight
    # the coverage rule may drop or keep the indicators, but never changes with
    # the perturbation, so the combined capacity moves by the weighted reaches
    return (rating_reach * wr + indicator_reach * wi) / (wr + wi) + 0.05
