"""Properties of the robustness figures, with generated profiles.

Stability and what it would take are worked out by shortcuts when the domain rules
only set actors against thresholds (as the shipped ones do): runs counted by the
side of each threshold the actors are on, answers shared between regions rated
alike. The same rulebook with a condition that is always true added to each
domain rule (`and year > 0`) decides exactly alike but takes the long way, run by
run; both must give the same figures. And the capacities of the perturbed runs
must be what scoring gives for the perturbed ratings and indicator values. Ratings
come with and without a panel's spread, which widens their perturbation.
"""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regionlab.engine.scoring import indicators_count, rounded, score_actor
from regionlab.policy.framework import load_framework
from regionlab.policy.packaged import packaged
from regionlab.profile.models import ACTORS, Actor
from regionlab.profile.validate import check_profile
from regionlab.trust import stability, threshold_sides
from regionlab.trust.engine import Engine
from regionlab.trust.what_it_takes import what_it_takes

FW = load_framework()
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

ratings = st.one_of(st.none(), st.integers(10, 50).map(lambda r: r / 10),
                  st.integers(100, 500).map(lambda r: r / 100))
# a panel's spread: none, within the plain perturbation (<= 1) or wider, to the whole scale
spreads = st.one_of(st.none(), st.integers(0, 8).map(lambda r: r / 2))


def indicator_values(actor: str):
    defined = FW.indicators[actor]
    return st.dictionaries(
        st.sampled_from(sorted(defined)),
        # inside the goalposts and beyond them (clamped), both ways
        st.floats(-0.2, 1.2), max_size=len(defined))


def _within(ind, value: float) -> float:
    """Beyond the goalposts, but never beyond what the indicator can be at all."""
    return value if ind.valid is None else min(max(value, ind.valid[0]), ind.valid[1])


@st.composite
def actors(draw):
    out = {}
    for actor in ACTORS:
        given = {}
        rating = draw(ratings)
        if rating is not None:
            given["rating"] = rating
            spread = draw(spreads)
            if spread is not None:
                given["rating_spread"] = spread
                given["raters"] = draw(st.integers(2, 6))
        shares = draw(indicator_values(actor))
        if shares:
            defined = FW.indicators[actor]
            given["indicators"] = {
                name: _within(defined[name], round(defined[name].min + s * (
                    defined[name].max - defined[name].min), 2))
                for name, s in shares.items()}
        if not given:
            given["rating"] = 3
        out[actor] = given
    return out


def profile(given: dict):
    data = {"format": "regionlab/profile/v1", "region": {"code": "99999", "name": "Gen",
                                                            "country": "XX"},
            "year": 2019, "actors": given}
    return check_profile(data, None, "gen.yaml", FW)


def the_long_way(tmp_path_factory):
    """The shipped rulebook with `and year > 0` added to each domain rule."""
    data = yaml.safe_load(packaged("rulebook.yaml").read_text(encoding="utf-8"))
    for rule in data["rules"]:
        if rule["kind"] == "domain":
            rule["when"] = f"({rule['when']}) and year > 0"
    path = tmp_path_factory.mktemp("rules") / "long-way.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    return Engine(), Engine(the_long_way(tmp_path_factory))


def test_the_long_way_is_the_long_way(engines):
    short, long = engines
    assert threshold_sides.plan(short.rulebook).by_sides
    assert not threshold_sides.plan(long.rulebook).by_sides


@SETTINGS
@given(given=actors())
def test_shortcuts_give_what_deciding_every_run_gives(given, engines):
    short, long = engines
    p = profile(given)
    a, b = short.assess(p, trace=False), long.assess(p, trace=False)
    assert a.domain == b.domain
    # (the count of runs made differs: the shortcut makes none when it needs none)
    assert a.stability._replace(samples=0) == b.stability._replace(samples=0)
    assert what_it_takes(a, short.framework, cases=False) == \
        what_it_takes(b, long.framework, cases=False)


@SETTINGS
@given(given=actors(), seed=st.integers(0, 3))
def test_perturbed_capacities_are_scored_perturbed_inputs(given, seed):
    s = stability.load_settings()._replace(seed=seed)
    names = [f"{a}.{part}" for a in ACTORS for part in ("rating", *FW.indicators[a])]
    draws = {name: stability._draws(s.seed, s.samples, name) for name in names}
    for actor in ACTORS:
        actor_given = profile(given).actors[actor]
        assert indicators_count(actor, actor_given, FW) == (
            score_actor(actor, actor_given, FW).indicator_score is not None)
        runs = [rounded(x) for x in stability._perturbed(actor_given, actor, FW, s, draws)]
        for i, got in enumerate(runs):
            rating = actor_given.rating
            if rating is not None:  # moved (farther for a wide spread), kept on the scale
                width = s.rating_width(actor_given)
                rating = min(FW.rating_max, max(FW.rating_min,
                                                rating + draws[f"{actor}.rating"][i] * width))
            moved = Actor(rating, {name: _moved(name, FW.indicators[actor][name], value,
                                                draws[f"{actor}.{name}"][i], s)
                                   for name, value in actor_given.indicators.items()})
            assert got == score_actor(actor, moved, FW).capacity, (actor, i)


def _moved(name: str, ind, value: float, draw: float, s) -> float:
    """An indicator value as stability moves it: by up to ± indicator_share of itself, or
    for a log-scored one by up to a factor 1 / (1 - indicator_share) either way, or for a
    difference or rank by up to ± the points the settings give it."""
    if name in s.indicator_points:
        return value + draw * s.indicator_points[name]
    if ind.transform == "log":
        return value * math.exp(-draw * math.log1p(-s.indicator_share))
    return value * (1 + draw * s.indicator_share)


def test_an_inputs_draws_do_not_depend_on_the_others():
    """Draws are keyed by the input's name: adding an indicator to the framework leaves
    every other input's draws as they were (issue 17, item 2)."""
    s = stability.load_settings()
    a = stability._draws(s.seed, s.samples, "residents.rating")
    assert a == stability._draws(s.seed, s.samples, "residents.rating")
    assert a != stability._draws(s.seed, s.samples, "business_finance.rating")
    assert sorted(round((x + 1) / 2 * s.samples - 0.5) for x in a) == list(range(s.samples))


def test_the_shipped_bounds_widen_a_spread_rating():
    s = stability.load_settings()
    assert s.rating_spread_share > 0
    assert s.rating_width(Actor(3.0)) == s.rating
    assert s.rating_width(Actor(3.0, rating_spread=1.0, raters=3)) == s.rating  # within it
    assert s.rating_width(Actor(3.0, rating_spread=3.0, raters=3)) == 3.0 * s.rating_spread_share


@SETTINGS
@given(given=actors())
def test_unworded_verdicts_are_the_worded_ones(given, engines):
    """A batch assesses without words (Engine(words=False)): the same verdicts, flags
    and stability figures, only without the flags' details and the near texts."""
    worded, unworded = engines[0], Engine(words=False)
    p = profile(given)
    a, b = worded.assess(p, trace=False), unworded.assess(p, trace=False)
    assert [c._replace(detail=None) for c in a.conclusions] == list(b.conclusions)
    assert all(c.detail is None for c in b.conclusions)
    if a.stability is not None:
        assert a.stability._replace(near=(), nearest=()) == b.stability


@SETTINGS
@given(first=actors(), second=actors())
def test_what_alternatives_move_is_not_taken_from_the_region_before(first, second, engines):
    """Which method alternatives a region's stability takes in is worked out once per
    set of indicator names a batch meets (trust/methods.py) and kept with the
    framework: a region assessed after another, whatever the other gave, gets what it
    gets with nothing kept."""
    from regionlab.trust import methods

    short, long = engines
    for engine in (short, long):
        engine.assess(profile(first), trace=False)
        after = engine.assess(profile(second), trace=False)
        engine.framework._derived.pop(methods._no_shapes, None)
        assert after.stability == engine.assess(profile(second), trace=False).stability


@pytest.mark.parametrize("turnout", [-3.0, -1.0, 0.0, 3.0])
def test_an_alternative_that_leaves_a_read_actor_without_a_capacity_is_not_counted(
        turnout, engines):
    # the residents' one figure weighs nothing under the three turnout alternatives
    # (framework.yaml): without a rating they have no capacity there, and the domain
    # cannot be decided; only the two goalposts alternatives are taken in
    for engine in engines:
        a = engine.assess(profile({"municipality": {"rating": 2}, "business_finance": {
            "rating": 3}, "universities": {"rating": 3}, "residents": {
            "indicators": {"turnout_adjusted_pts": turnout}}}), trace=False)
        assert a.stability.alternatives == 2
        assert all(alt.startswith("goalposts-") for alt, _ in a.stability.methods)
