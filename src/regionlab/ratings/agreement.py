"""`regionlab ratings agreement`: how far the raters agreed, per actor, as
Krippendorff's alpha for ordinal data (the `krippendorff` package), and the regions
where they differ by `discuss_from` points or more (ratings.yaml): the list a panel
discusses in its second round."""

from __future__ import annotations

import warnings
from typing import NamedTuple

from regionlab.profile.models import ACTORS
from regionlab.ratings.panel import panel
from regionlab.ratings.read import Entry
from regionlab.ratings.settings import RatingRules


class Alpha(NamedTuple):
    actor: str  # an actor, or "all" (every actor of every region as one unit each)
    alpha: float | None  # None when it cannot be computed: `why`
    regions: int  # regions rated by two raters or more (the units alpha reads)
    ratings: int  # ratings in those regions
    reading: str | None  # reliable | tentative | unreliable
    why: str | None = None


class Dispute(NamedTuple):
    code: str
    year: int
    name: str
    actor: str
    spread: float
    by_rater: tuple[tuple[str, float], ...]


class Agreement(NamedTuple):
    raters: tuple[str, ...]
    regions: int
    alphas: tuple[Alpha, ...]  # the four actors, then "all"
    disputes: tuple[Dispute, ...]  # widest first


def agreement(entries: list[Entry], rules: RatingRules, low: float, high: float) -> Agreement:
    raters = tuple(sorted({e.rater for e in entries}))
    domain = rules.allowed(low, high)
    units = {a: _units(entries, a) for a in ACTORS}
    alphas = [_alpha(a, units[a], raters, domain, rules) for a in ACTORS]
    every = {(a, *k): v for a in ACTORS for k, v in units[a].items()}
    alphas.append(_alpha("all", every, raters, domain, rules))
    regions = {(e.code, e.year) for e in entries}
    return Agreement(raters, len(regions), tuple(alphas), _disputes(entries, rules))


def _units(entries: list[Entry], actor: str) -> dict[tuple, dict[str, float]]:
    """(code, year) -> rater -> rating, for this actor."""
    out: dict[tuple, dict[str, float]] = {}
    for e in entries:
        if actor in e.ratings:
            out.setdefault((e.code, e.year), {})[e.rater] = e.ratings[actor]
    return out


def _alpha(actor: str, units: dict, raters: tuple[str, ...], domain: tuple[float, ...],
           rules: RatingRules) -> Alpha:
    paired = {k: v for k, v in units.items() if len(v) > 1}
    count = sum(len(v) for v in paired.values())
    if len(raters) < 2:
        return Alpha(actor, None, 0, 0, None, rules.word("agree_one_rater", "en"))
    if not paired:
        return Alpha(actor, None, 0, 0, None, rules.word("agree_no_pair", "en"))
    if len({r for v in paired.values() for r in v.values()}) == 1:
        return Alpha(actor, None, len(paired), count, None, rules.word("agree_all_same", "en"))
    import krippendorff
    import numpy as np

    data = np.array([[v.get(rater, np.nan) for v in paired.values()] for rater in raters],
                    dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal",
                                         value_domain=list(domain)))
    value = round(value, 3)
    return Alpha(actor, value, len(paired), count, rules.reading(value))


def _disputes(entries: list[Entry], rules: RatingRules) -> tuple[Dispute, ...]:
    names = {(e.code, e.year): e.name_local or e.name for e in entries}
    found = []
    for (code, year), actors in panel(entries, rules).items():
        for actor, p in actors.items():
            if p.spread is not None and p.spread >= rules.discuss_from:
                found.append(Dispute(code, year, names[(code, year)], actor, p.spread,
                                     p.by_rater))
    order = {a: i for i, a in enumerate(ACTORS)}
    return tuple(sorted(found, key=lambda d: (-d.spread, d.code, d.year, order[d.actor])))
