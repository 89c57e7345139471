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
    """The share of perturbed runs that keep the domain. Worked column by column
    (all runs of one input at a time), which costs a fraction of run by run."""
    domain_rules = rulebook.of_kind("domain")
    # only what the domain rules read: fewer draws and smaller copies per run
    base = {n: env.get(n) for n in (*plan.others, *plan.thresholds)}
    expected = _decide(domain_rules, {**base, **{a: env[a] for a in plan.actors}},
                       rulebook, plan)
    starts, width = {}, 0
    for actor in plan.actors:  # each actor reads its own columns of the draws
        starts[actor], width = width, width + 1 + len(fw.indicators[actor])
    shifted = [n for n in plan.thresholds if n in s.thresholds]
    for name in shifted:
        starts[name], width = width, width + 1
    draws = _draws(s.seed, s.samples, width)
    runs = {a: _perturbed(profile.actors[a], a, fw, s, draws, starts[a]) for a in plan.actors}
    for name in shifted:
        value, points = rulebook.thresholds[name], s.thresholds[name]
        runs[name] = [value + u * points for u in draws[starts[name]]]
    return round(_kept(runs, base, expected, plan, env, rulebook, s.samples) / s.samples, 3)


def _kept(runs: dict, base: dict, expected, plan, env, rulebook, samples: int) -> int:
    """How many runs keep the domain: those in which every actor stays on its side
    of every threshold keep it for certain; the others are decided in full."""
    sides = _sides(plan, env, rulebook)
    if sides is None:
        undecided = range(samples)
        kept = 0
    else:
        same = [True] * samples
        for actor, limit, side in sides:
            values = runs.get(actor)
            limits = runs.get(limit) or [rulebook.thresholds[limit]] * samples
            if values is None:
                continue
            same = [k and ((v < t) == side) for k, v, t in zip(same, values, limits, strict=True)]
        undecided = [i for i, k in enumerate(same) if not k]
        kept = samples - len(undecided)
    domain_rules = rulebook.of_kind("domain")
    for i in undecided:
        trial = dict(base)
        trial.update({name: values[i] for name, values in runs.items()})
        kept += _decide(domain_rules, trial, rulebook, plan) == expected
    return kept


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
    """Draws in [-1, 1], one column per perturbed input and one value per run,
    stratified (a Latin hypercube): each column takes one value from each of
    `samples` equal slices of its range, so a verdict that hangs on one actor gets a
    share accurate to about 1/samples instead of the ±3 % of plain random draws.
    One seed for every region, so the same inputs give the same stability whatever
    the region or year; drawn once and shared by all the regions of a run."""
    import random

    rng = random.Random(seed)
    columns = []
    for _ in range(width):
        order = list(range(samples))
        rng.shuffle(order)
        columns.append(tuple((slot + rng.random()) / samples * 2 - 1 for slot in order))
    return tuple(columns)


def _decide(rules, env: dict, rulebook: Rulebook, plan: _Plan) -> str | None:
    if plan.definitions:
        definitions_on(rulebook, env)
    return verdict(rules, env)


def _perturbed(given: Actor, actor: str, fw: Framework, s: Settings, draws, start: int
               ) -> list[float | None]:
    """The actor's capacity in every run, from its columns of the draws (its
    rating's, then one per framework indicator): scoring.py unrolled, column-wise."""
    lo, hi, span = fw.rating_min, fw.rating_max, fw.rating_max - fw.rating_min
    rating, spread = given.rating, s.rating
    samples = len(draws[start])
    ratings = None if rating is None else [
        (min(hi, max(lo, rating + u * spread)) - lo) / span * 100 for u in draws[start]]
    if score_actor(actor, given, fw).indicator_score is None:  # no indicators that count
        return [None] * samples if ratings is None else [round(r, 1) for r in ratings]
    defined = fw.indicators[actor]
    slot = {name: i + 1 for i, name in enumerate(defined)}
    points = [0.0] * samples
    total = 0.0
    for name, value in given.indicators.items():
        ind = defined[name]
        width, share = ind.max - ind.min, s.indicator_share
        column = draws[start + slot[name]]
        scores = [min(1.0, max(0.0, (value * (1 + u * share) - ind.min) / width))
                  for u in column]
        if ind.direction == "down":
            scores = [1.0 - x for x in scores]
        points = [p + x * 100 * ind.weight for p, x in zip(points, scores, strict=True)]
        total += ind.weight
    indicator = [p / total for p in points]
    if ratings is None:
        return [round(x, 1) for x in indicator]
    wr, wi = fw.rating_weight, fw.indicators_weight
    return [round((r * wr + x * wi) / (wr + wi), 1)
            for r, x in zip(ratings, indicator, strict=True)]


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
