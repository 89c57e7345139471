"""Method uncertainty in an evidence verdict's stability.

The framework declares the reasonable other choices of method (framework.yaml,
`alternatives`: goalposts, transformation, adjustment, weights). For a verdict that
reads evidence (an actor whose indicators count), each alternative is decided too, and
the stability is the share of perturbed runs that keep the domain under the framework
(measurement noise) times the share of the choices of method that keep it: the
framework and each alternative that moves something the domain rules read for this
region (an alternative of a figure the rules never read has no bearing on the
domain and is not counted): 0.90 of the runs and 6 of 7 methods give 0.77. So
"Stability 1.00" means no declared alternative and no plausible error changes the
domain; an alternative under which the region lands in another domain is named
(`Stability.methods`) and flags the verdict near-threshold. (JRC's COINr samples
method choices and noise together; taking the two shares apart costs one decision per
alternative instead of a perturbed run set each, and says which choice moved it.)
"""

from __future__ import annotations

from functools import partial

from regionlab.engine.assess import Stability, region_env
from regionlab.engine.classify import classify
from regionlab.engine.scoring import (
    ActorScore,
    capacity,
    context_values,
    indicators_count,
    score,
    score_actor,
)
from regionlab.policy.framework import ACTORS, Framework
from regionlab.profile.models import Profile
from regionlab.rules.rulebook import Rulebook, with_definitions
from regionlab.trust import threshold_sides
from regionlab.trust.stability import Settings


def under_methods(profile: Profile, domain: str | None, steady: Stability,
                  rulebook: Rulebook, fw: Framework, settings: Settings,
                  scores: dict[str, ActorScore] | None = None) -> Stability:
    """`steady` (the stability under `fw`) with the framework's alternatives taken in.

    Only what an alternative can change is worked out again: the actors whose given
    indicators it touches, and of those only the ones the domain rules read (or whose
    having a capacity at all it changes); an alternative that changes none of them
    keeps the framework's domain."""
    if domain is None or not fw.alternatives:
        return steady
    base = scores if scores is not None else score(profile, fw)
    for s in base.values():
        if s.indicator_score is not None:
            break
    else:
        return steady  # ratings alone: no method can change a capacity
    plan = threshold_sides.plan(rulebook)
    read = _read(rulebook)
    # which alternatives move what, from the names of the indicators given alone:
    # worked out once per such set of names (a batch meets a few), not per region
    names = tuple([tuple(profile.actors[actor].indicators) for actor in ACTORS])
    shapes = fw.derived(_no_shapes)
    moving = shapes.get((read, names))
    if moving is None:
        if len(shapes) >= _SHAPES_MAX:  # bounded: any number of sets of names may come
            shapes.clear()
        moving = shapes[read, names] = _moving(profile, fw, read)
    if not moving:
        return steady  # no declared alternative bears on what this domain reads
    context: dict | None = None
    changed: list[tuple[str, str | None]] = []
    considered = 0  # alternatives that move something the domain rules read here
    base_capacities = {a: s.capacity for a, s in base.items()}
    for alt, variant, rescored, changes in moving:
        capacities = dict(base_capacities)
        for actor in rescored:  # only the indicators the alternative changes scored again
            capacities[actor] = capacity(actor, profile.actors[actor], variant, base[actor],
                                         changes[actor])
        if _loses_a_capacity(rescored, capacities, base_capacities, read):
            continue  # the profile lacks the figure the alternative counts: not decided
        considered += 1
        if plan.by_sides and None not in capacities.values():
            # every actor has a capacity (so the region is classified) and the domain
            # depends only on the sides of its thresholds: decided once per sides (the
            # values, thresholds and capacities, made only for sides not met before)
            thresholds = rulebook.thresholds
            there = threshold_sides.domain_by_sides(
                plan, rulebook, threshold_sides.sides_of(plan, capacities, thresholds),
                partial(_values, thresholds, capacities))
        else:
            if context is None:
                context = context_values(profile, fw)
            moved = dict(base)
            for actor in rescored:  # the whole record: which actors lack figures, too
                moved[actor] = score_actor(actor, profile.actors[actor], variant)
            env = region_env(profile, moved, context)
            with_definitions(rulebook, env)
            there = classify(rulebook, env, False)[0]
        if there != domain:
            changed.append((alt, there))
    if not considered:
        return steady  # no declared alternative bears on what this domain reads
    noise = steady.domain if steady.domain is not None else 0.0
    methods = considered + 1
    share = round(noise * (methods - len(changed)) / methods, 3)
    fragile = share < settings.fragile_below or bool(changed)
    return steady._replace(domain=share, fragile=fragile, methods=tuple(changed),
                           alternatives=considered, noise=noise)


def _loses_a_capacity(rescored: tuple[str, ...], capacities: dict[str, float | None],
                      base: dict[str, float | None], read: frozenset[str]) -> bool:
    """Whether an actor the domain rules read has a capacity under the framework and
    none under the alternative: only the actors worked out again can lose theirs."""
    for actor in rescored:
        if capacities[actor] is None and base[actor] is not None and actor in read:
            return True
    return False


def _values(thresholds: dict[str, float], capacities: dict[str, float | None]) -> dict:
    return {**thresholds, **capacities}


_SHAPES_MAX = 1024
Moving = tuple[tuple[str, Framework, tuple[str, ...], dict[str, frozenset[str]]], ...]


def _no_shapes(fw: Framework) -> dict[tuple, Moving]:
    return {}


def _read(rulebook: Rulebook) -> frozenset[str]:
    """The actors whose capacities the domain rules read: all of them when the rules
    read which actors have a capacity (kept with the rulebook)."""
    return rulebook.derived(_actors_read)


def _actors_read(rulebook: Rulebook) -> frozenset[str]:
    plan = threshold_sides.plan(rulebook)
    if {"missing_actors", "low_coverage_actors"} & set(plan.others):
        return frozenset(ACTORS)
    return frozenset(plan.actors)


def _moving(profile: Profile, fw: Framework, read: frozenset[str]) -> Moving:
    """The alternatives that change an indicator the profile gives, in their order,
    each with its framework, the actors to work out again under it and what it changes:
    only the actors the domain rules read (or whose having a capacity at all it
    changes). What the profile's indicators are called decides it, not their values;
    an alternative that changes none of these actors has no bearing on the domain and
    is left out."""
    touched = _touched(fw)
    alternatives = sorted({alt for actor in ACTORS for name in profile.actors[actor].indicators
                           for alt in touched[actor].get(name, ())})
    coverage_kept = _coverage_kept(fw)
    moving = []
    for alt in alternatives:
        variant = fw.variant(alt)
        changes = fw.changes(alt)
        rescored = []  # the actors worked out again under this alternative
        for actor, names in changes.items():
            given = profile.actors[actor]
            if not names or names.isdisjoint(given.indicators):
                continue
            # whether the actor has a capacity at all changes only with the weights
            # or groups of its indicators, which most alternatives keep
            if actor in read or (actor not in coverage_kept[alt] and (
                    indicators_count(actor, given, variant) != indicators_count(actor, given, fw))):
                rescored.append(actor)
        if rescored:
            moving.append((alt, variant, tuple(rescored), changes))
    return tuple(moving)


def _touched(fw: Framework) -> dict[str, dict[str, tuple[str, ...]]]:
    """actor -> indicator -> the alternatives that change it, sorted (kept with the
    framework: a batch asks for it for every region)."""
    return fw.derived(_alternatives_by_indicator)


def _alternatives_by_indicator(fw: Framework) -> dict[str, dict[str, tuple[str, ...]]]:
    by_name: dict[str, dict[str, list[str]]] = {actor: {} for actor in fw.indicators}
    for alt in sorted(fw.alternatives):
        for actor, names in fw.changes(alt).items():
            for name in names:
                by_name[actor].setdefault(name, []).append(alt)
    return {actor: {n: tuple(alts) for n, alts in named.items()}
            for actor, named in by_name.items()}


def _coverage_kept(fw: Framework) -> dict[str, frozenset[str]]:
    """alternative -> the actors whose indicators keep their weights and groups under
    it (only goalposts or transformations change): what they carry of the coverage
    rule, and so whether an actor's indicators count, is the same either way (kept
    with the framework)."""
    return fw.derived(_actors_keeping_coverage)


def _actors_keeping_coverage(fw: Framework) -> dict[str, frozenset[str]]:
    kept = {}
    for alt in fw.alternatives:
        variant = fw.variant(alt)
        kept[alt] = frozenset(
            actor for actor, named in fw.indicators.items()
            if variant.total_weight[actor] == fw.total_weight[actor]
            and variant.min_weight_share == fw.min_weight_share
            and all((variant.indicators[actor][n].weight, variant.indicators[actor][n].group)
                    == (ind.weight, ind.group) for n, ind in named.items()))
    return kept
