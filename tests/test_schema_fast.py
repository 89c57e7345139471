"""Data that fit a schema are checked in Python (base/schema.py, `_fitted`) and
pydantic-core is asked only about the rest: the two must give the same data, and
Python must never pass what pydantic-core refuses. Checked on the shipped schemas
with generated data, on the profiles and data files shipped, and on the schema
helpers (the dicts pydantic-core's own helpers build)."""

from __future__ import annotations

import copy
import datetime
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic_core import SchemaValidator, ValidationError
from pydantic_core import core_schema as cs

from regionlab.base import schema, yamlio
from regionlab.base.schema import _fitted, _Unsure
from regionlab.policy.framework import SCHEMA as FRAMEWORK
from regionlab.profile.models import PROFILE
from regionlab.rules.rulebook import SCHEMA as RULEBOOK
from regionlab.trust.stability import SCHEMA as ROBUSTNESS

ROOT = Path(__file__).resolve().parents[1]
PROFILES = sorted((ROOT / "profiles").rglob("*.yaml"))
# every kind of check the helpers make, some where the two could differ most (a union
# of a whole number and a number; a pattern)
KINDS = schema.Schema(schema.record(
    required={"flag": schema.boolean(), "n": schema.either(schema.integer(), schema.number()),
              "code": schema.text(pattern=r"^[A-Z]{2}$")},
    optional={"kind": (schema.one_of("a", "b"), "a"),
              "names": (schema.mapping(schema.list_of(schema.text())), {}),
              "some": (schema.list_of(schema.integer(gt=0, lt=10)), []),
              "share": (schema.number(ge=0, le=1), None),
              "any": (schema.anything(), None),
              "label": (schema.text(min_length=1, max_length=3), None)}))
SCHEMAS = {"profile": PROFILE, "framework": FRAMEWORK, "rulebook": RULEBOOK,
           "robustness": ROBUSTNESS, "kinds": KINDS}
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def same(a, b) -> bool:
    """Equal, of the same types all the way down, mappings in the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def agree(checked: schema.Schema, data) -> bool:
    """Python's answer, when it has one, is pydantic-core's; returns whether it had one."""
    try:
        fast = _fitted(checked.schema, copy.deepcopy(data))
    except _Unsure:
        return False
    try:
        slow = SchemaValidator(checked.schema).validate_python(copy.deepcopy(data))
    except ValidationError as e:
        pytest.fail(f"passed in Python, refused by pydantic-core: {e}")
    assert same(fast, slow), (fast, slow)
    return True


def test_the_helpers_build_what_pydantic_cores_helpers_build():
    assert schema.text(min_length=1) == cs.str_schema(strict=True, min_length=1)
    assert schema.integer(ge=1) == cs.int_schema(strict=True, ge=1)
    assert schema.number(gt=0) == cs.float_schema(strict=True, allow_inf_nan=False, gt=0)
    assert schema.boolean() == cs.bool_schema(strict=True)
    assert schema.one_of("a", "b") == cs.literal_schema(["a", "b"])
    assert schema.list_of(schema.text()) == cs.list_schema(cs.str_schema(strict=True),
                                                           strict=True)
    assert schema.mapping(schema.anything()) == cs.dict_schema(
        cs.str_schema(strict=True), cs.any_schema(), strict=True)
    assert schema.either(schema.boolean()) == cs.union_schema([cs.bool_schema(strict=True)])
    built = schema.record(required={"a": schema.integer()},
                          optional={"b": (schema.text(), None), "c": (schema.text(), "x"),
                                    "d": (schema.list_of(schema.text()), [])})
    integer, text = cs.int_schema(strict=True), cs.str_schema(strict=True)
    assert built == cs.typed_dict_schema({
        "a": cs.typed_dict_field(integer),
        "b": cs.typed_dict_field(cs.with_default_schema(cs.nullable_schema(text),
                                                        default=None), required=False),
        "c": cs.typed_dict_field(cs.with_default_schema(text, default="x"), required=False),
        "d": cs.typed_dict_field(cs.with_default_schema(cs.list_schema(text, strict=True),
                                                        default_factory=list),
                                 required=False),
    }, extra_behavior="forbid", strict=True)


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.name)
def test_every_shipped_profile_is_checked_in_python_as_pydantic_core_checks_it(path):
    data, _ = yamlio.load_file(path)
    assert agree(PROFILE, data)


@pytest.mark.parametrize("name", ["framework", "rulebook", "robustness"])
def test_the_shipped_data_files_are_checked_in_python_as_pydantic_core_checks_them(name):
    data, _ = yamlio.load_file(ROOT / "src" / "regionlab" / "data" / f"{name}.yaml")
    assert agree(SCHEMAS[name], data)


# YAML's values: what a profile's text can give the checks
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 3000), st.integers(0, 1),
                    st.integers(-(10 ** 400), 10 ** 400), st.floats(allow_nan=True),
                    st.text(max_size=8), st.sampled_from(["KR", "kr", "KRR", "KR\n", "", "Ü",
                                                          "residents", "service", "own"]),
                    st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 1, 1)))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.one_of(st.text(max_size=6), st.integers(0, 3)),
                                        inner, max_size=3), max_leaves=12)


def _places(data, path=()):
    """Every place in the data: (path, value)."""
    yield path, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _places(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _places(v, (*path, i))


def _put(data, path, value):
    if not path:
        return value
    data = copy.deepcopy(data)
    at = data
    for step in path[:-1]:
        at = at[step]
    at[path[-1]] = value
    return data


BASES = [yamlio.load_file(p)[0] for p in PROFILES]


@SETTINGS
@given(st.data())
def test_a_profile_changed_in_one_place_gets_the_same_answer_from_both(draw):
    base = draw.draw(st.sampled_from(BASES))
    places = list(_places(base))
    path, _ = draw.draw(st.sampled_from(places))
    action = draw.draw(st.sampled_from(["replace", "drop", "add"]))
    if action == "replace":
        data = _put(base, path, draw.draw(values))
    elif action == "drop" and path:
        data = copy.deepcopy(base)
        at = data
        for step in path[:-1]:
            at = at[step]
        del at[path[-1]]
    else:
        parent = _put(base, (), base)
        data = copy.deepcopy(parent)
        at = data
        for step in path:
            at = at[step]
        if isinstance(at, dict):
            at[draw.draw(st.one_of(st.text(max_size=6), st.sampled_from(
                ["rating", "note", "year", "country", "funding"])))] = draw.draw(values)
        elif isinstance(at, list):
            at.append(draw.draw(values))
    agree(PROFILE, data)


@SETTINGS
@given(st.fixed_dictionaries({"flag": st.booleans() | values, "n": st.floats() | values,
                              "code": st.sampled_from(["KR", "JP", "KR\n"]) | values},
                             optional={"kind": values, "names": values, "some": values,
                                       "share": values, "any": values, "label": values}))
def test_data_near_each_kind_of_check_get_the_same_answer_from_both(data):
    agree(KINDS, data)


@SETTINGS
@given(st.sampled_from(sorted(SCHEMAS)), values)
def test_any_data_gets_the_same_answer_from_both(name, data):
    agree(SCHEMAS[name], data)
