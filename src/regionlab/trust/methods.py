"""Method uncertainty in an evidence verdict's stability.

The framework declares the reasonable other choices of method (framework.yaml,
`alternatives`: goalposts, transformation, adjustment, weights). For a verdict that
reads evidence (an actor whose indicators count), the perturbed runs are shared
equally between the framework and each alternative, as JRC's COINr shares its
uncertainty analysis between noise and method choices: the stability is the mean,
over the framework and its alternatives, of the share of runs that keep the domain.
So "Stability 1.00" means no declared alternative changes the domain; an alternative
under which the region lands in another domain is named (`Stability.methods`) and
flags the verdict near-threshold.
"""

from __future__ import annotations

from regionlab.engine.assess import Stability, region_env
from regionlab.engine.classify import classify
from regionlab.engine.scoring import context_values, indicators_count, score, score_actor
from regionlab.policy.framework import ACTORS, Framework
from regionlab.profile.models import Profile
from regionlab.rules.rulebook import Rulebook, with_definitions
from regionlab.trust import threshold_sides
from regionlab.trust.stability import Memo, Settings, stability


def reads_evidence(profile: Profile, fw: Framework) -> bool:
    """Whether any actor's capacity counts indicators: only then can a method change it."""
    return any(indicators_count(a, profile.actors[a], fw) for a in ACTORS)


def touched(fw: Framework, alt: str) -> dict[str, frozenset[str]]:
    """actor -> the indicators the alternative changes (goalposts, transformation or
    weight), worked out once per framework and alternative."""
    key = ("touched", alt)
    found = fw._variants.get(key)
    if found is None:
        variant = fw.variant(alt)
        found = fw._variants[key] = {
            a: frozenset(n for n, ind in fw.indicators[a].items()
                         if variant.indicators[a][n] != ind) for a in ACTORS}
    return found


def under_methods(profile: Profile, domain: str | None, steady: Stability,
                  rulebook: Rulebook, fw: Framework, settings: Settings, memo: Memo
                  ) -> Stability:
    """`steady` (the stability under `fw`) with the framework's alternatives taken in.

    Only what an alternative can change is worked out again: the actors whose given
    indicators it touches, and of those only the ones the domain rules read (or whose
    having a capacity at all it changes); an alternative that changes none of them
    decides as the framework does, with the same share of runs."""
    if domain is None or not fw.alternatives:
        return steady
    base = score(profile, fw)
    if all(s.indicator_score is None for s in base.values()):
        return steady  # ratings alone: no method can change a capacity
    plan = threshold_sides.plan(rulebook)
    read = set(plan.actors)
    if {"missing_actors", "low_coverage_actors"} & set(plan.others):
        read = set(ACTORS)  # the rules read which actors have a capacity: all of them
    context = context_values(profile, fw)
    mine = steady.domain if steady.domain is not None else 0.0
    shares = [mine]
    changed: list[tuple[str, str | None]] = []
    for alt in sorted(fw.alternatives):
        variant = fw.variant(alt)
        moved = dict(base)
        for actor, names in touched(fw, alt).items():
            given = profile.actors[actor]
            if not names or names.isdisjoint(given.indicators):
                continue
            if actor in read or (indicators_count(actor, given, variant)
                                 != indicators_count(actor, given, fw)):
                moved[actor] = score_actor(actor, given, variant)
        if all(moved[a] is base[a] for a in ACTORS):
            shares.append(mine)  # nothing the domain reads moved: as the framework
            continue
        env = region_env(profile, moved, context)
        with_definitions(rulebook, env)
        there = classify(rulebook, env, False)[0]
        if there != domain:
            changed.append((alt, there))
        if there is None:  # the alternative cannot decide: no run keeps the domain
            shares.append(0.0)
            continue
        # one memo per alternative and domain counted: the runs are counted against the
        # framework's verdict, which the alternative's own inputs do not determine
        own = memo.variants.get((alt, domain))
        if own is None:
            own = memo.variants[(alt, domain)] = Memo()
        s = stability(profile, env, domain, rulebook, variant, settings, own)
        # no run moved (nothing in reach): every run has the alternative's own domain
        share = s.domain if s.samples or there == domain else 0.0
        shares.append(share if share is not None else 0.0)
    share = round(sum(shares) / len(shares), 3)
    fragile = share < settings.fragile_below or bool(changed)
    return steady._replace(domain=share, samples=settings.samples * len(shares),
                           fragile=fragile, methods=tuple(changed),
                           alternatives=len(shares) - 1)
