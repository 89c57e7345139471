"""How stable a domain verdict is under plausible error.

The domain is decided again `samples` times with every rating moved by up to
± `rating`, every indicator value by up to ± `indicator_share` and the listed
thresholds by up to their points (uniformly; `data/robustness.yaml`). A panel's
rating recorded with its raters' spread (`rating_spread`) is moved farther when
the panel disagreed: by up to ± max(`rating`, `rating_spread_share` × spread). The
share of runs that keep the domain is the verdict's stability. The random draws
come from one fixed seed, so the same inputs always get the same figure.

When the domain rules only set actors against thresholds (the shipped rulebook's
do), the verdict depends only on which side of each threshold each actor is on:
when no actor is within a perturbation's reach of a threshold it is compared
with, the answer is 1.0 without sampling, and otherwise the runs are counted by
those sides rather than decided one by one. Any other rulebook is decided run by
run. Either way the figure is the same.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import repeat
from operator import add, mul
from pathlib import Path
from typing import NamedTuple

from regionlab.base.schema import Schema, integer, mapping, number, one_of, record
from regionlab.engine.assess import Near, Stability
from regionlab.engine.classify import verdict
from regionlab.engine.scoring import DECIMALS, ROUNDING, rounded, terms
from regionlab.policy.cache import cached, stamp
from regionlab.policy.framework import Framework
from regionlab.policy.packaged import packaged
from regionlab.profile.models import Actor, Profile
from regionlab.rules.rulebook import Rulebook, definitions_on
from regionlab.trust import threshold_sides
from regionlab.trust.threshold_sides import Plan

SCHEMA = Schema(record(required={
    "format": one_of("regionlab/robustness/v1"),
    "samples": integer(ge=1, le=100000), "seed": integer(),
    "rating": number(ge=0), "indicator_share": number(ge=0, le=1),
    "thresholds": mapping(number(ge=0)), "fragile_below": number(ge=0, le=1),
}, optional={
    # a file written before spreads were recorded leaves them out: perturbed as before
    "rating_spread_share": (number(ge=0), 0.0),
    # figures that are differences or ranks (a 0 has no 10 %): moved by up to these units
    "indicator_points": (mapping(number(ge=0)), {}),
}))


class Settings(NamedTuple):
    samples: int
    seed: int
    rating: float
    indicator_share: float
    thresholds: dict[str, float]
    fragile_below: float
    rating_spread_share: float = 0.0
    indicator_points: dict[str, float] = {}  # indicator -> absolute move, in its units

    def rating_width(self, given: Actor) -> float:
        """How far the actor's rating is moved, at most, either way: `rating`, or more
        for a panel's rating whose raters were far apart."""
        if not given.rating_spread:
            return self.rating
        return max(self.rating, self.rating_spread_share * given.rating_spread)


def load_settings(path: str | None = None) -> Settings:
    """The robustness settings, read again when the file has changed."""
    file = Path(path) if path else packaged("robustness.yaml")
    return _load_settings(file, stamp(file))


@lru_cache(maxsize=8)
def _load_settings(file: Path, version: tuple) -> Settings:
    data = cached(file, "robustness", SCHEMA.check_file)
    return Settings(**{k: v for k, v in data.items() if k != "format"})


def stability(profile: Profile, env: dict, domain: str | None, rulebook: Rulebook,
              fw: Framework, settings: Settings, memo: Memo | None = None,
              words: bool = True) -> Stability:
    """`memo` (one per rulebook and settings) remembers what regions share: in a
    batch most regions share their ratings, and so their perturbed capacities.
    Without `words`, `near` and `nearest` are left empty (a batch row reads neither)."""
    if domain is None:
        return _UNDECIDED
    plan = threshold_sides.plan(rulebook)
    memo = memo if memo is not None else Memo()
    near = _near(env, plan, rulebook, fw, settings, profile, memo)
    if not near and plan.by_sides:  # no actor can reach a threshold: nothing can change
        return _STEADY
    reachable = set(near)
    key = _key(profile, env, plan, rulebook, reachable)
    share = memo.shares.get(key)
    if share is None:
        if plan.by_sides:
            kept = _kept_by_sides(profile, env, domain, plan, rulebook, fw, settings, memo,
                                  reachable)
        else:
            kept = _kept_each(profile, env, domain, plan, rulebook, fw, settings, memo)
        share = _remember(memo.shares, key, round(kept / settings.samples, 3))
    fragile = share < settings.fragile_below
    named = _nearest(near, env, rulebook, profile) if fragile and words else ()
    return Stability(share, settings.samples, tuple(n.text() for n in named), fragile, named)


# the answers that depend on nothing of the region (immutable, so shared)
_UNDECIDED = Stability(None, 0, (), False)  # no domain: nothing to keep
_STEADY = Stability(1.0, 0, (), False)  # no actor can reach a threshold


class Memo:
    """What the stability questions of one rulebook and settings share. Each store is
    bounded (emptied when full), so memory does not grow with a batch."""

    LIMIT = 4096

    def __init__(self):
        self.shares: dict = {}  # everything the decision reads -> the share kept
        self.columns: dict = {}  # a rating-only actor's key -> its capacity in each run
        self.sides: dict = {}  # (column key, threshold) -> runs below it, runs on it
        self.reach: dict = {}  # a rating-only actor's (actor, rating, spread) -> _reach
        self.limits: dict | None = None  # each perturbed threshold in each run
        self.layout: dict | None = None  # each perturbed input's draws (_layout)


def _remember(store: dict, key, value):
    if len(store) >= Memo.LIMIT:
        store.clear()
    store[key] = value
    return value


def _key(profile: Profile, env: dict, plan: Plan, rulebook: Rulebook, reachable: set
         ) -> tuple:
    """Everything the share depends on. Decided by sides, that is the inputs of the
    actors that can reach a threshold, and the side every other actor stays on."""
    if plan.by_sides:
        moving = sorted({actor for actor, _ in reachable})
        return (tuple(_actor_key(a, profile.actors[a]) for a in moving),
                tuple(sorted(reachable)), _fixed_sides(env, plan, rulebook, reachable))
    actors = tuple(_actor_key(a, profile.actors[a]) for a in plan.actors)
    return actors, tuple(_hashable(env.get(n)) for n in plan.others)


def _fixed_sides(env: dict, plan: Plan, rulebook: Rulebook, reachable: set) -> tuple:
    """The side of its threshold each actor out of its reach is on, in every run."""
    return tuple(threshold_sides.side(env[actor], rulebook.thresholds[limit])
                 for actor, limit in plan.pairs if (actor, limit) not in reachable)


def _actor_key(actor: str, given: Actor) -> tuple:
    return actor, given.rating, given.rating_spread, tuple(sorted(given.indicators.items()))


def _hashable(value):
    return tuple(sorted(value)) if isinstance(value, frozenset | set) else value


def _runs(profile, plan: Plan, rulebook: Rulebook, fw: Framework, s: Settings, memo: Memo,
          actors: Iterable[str]) -> tuple[dict[str, tuple], dict[str, Sequence[float | None]]]:
    """Each perturbed input's value in every run: the thresholds that have a
    perturbation in the settings, and these actors' capacities, not yet rounded as
    scoring rounds them (see scoring.rounded)."""
    draws = _layout(plan, fw, s, memo)
    if memo.limits is None:
        memo.limits = {name: tuple(rulebook.thresholds[name] + u * s.thresholds[name]
                                   for u in draws[name])
                       for name in plan.thresholds if name in s.thresholds}
    capacities = {}
    for actor in actors:
        given = profile.actors[actor]
        key = _actor_key(actor, given)
        column = memo.columns.get(key)
        if column is None:
            column = _perturbed(given, actor, fw, s, draws)
            if not given.indicators:  # others are seldom met again: not worth the memory
                _remember(memo.columns, key, column)
        capacities[actor] = column
    return memo.limits, capacities


# Rounding moves a capacity (0-100) by at most ROUNDING (0.05), and a float's error
# on top: a capacity farther than this from a threshold is on the same side of it
# rounded or not, and needs no rounding, which is what costs most per run.
_ROUNDING = ROUNDING + 1e-7


def _layout(plan: Plan, fw: Framework, s: Settings, memo: Memo) -> dict[str, tuple]:
    """The draws of each perturbed input, by its name: an actor's rating
    ("residents.rating"), each framework indicator ("residents.turnout_adjusted_pts") and
    each perturbed threshold ("low")."""
    if memo.layout is None:
        names = [f"{actor}.{part}" for actor in plan.actors
                 for part in ("rating", *fw.indicators[actor])]
        names += [name for name in plan.thresholds if name in s.thresholds]
        memo.layout = _Columns(s, names)
    return memo.layout


class _Columns(dict):
    """The draws of each perturbed input, drawn when first read: one assessment
    reads only those of the actors that can reach a threshold (each column is seeded
    through SHA-512 and shuffled: the shipped framework's 16 cost about 1.5 ms)."""

    def __init__(self, s: Settings, names: list[str]):
        super().__init__()
        self.seed, self.samples, self.names = s.seed, s.samples, frozenset(names)

    def __missing__(self, name: str) -> tuple[float, ...]:
        if name not in self.names:
            raise KeyError(name)
        self[name] = found = _draws(self.seed, self.samples, name)
        return found


def _kept_each(profile, env, domain, plan: Plan, rulebook, fw, s: Settings, memo: Memo
               ) -> int:
    """How many runs keep the domain, each run decided in full."""
    domain_rules = rulebook.of_kind("domain")
    # only what the domain rules read: smaller copies per run
    base = {n: env.get(n) for n in plan.others}
    base.update({n: rulebook.thresholds[n] for n in plan.thresholds})
    limits, capacities = _runs(profile, plan, rulebook, fw, s, memo, plan.actors)
    runs = {**limits, **{a: [rounded(x) for x in column] for a, column in capacities.items()}}
    kept = 0
    for i in range(s.samples):
        trial = dict(base)
        trial.update({name: values[i] for name, values in runs.items()})
        kept += _decide(domain_rules, trial, rulebook, plan) == domain
    return kept


def _kept_by_sides(profile, env, domain, plan: Plan, rulebook, fw, s: Settings, memo: Memo,
                   reachable: set) -> int:
    """How many runs keep the domain, when it depends only on which side of each
    threshold each actor is on (below, on or above it). The runs are parted by those
    sides, each part held as the bits of an integer (bit i: run i), and one run of
    each part is decided (once per rulebook): a run's decision, without deciding
    every run. An actor out of reach of a threshold stays on its side in every run,
    so its capacity is not worked out run by run."""
    limits, capacities = _runs(profile, plan, rulebook, fw, s, memo,
                               sorted({a for a, _ in reachable}))
    every = (1 << s.samples) - 1
    parts: list[tuple[int, tuple[int, ...]]] = [(every, ())]
    for actor, limit in plan.pairs:
        if (actor, limit) in reachable:
            below, on = _runs_by_side(_actor_key(actor, profile.actors[actor]), limit,
                                      capacities[actor], limits, rulebook, memo)
        else:
            below, on = every if env[actor] < rulebook.thresholds[limit] else 0, 0
        above = every & ~(below | on)
        parts = [(runs_in & these, so_far + (k,)) for runs_in, so_far in parts
                 for k, these in enumerate((below, on, above)) if runs_in & these]
    kept = 0
    for runs_in, part_sides in parts:
        def trial(runs_in=runs_in):  # values with these sides: a run of the part
            first = (runs_in & -runs_in).bit_length() - 1
            values = dict(rulebook.thresholds)
            values.update({actor: env[actor] for actor in plan.actors})
            values.update({name: column[first] for name, column in limits.items()})
            values.update({a: rounded(column[first]) for a, column in capacities.items()})
            return values

        if threshold_sides.domain_by_sides(plan, rulebook, part_sides, trial) == domain:
            kept += runs_in.bit_count()
    return kept


def _runs_by_side(key, limit: str, capacities, limits: dict, rulebook, memo: Memo
                  ) -> tuple[int, int]:
    """The runs in which the actor (`key`) is below the threshold, and those in
    which it is on it, as scoring rounds them."""
    found = memo.sides.get((key, limit))
    if found is None:
        below = on = 0
        bit = 1
        thresholds = limits.get(limit) or repeat(rulebook.thresholds[limit])
        for x, t in zip(capacities, thresholds, strict=False):  # `repeat` has no end
            if x < t - _ROUNDING:
                below |= bit
            elif x <= t + _ROUNDING:  # close: round it, as scoring would
                x = round(x, DECIMALS)
                if x < t:
                    below |= bit
                elif x == t:
                    on |= bit
            bit <<= 1
        found = _remember(memo.sides, (key, limit), (below, on))
    return found


@lru_cache(maxsize=4096)  # one per perturbed input of the rulebooks and frameworks used
def _draws(seed: int, samples: int, name: str) -> tuple[float, ...]:
    """One input's draws in [-1, 1], one value per run, stratified (a Latin hypercube
    column): one value from each of `samples` equal slices of the range, so a verdict
    that hangs on one actor gets a share accurate to about 1/samples instead of the
    ±3 % of plain random draws. Seeded by the settings' seed and the input's name, so
    an input's draws are the same whatever else the framework or rulebook holds
    (adding an indicator leaves every other draw as it was), for every region and
    year: the same inputs always get the same stability."""
    import random

    rng = random.Random(f"{seed}:{name}")  # a str seed is hashed with SHA-512: stable
    order = list(range(samples))
    rng.shuffle(order)
    return tuple((slot + rng.random()) / samples * 2 - 1 for slot in order)


def _decide(rules, env: dict, rulebook: Rulebook, plan: Plan) -> str | None:
    if plan.definitions:
        definitions_on(rulebook, env)
    return verdict(rules, env)


def _perturbed(given: Actor, actor: str, fw: Framework, s: Settings, draws: dict
               ) -> list[float | None]:
    """The actor's capacity in every run, from the draws of its inputs (its rating's
    and each indicator's, by name): what engine/scoring.py gives for the
    perturbed rating (kept on the scale) and indicator values, before scoring rounds
    it (scoring.rounded).

    The capacity is scoring's sum of terms (scoring.terms), each a straight line in
    one column of draws, clamped where a draw can take it off the scale or past a
    goalpost. Worked out column-wise with map(), the loops run at C speed. Scoring's
    arithmetic is regrouped, so a value can differ from it in the last binary digit:
    rounded, only an exact tie could tell."""
    samples = s.samples
    constant, lines = _lines(given, actor, fw, s)
    if not lines:  # neither a rating nor indicators that count
        return [None] * samples
    total: Iterator[float] = repeat(0.0)
    for column, (at, slope, low, high, scale) in lines:
        draw = draws[column]
        if low is None:  # a straight line: its constant apart, one product per run
            constant += at * scale
            values = map(mul, draw, repeat(slope * scale))
        else:  # `at ± slope` can cross a bound: clamp
            values = map(min, map(max, map(add, repeat(at), map(mul, draw, repeat(slope))),
                                  repeat(low)), repeat(high))
            values = map(mul, values, repeat(scale))
        total = map(add, total, values)
    return list(map(add, total, repeat(constant)))


def _lines(given: Actor, actor: str, fw: Framework, s: Settings):
    """scoring's terms of the capacity as straight lines in the draws: a constant
    plus, for each term, (column, (at, slope, low, high, scale)), the term in a run
    being `scale * clamp(at + slope * draw, low, high)` (its share moved), with `low`
    None when no draw can reach a bound. The rating is moved by up to its width, in
    its own units; each indicator value by up to its `indicator_share`."""
    constant = 0.0
    lines = []
    for term in terms(actor, given, fw):
        span = term.high - term.low
        column = f"{actor}.{term.input}"  # "residents.rating", "residents.<indicator>"
        if term.input == "rating":
            move = s.rating_width(given)
        else:
            move = _moved(term, s)
        at, slope = (term.value - term.low) / span, move / span
        reach = 0.0 <= at - abs(slope) and at + abs(slope) <= 1.0
        scale = term.points
        if term.down:  # (1 - share) * points
            constant += scale
            scale = -scale
        lines.append((column, (at, slope, None if reach else 0.0, 1.0, scale)))
    return constant, lines


def _moved(term, s: Settings) -> float:
    """How far an indicator's term value is moved, at most, either way: the points
    `indicator_points` gives it, or else its value times `indicator_share`; for a
    log-scored indicator (its term holds the log), the log of the factor
    1 / (1 - indicator_share), the larger of the two a move of the value by that share
    gives."""
    if term.log:
        return -math.log1p(-s.indicator_share) if s.indicator_share < 1 else 50.0
    points = s.indicator_points.get(term.input)
    if points is not None:  # a difference or a rank: a share of it means nothing near 0
        return points
    return term.value * s.indicator_share


def _near(env, plan: Plan, rulebook, fw, s: Settings, profile, memo: Memo
          ) -> list[tuple[str, str]]:
    """Each compared (actor, threshold) a perturbation could bring to either side."""
    out = []
    for actor, limit in plan.pairs:
        value = env.get(actor)
        if value is not None and abs(value - rulebook.thresholds[limit]) <= (
                _reach_of(actor, profile.actors[actor], fw, s, memo) + s.thresholds.get(limit, 0)):
            out.append((actor, limit))
    return out


def _reach_of(actor: str, given: Actor, fw: Framework, s: Settings, memo: Memo) -> float:
    """_reach, remembered for a rating alone: a batch meets the same ones again."""
    if given.indicators:
        return _reach(actor, given, fw, s)
    key = (actor, given.rating, given.rating_spread)
    found = memo.reach.get(key)
    if found is None:
        found = _remember(memo.reach, key, _reach(actor, given, fw, s))
    return found


def _nearest(near: list[tuple[str, str]], env: dict, rulebook: Rulebook, profile: Profile
             ) -> tuple[Near, ...]:
    """The pairs, nearest first (then by their words, for a fixed order), each with its
    panel's spread where one was recorded."""
    found = []
    for actor, limit in near:
        given = profile.actors[actor]
        spread = given.rating_spread if given.rating is not None else None
        found.append(Near(actor, env[actor], limit, rulebook.thresholds[limit],
                          spread or None, given.raters if spread else None))
    return tuple(sorted(found, key=lambda n: (n.gap, n.text())))


def _reach(actor: str, given: Actor, fw: Framework, s: Settings) -> float:
    """The most a perturbation can move the actor's capacity, in points: each of
    scoring's terms by its points times as far as its share can move (never more
    than all of it), plus the rounding of both the capacity and the perturbed one."""
    moved = 0.0
    for term in terms(actor, given, fw):
        move = s.rating_width(given) if term.input == "rating" else abs(_moved(term, s))
        moved += term.points * min(1.0, move / (term.high - term.low))
    return moved + 2 * ROUNDING
