"""Score: from a validated profile to one capacity (0-100) per actor.

Pure functions, no I/O. A rating r maps linearly from the framework's rating
scale to 0-100 ((r - 1) x 25 for 1-5); indicators map through their goalposts;
the two combine by the framework's weights. An actor with neither (or with too
few indicators and no rating) has no capacity: it is never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from math import log
from typing import NamedTuple

from regionlab.policy.framework import Framework, Indicator
from regionlab.profile.models import ACTORS, Actor, Profile


# NamedTuples rather than frozen dataclasses: as immutable, and several times
# cheaper to create, which counts when a batch scores thousands of regions.
class IndicatorScore(NamedTuple):
    name: str
    value: float
    score: float
    weight: float
    year: int | None = None  # the year the figure is from, where the profile says


class ActorScore(NamedTuple):
    actor: str
    capacity: float | None
    rating: float | None
    rating_score: float | None
    indicator_score: float | None  # None when no indicator counted
    coverage: float  # the best share of one group's indicator weight that was given
    indicators: tuple[IndicatorScore, ...]
    low_coverage: bool  # indicators were given but too few to count

    @property
    def basis(self) -> str:
        parts = [n for n, s in (("rating", self.rating_score),
                                ("indicators", self.indicator_score)) if s is not None]
        return "+".join(parts) or "none"


def score(profile: Profile, fw: Framework) -> dict[str, ActorScore]:
    return {actor: score_actor(actor, profile.actors[actor], fw) for actor in ACTORS}


def score_actor(actor: str, given: Actor, fw: Framework) -> ActorScore:
    if not given.indicators:  # the common case: a rating alone
        rating = given.rating
        # all the score depends on; the type too, as a rating of 3 is kept as 3, not 3.0
        key = (actor, rating, type(rating), fw.rating_min, fw.rating_max)
        found = _RATED.get(key)
        if found is None:
            if len(_RATED) >= 4096:  # bounded: ratings may have any number of decimals
                _RATED.clear()
            found = _RATED[key] = _rated(actor, rating, fw)
        return found
    rating_score = _rating_score(given.rating, fw)
    defined = fw.indicators[actor]
    years = given.vintages
    # one pass, in the order of _coverage's (sorted names): the same sums, to the bit
    # (each sum as sum() makes it: from 0, left to right)
    scored = []
    groups: dict[str, float] = {}
    present: float = 0
    weighted: float = 0
    for name, value in sorted(given.indicators.items()):
        ind = defined[name]
        weight = ind.weight
        points = normalise(value, ind)
        scored.append(_indicator((name, value, points, weight, years.get(name))))
        groups[ind.group] = groups.get(ind.group, 0.0) + weight
        present += weight
        weighted += points * weight
    coverage = _best_share(groups, fw.total_weight[actor])
    counts = _counts(coverage, present > 0, fw)
    indicator_score = weighted / present if counts else None
    return _actor_score((actor, _combine(rating_score, indicator_score, fw), given.rating,
                         rating_score, indicator_score, round(coverage, 4), tuple(scored),
                         not counts))


def capacity(actor: str, given: Actor, fw: Framework, known: ActorScore | None = None,
             changed: frozenset[str] = frozenset()) -> float | None:
    """`score_actor(actor, given, fw).capacity`, without the record of each indicator:
    the same sums in the same order, so the same number to the bit
    (tests/test_scoring_terms.py). A method alternative asks only for this, for
    every actor it re-scores (trust/methods.py): `known` is then the actor's score
    under a framework that differs from `fw` only in the indicators `changed`, whose
    other indicators' scores are taken from it as they are."""
    if not given.indicators:
        return score_actor(actor, given, fw).capacity
    rating_score = _rating_score(given.rating, fw)
    defined = fw.indicators[actor]
    weights = []
    weighted = []
    groups: dict[str, float] = {}
    # in the order of sorted names, as score_actor, whose records are in that order
    records: Iterable[tuple[str, float, float | None, float, object]] = (
        known.indicators if known is not None else
        ((name, value, None, 0.0, None) for name, value in sorted(given.indicators.items())))
    for name, value, score_, weight, _ in records:
        ind = defined[name]
        if score_ is None or name in changed:
            weight = ind.weight
            score_ = normalise(value, ind)
        weights.append(weight)
        weighted.append(score_ * weight)
        groups[ind.group] = groups.get(ind.group, 0.0) + weight
    present = sum(weights)
    counts = _counts(_best_share(groups, fw.total_weight[actor]), present > 0, fw)
    return _combine(rating_score, sum(weighted) / present if counts else None, fw)


# (actor, rating, its type, the rating scale) -> the score of that rating alone: a batch
# meets the same few ratings again and again (ActorScores are immutable, so shared)
_RATED: dict[tuple[object, ...], ActorScore] = {}


def _rated(actor: str, rating: float | None, fw: Framework) -> ActorScore:
    """The score of an actor rated and given no indicators (or neither)."""
    rating_score = _rating_score(rating, fw)
    return ActorScore(actor, _combine(rating_score, None, fw), rating, rating_score,
                      None, 0.0, (), False)


def _rating_score(rating: float | None, fw: Framework) -> float | None:
    """A rating on the 0-100 scale of the scores (None without a rating)."""
    if rating is None:
        return None
    return (rating - fw.rating_min) / (fw.rating_max - fw.rating_min) * 100


def indicators_count(actor: str, given: Actor, fw: Framework) -> bool:
    """Whether the actor's indicators are enough to count (the coverage rule), as
    score_actor decides it (the same sum, in the same order), without scoring them."""
    if not given.indicators:
        return False
    return _counts(_coverage(actor, given, fw),
                   any(fw.indicators[actor][n].weight > 0 for n in given.indicators), fw)


def _coverage(actor: str, given: Actor, fw: Framework) -> float:
    """The best share of one group's indicator weight that the given indicators carry:
    the national evidence alone, or the analyst's own indicators alone, can carry an
    actor (framework.yaml, coverage)."""
    defined = fw.indicators[actor]
    present: dict[str, float] = {}
    for name in sorted(given.indicators):
        ind = defined[name]
        present[ind.group] = present.get(ind.group, 0.0) + ind.weight
    return _best_share(present, fw.total_weight[actor])


def _counts(coverage: float, weighed: bool, fw: Framework) -> bool:
    """The coverage rule (framework.yaml, coverage): an actor's indicators count when
    the best share of one group's weight they carry (`coverage`) reaches
    min_weight_share and one of them has a weight (`weighed`). Scoring, capacities
    under method alternatives, stability's terms and indicators_count all decide it
    here."""
    return coverage >= fw.min_weight_share and weighed


def _best_share(present: dict[str, float], totals: dict[str, float]) -> float:
    """The largest share of a group's total weight that the weights given carry (0.0
    when no group has a total): `max` of the shares, written as a loop, which costs
    less than a generator for the one to three groups of an actor (every actor with
    indicators of every region comes here, and stability's terms twice more)."""
    best = None
    for group, weight in present.items():
        total = totals.get(group)
        if total:
            share = weight / total
            if best is None or share > best:  # as max(): the first of equal ones
                best = share
    return 0.0 if best is None else best


def normalise(value: float, ind: Indicator) -> float:
    """Min-max through the goalposts, clamped to 0-100; 'down' reverses it. A
    log-transformed indicator is placed between the logs of its goalposts."""
    value, low, high = _placed(value, ind)
    share = min(1.0, max(0.0, (value - low) / (high - low)))
    return (1.0 - share if ind.direction == "down" else share) * 100


def _combine(rating_score: float | None, indicator_score: float | None, fw: Framework
             ) -> float | None:
    if rating_score is None and indicator_score is None:
        return None
    if indicator_score is None:
        value = rating_score
    elif rating_score is None:
        value = indicator_score
    else:
        wr, wi = fw.rating_weight, fw.indicators_weight
        value = (rating_score * wr + indicator_score * wi) / (wr + wi)
    return rounded(value)


# A capacity is rounded once, when it is combined, so that the verdict is taken on
# the number the user sees; ROUNDING is the most that moves it (half a last decimal).
DECIMALS = 1
ROUNDING = 0.5 * 10.0 ** -DECIMALS


def rounded(value: float | None) -> float | None:
    """A capacity as scoring gives it: rounded to DECIMALS."""
    return None if value is None else round(value, DECIMALS)


def _placed(value: float, ind: Indicator) -> tuple[float, float, float]:
    """The value and the goalposts on the scale the indicator is scored on: as they
    are, or their natural logs for a log-transformed indicator (normalise and terms)."""
    if ind.transform == "log":
        return _log(value), log(ind.min), log(ind.max)
    return value, ind.min, ind.max


def _log(value: float) -> float:
    """The natural log, with a value of 0 or less placed far below any goalpost (the
    framework allows a log only where the goalposts are above 0)."""
    return log(value) if value > 0 else -1e9


# -- the same arithmetic as a sum of terms (for stability) ---------------------

class Term(NamedTuple):
    """One input's part of a capacity: `points * share`, the share being where the
    input lies between its goalposts (the rating scale, an indicator's min and max),
    clamped to 0-1, and 1 minus that for an indicator whose direction is down."""
    input: str  # "rating" or the indicator's name
    value: float
    low: float
    high: float
    down: bool
    points: float  # what the input adds to the capacity at a share of 1
    log: bool = False  # value, low and high are natural logs (a log-transformed indicator)


def terms(actor: str, given: Actor, fw: Framework) -> tuple[Term, ...]:
    """The capacity score_actor gives, before rounding, as a sum of terms, one per
    input it counts; none when the actor has no capacity. Written beside
    score_actor, and checked against it (tests/test_scoring_terms.py): stability
    moves these inputs thousands of times per region and sums the terms column by
    column rather than score every run, so any change to how score_actor combines
    its inputs must be made here too."""
    rating = given.rating
    if not given.indicators:  # the common case: a rating alone, all of the capacity
        return () if rating is None else (
            Term("rating", rating, fw.rating_min, fw.rating_max, False, 100.0, False),)
    defined = fw.indicators[actor]
    # figures shown beside the others (weight 0) add nothing: no term, no draws; and
    # whether the indicators count (indicators_count), in the same pass
    given_ = []
    present: dict[str, float] = {}
    for name, value in sorted(given.indicators.items()):
        ind = defined[name]
        present[ind.group] = present.get(ind.group, 0.0) + ind.weight
        if ind.weight > 0:
            given_.append((name, value, ind))
    counted = _counts(_best_share(present, fw.total_weight[actor]), bool(given_), fw)
    wr, wi = fw.rating_weight, fw.indicators_weight
    out = []
    if rating is not None:  # all of the capacity, or the rating's weight's share of it
        out.append(Term("rating", rating, fw.rating_min, fw.rating_max, False,
                        100 * (wr / (wr + wi) if counted else 1.0), False))
    if counted:  # the indicators' weighted mean, or its weight's share of the capacity
        share = 1.0 if rating is None else wi / (wr + wi)
        weights = sum(ind.weight for _, _, ind in given_)
        out += [_term((name, *_placed(value, ind), ind.direction == "down",
                       100 * ind.weight / weights * share, ind.transform == "log"))
                for name, value, ind in given_]
    return tuple(out)


# A Term from a tuple of its fields, at a third of the cost of Term(...) (its _make is
# a Python function): asked for per region; likewise an IndicatorScore, for every
# indicator of every region, and an ActorScore, for every actor with indicators
_term = partial(tuple.__new__, Term)
_indicator = partial(tuple.__new__, IndicatorScore)
_actor_score = partial(tuple.__new__, ActorScore)


def rating_for(capacity: float, fw: Framework) -> float:
    """The rating that maps to a capacity (for 'what it would take' messages)."""
    return fw.rating_min + capacity / 100 * (fw.rating_max - fw.rating_min)


def context_values(profile: Profile, fw: Framework) -> dict[str, object]:
    """Context figures as the rules see them: numbers, derived figures, designations."""
    values: dict[str, object] = {k: v for k, v in profile.context.items() if k != "designations"}
    for name, top_name, bottom_name in fw.derived(_derived_figures):
        top, bottom = values.get(top_name), values.get(bottom_name)
        if isinstance(top, _NUMBERS) and isinstance(bottom, _NUMBERS) and bottom:
            values[name] = round(top / bottom, 4)
    listed = profile.context.get("designations")  # a list of ids, by validation
    values["designations"] = frozenset(listed if isinstance(listed, _LISTS) else ())
    return values


_NUMBERS = (int, float)
_LISTS = (list, tuple)


def _derived_figures(fw: Framework) -> tuple[tuple[str, str, str], ...]:
    """The context figures worked out from two others (numerator, denominator), in the
    framework's order (kept with the framework: asked for every region)."""
    return tuple((name, figure.derived_from[0], figure.derived_from[1])
                 for name, figure in fw.context.items() if figure.derived_from)
