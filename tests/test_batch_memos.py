"""What a batch works out once and keeps, or works out by a shorter way, gives what
the long way gives: the words of what it takes, kept per tuple of steps; the best
share of a group's weight, written as a loop."""

from __future__ import annotations

import gc

from hypothesis import given, settings
from hypothesis import strategies as st

from regionlab.engine import scoring
from regionlab.nation import batch
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
    # each tuple made anew and dropped once worded, so that Python gives its id to the
    # next one: words kept by the id alone would be another region's
    for made in drawn:
        fresh = tuple(Step(*s) for s in made)
        assert batch._steps_text(fresh) == words(made)
        del fresh
        gc.collect()


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
