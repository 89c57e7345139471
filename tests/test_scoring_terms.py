"""Scoring's arithmetic as a sum of terms (scoring.terms), which stability moves and
sums instead of scoring every perturbed run, is the arithmetic of score_actor: a
change to either that the other does not follow fails here."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from regionlab.engine.scoring import ROUNDING, capacity, rounded, score_actor, terms
from regionlab.policy.framework import load_framework
from regionlab.profile.models import ACTORS, Actor

FW = load_framework()


def total(actor: str, given_: Actor, fw=FW) -> float | None:
    found = terms(actor, given_, fw)
    if not found:
        return None
    out = 0.0
    for t in found:
        share = min(1.0, max(0.0, (t.value - t.low) / (t.high - t.low)))
        out += t.points * (1.0 - share if t.down else share)
    return out


def same(value: float | None, capacity: float | None) -> bool:
    """The same capacity, but for the last binary digit where it rounds a tie."""
    if value is None or capacity is None:
        return value is capacity
    if rounded(value) == capacity:
        return True
    return abs(abs(value - capacity) - ROUNDING) < 1e-9


@st.composite
def actor_inputs(draw):
    actor = draw(st.sampled_from(ACTORS))
    defined = FW.indicators[actor]
    rating = draw(st.one_of(st.none(), st.floats(FW.rating_min, FW.rating_max)))
    names = draw(st.lists(st.sampled_from(sorted(defined)), unique=True))
    # inside the goalposts and beyond them, both ways
    indicators = {n: defined[n].min + draw(st.floats(-0.5, 1.5)) * (defined[n].max - defined[n].min)
                  for n in names}
    return actor, Actor(rating, indicators)


@settings(max_examples=400, deadline=None)
@given(actor_inputs())
def test_the_terms_sum_to_the_capacity(inputs):
    actor, given_ = inputs
    assert same(total(actor, given_), score_actor(actor, given_, FW).capacity)


@settings(max_examples=100, deadline=None)
@given(actor_inputs(), st.floats(0.1, 5), st.floats(0.1, 5))
def test_the_terms_follow_the_framework_weights(inputs, rating_weight, indicators_weight):
    actor, given_ = inputs
    fw = replace(FW, rating_weight=rating_weight, indicators_weight=indicators_weight)
    assert same(total(actor, given_, fw), score_actor(actor, given_, fw).capacity)


def test_an_actor_without_a_capacity_has_no_terms():
    assert terms("residents", Actor(None, {}), FW) == ()
    assert score_actor("residents", Actor(None, {}), FW).capacity is None


@settings(max_examples=300, deadline=None)
@given(actor_inputs(), st.sampled_from([None, *sorted(FW.alternatives)]))
def test_a_capacity_alone_is_score_actors_to_the_bit(inputs, alternative):
    """scoring.capacity, which a method alternative asks for, under the framework and
    under each alternative, from nothing or from the framework's score of the actor."""
    actor, given_ = inputs
    fw = FW if alternative is None else FW.variant(alternative)
    expected = score_actor(actor, given_, fw).capacity
    assert capacity(actor, given_, fw) == expected
    if alternative is not None:
        changed = FW.changes(alternative)[actor]
        assert capacity(actor, given_, fw, score_actor(actor, given_, FW), changed) == expected
