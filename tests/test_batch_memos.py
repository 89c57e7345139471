"""What a batch works out once and keeps, or works out by a shorter way, gives what
the long way gives: the words of what it takes, kept per tuple of steps; the best
share of a group's weight, written as a loop; a profile's data with nothing given made
empty, copied only where something is."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from regionlab.engine import scoring
from regionlab.nation import batch
from regionlab.profile import validate
from regionlab.trust.what_it_takes import Step

targets = st.sampled_from(["government", "overlap", "social"])
actors = st.sampled_from(["municipality", "residents", "business_finance", "universities"])
capacities = st.integers(0, 1000).map(lambda tenths: tenths / 10)
steps = st.lists(st.builds(Step, st.just("domain"), targets, actors, capacities, capacities,
                           st.none(), st.none()), max_size=3).map(tuple)


def words(steps: tuple[Step, ...]) -> tuple[str, ...]:
    """The batch column's words, the long way: worded afresh."""
    return tuple(f"{s.target}: {s.actor} {s.change:+.1f}" for s in steps)


@settings(max_examples=200, deadline=None)
@given(st.lists(steps, min_size=1, max_size=20))
def test_the_words_of_what_it_takes_are_those_of_the_steps_they_are_kept_for(drawn):
    # each tuple made anew from a list (so of its exact size, from the interpreter's
    # store of freed tuples) and dropped once worded (freed there and then: it holds no
    # cycle), so that Python gives its id to the next one of that size: words kept by
    # the id alone would be another region's
    for made in drawn:
        fresh = tuple([Step(*s) for s in made])
        assert batch._steps_text(fresh) == words(made)
        del fresh


def test_ids_are_reused_as_the_words_test_needs():
    """The test above finds words kept by id alone only if Python gives a dropped
    tuple's id to the next one: it does here (CPython), or this says it does not."""
    seen = set()
    for i in range(50):
        fresh = tuple([Step("domain", "social", "residents", 10.0, float(i), None, None)])
        seen.add(id(fresh))
        del fresh
    assert len(seen) < 50


def test_the_words_kept_are_bounded(monkeypatch):
    monkeypatch.setattr(batch, "_WORDED", {})
    kept = [(Step("domain", "social", "residents", 10.0, v / 10, None, None),)
            for v in range(batch._WORDED_MAX + 10)]
    for made in kept:
        assert batch._steps_text(made) == words(made)
    assert len(batch._WORDED) <= batch._WORDED_MAX


shares = st.floats(-10, 100, allow_nan=False)
groups = st.sampled_from(["national", "own", "other"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(groups, shares), st.dictionaries(groups, st.one_of(
    st.just(0.0), st.floats(0.5, 100))))
def test_the_best_share_is_the_largest_share_of_a_group_with_a_total(present, totals):
    longhand = max((w / totals[g] for g, w in present.items() if totals.get(g)), default=0.0)
    found = scoring._best_share(present, totals)
    assert found == longhand and type(found) is type(longhand)


def nothing_is_none_longhand(data: dict) -> dict:
    """Each empty list or mapping given as nothing made empty, in a copy made always."""
    out = {**data}
    for key, kind in (("context", dict), ("initiatives", list), ("sources", list)):
        if key in out and out[key] is None:
            out[key] = kind()
    if isinstance(out.get("context"), dict) and "designations" in out["context"] \
            and out["context"]["designations"] is None:
        out["context"] = {**out["context"], "designations": []}
    if isinstance(out.get("actors"), dict):
        out["actors"] = {a: {} if e is None else {**e, "indicators": {}} if isinstance(
            e, dict) and "indicators" in e and e["indicators"] is None else e
            for a, e in out["actors"].items()}
    return out


nothing = st.one_of(st.none(), st.just([]), st.just({}), st.integers(0, 3))
actor_entries = st.one_of(st.none(), st.integers(), st.fixed_dictionaries(
    {}, optional={"rating": st.one_of(st.none(), st.integers(1, 5)), "indicators": nothing}))
profiles = st.fixed_dictionaries({}, optional={
    "format": st.just("regionlab/profile/v1"), "context": st.one_of(nothing, st.fixed_dictionaries(
        {}, optional={"designations": nothing, "population": st.integers(0, 9)})),
    "initiatives": nothing, "sources": nothing,
    "actors": st.one_of(nothing, st.dictionaries(st.sampled_from(
        ["municipality", "residents", "x"]), actor_entries))})


@settings(max_examples=300, deadline=None)
@given(profiles)
def test_nothing_given_is_made_empty_and_the_files_data_are_left_alone(data):
    before = copy.deepcopy(data)
    assert validate._nothing_is_none(data) == nothing_is_none_longhand(before)
    assert data == before
