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
from regionlab.engine.scoring import context_values, indicators_count, score
from regionlab.policy.framework import ACTORS, Framework
from regionlab.profile.models import Profile
from regionlab.rules.rulebook import Rulebook, with_definitions
from regionlab.trust.stability import Memo, Settings, stability


def reads_evidence(profile: Profile, fw: Framework) -> bool:
    """Whether any actor's capacity counts indicators: only then can a method change it."""
    return any(indicators_count(a, profile.actors[a], fw) for a in ACTORS)


def under_methods(profile: Profile, domain: str | None, steady: Stability,
                  rulebook: Rulebook, fw: Framework, settings: Settings, memo: Memo
                  ) -> Stability:
    """`steady` (the stability under `fw`) with the framework's alternatives taken in."""
    if domain is None or not fw.alternatives or not reads_evidence(profile, fw):
        return steady
    shares = [steady.domain if steady.domain is not None else 0.0]
    changed: list[tuple[str, str | None]] = []
    for alt in sorted(fw.alternatives):
        variant = fw.variant(alt)
        alt_scores = score(profile, variant)
        env = region_env(profile, alt_scores, context_values(profile, variant))
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
