"""A profile's figures against the framework: each figure outside its indicator's valid
range, or from a year the vintage rule does not allow, is a problem on its own line,
whatever else the profile holds (checked for every figure of every profile, so its
check is written for speed and held here to the rule as the framework states it)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from regionlab.errors import InputError
from regionlab.policy.framework import load_framework
from regionlab.profile.models import ACTORS
from regionlab.profile.validate import check_profile

FW = load_framework()
NAMES = sorted({name for actor in ACTORS for name in FW.indicators[actor]})


def _profile(year: int, indicators: dict[str, dict]) -> dict:
    return {"format": "regionlab/profile/v1",
            "region": {"code": "X1", "name": "Somewhere", "country": "XX"}, "year": year,
            "actors": {a: {"rating": 3, "indicators": indicators.get(a, {})} for a in ACTORS}}


_VALUES = st.one_of(st.integers(-200, 200_000), st.floats(-200, 1e6), st.sampled_from(
    [0, 100, 100.5, -100, -100.5, 1e300, 2**70]))
_FIGURES = st.one_of(_VALUES, st.fixed_dictionaries(
    {"value": _VALUES}, optional={"year": st.one_of(st.integers(2000, 2030), st.none())}))


def _expected(year: int, indicators: dict[str, dict]) -> set[tuple[str, str]]:
    """(field, code) of each figure problem, by the rule as docs/profile-format.md says."""
    out = set()
    for actor, named in indicators.items():
        for name, given_ in named.items():
            ind = FW.indicator(actor, name)
            field = f"actors.{actor}.indicators.{name}"
            if ind is None:
                out.add((field, "unknown-indicator"))
                continue
            value, vintage = ((given_["value"], given_.get("year")) if isinstance(given_, dict)
                              else (given_, None))
            if not ind.valid[0] <= value <= ind.valid[1]:
                out.add((field + (".value" if isinstance(given_, dict) else ""), "out-of-range"))
            if vintage is None:
                continue
            if vintage - year > ind.carry_back:
                out.add((field + ".year", "figure-from-later-year"))
            elif ind.max_lag is not None and year - vintage > ind.max_lag:
                out.add((field + ".year", "figure-too-old"))
    return out


@settings(max_examples=300, deadline=None)
@given(st.integers(2005, 2025), st.dictionaries(
    st.sampled_from(ACTORS), st.dictionaries(st.sampled_from([*NAMES, "no_such_figure"]),
                                             _FIGURES, max_size=6), max_size=4))
def test_each_figure_problem_is_found_and_nothing_else(year, indicators):
    try:
        check_profile(_profile(year, indicators), None, "p.yaml", FW)
        found = set()
    except InputError as e:
        found = {(p.field, p.code) for p in e.problems}
    assert found == _expected(year, indicators)


_CONTEXT_VALUES = st.one_of(
    st.integers(-10, 10**7), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.none(), st.text(max_size=5), st.sampled_from([0, 0.0, 100, 100.0, 100.5, -0.5, 1e308]))


def _context_expected(context: dict) -> set[tuple[str, str]]:
    out = set()
    for name, value in context.items():
        figure = FW.context.get(name)
        field = f"context.{name}"
        if figure is None:
            out.add((field, "unknown-context"))
        elif isinstance(value, bool) or not isinstance(value, int | float):
            out.add((field, "wrong-type"))
        elif value != value or value in (float("inf"), float("-inf")):
            out.add((field, "invalid-value"))
        elif value < figure.min or (figure.max is not None and value > figure.max):
            out.add((field, "out-of-range"))
    numbers = {k: v for k, v in context.items()
               if isinstance(v, int | float) and not isinstance(v, bool)}
    for name, figure in FW.context.items():
        parts = figure.derived_from
        if parts and name in numbers and all(p in numbers for p in parts) \
                and numbers[parts[1]] and abs(numbers[parts[0]] / numbers[parts[1]]
                                              - numbers[name]) > 0.005:
            out.add((f"context.{name}", "conflicting-figure"))
    return out


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([*FW.context, "no_such_figure"]), _CONTEXT_VALUES,
                       max_size=7))
def test_each_context_figure_problem_is_found_and_nothing_else(context):
    # the schema leaves the context's values to this check (any value may be given)
    try:
        check_profile({**_profile(2020, {}), "context": context}, None, "p.yaml", FW)
        found = set()
    except InputError as e:
        found = {(p.field, p.code) for p in e.problems}
    assert found == _context_expected(context)
