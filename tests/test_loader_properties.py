"""Properties of the profile loader, with generated input: whatever the text, loading
gives a Profile or an InputError whose problems are located in that text (never a
traceback); and a valid profile written out as YAML loads back as exactly itself."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regionlab.base import yamlio
from regionlab.errors import InputError
from regionlab.policy.framework import load_framework
from regionlab.profile.models import (
    ACTORS,
    FORMAT,
    FUNDING,
    OUTCOMES,
    STAGES,
    TYPES,
    Actor,
    Initiative,
    Profile,
    Region,
)
from regionlab.profile.validate import check_profile

FW = load_framework()
PROFILES = sorted((Path(__file__).resolve().parents[1] / "profiles").rglob("*.yaml"))
EXAMPLES = [p.read_text(encoding="utf-8") for p in PROFILES]

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def load(text: str) -> Profile | InputError:
    """Load `text`; the only outcomes allowed are a Profile and a well-formed InputError."""
    try:
        data, node = yamlio.parse(text, "gen.yaml")
        profile = check_profile(data, node, "gen.yaml", FW)
    except InputError as e:
        lines = max(1, len(text.splitlines()))
        assert e.problems
        for p in e.problems:
            assert p.file == "gen.yaml"
            assert p.code and p.message, p
            assert p.line is None or 1 <= p.line <= lines, (p, lines)
        return e
    assert isinstance(profile, Profile)
    return profile


# --- any text, any YAML ---------------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.sampled_from(["yes", "no", "~", "2019-02-30", "1e400", "0x1F", "45130", ""]),
)
yaml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=12), st.integers(), st.booleans()),
                        inner, max_size=4),
    ),
    max_leaves=20,
)


@SETTINGS
@given(st.text())
def test_any_text_loads_or_is_located(text):
    load(text)


@SETTINGS
@given(yaml_values, st.booleans())
def test_any_yaml_loads_or_is_located(value, flow):
    load(yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow))


# --- mutations of valid profiles ------------------------------------------------------------


def paths(data, prefix=()):
    """Every place in nested data: key paths into mappings, indices into lists."""
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        yield (*prefix, key)
        if isinstance(value, dict | list) and value:
            yield from paths(value, (*prefix, key))


def parent_of(data, path):
    for step in path[:-1]:
        data = data[step]
    return data


def mutate(data, path, how: str, new_key, new_value):
    data = copy.deepcopy(data)
    parent, last = parent_of(data, path), path[-1]
    if how == "drop":
        del parent[last]
    elif how == "replace":
        parent[last] = new_value
    elif isinstance(parent, dict):  # rename, keeping the order of keys
        items = [(new_key if k == last else k, v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)
    return data


@SETTINGS
@given(st.data())
def test_mutated_profiles_load_or_are_located(data):
    base = yaml.safe_load(data.draw(st.sampled_from(EXAMPLES)))
    for _ in range(data.draw(st.integers(1, 3))):
        if not base:
            break
        path = data.draw(st.sampled_from(list(paths(base))))
        how = data.draw(st.sampled_from(["drop", "rename", "replace"]))
        new_key = data.draw(st.one_of(st.text(max_size=12), st.sampled_from(
            ["ratng", "rating", "Rating", "format", "str", "float", "typed-dict", "[key]"])))
        base = mutate(base, path, how, new_key, data.draw(yaml_values))
    load(yaml.safe_dump(base, allow_unicode=True, sort_keys=False))


@SETTINGS
@given(st.data())
def test_edited_profile_text_loads_or_is_located(data):
    lines = data.draw(st.sampled_from(EXAMPLES)).splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(lines) - 1))
        how = data.draw(st.sampled_from(["duplicate", "drop", "tab", "truncate"]))
        if how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "drop" and len(lines) > 1:
            del lines[i]
        elif how == "tab":
            lines[i] = lines[i].replace("  ", "\t", 1)
        elif how == "truncate":
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
    load("".join(lines))


# --- round trip -----------------------------------------------------------------------------

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
# PyYAML's emitter writes these line breaks raw into quoted text, and reading folds them
# into a space: a round trip of PyYAML itself, not of regionlab, so they are left out.
CHARS = st.characters(codec="utf-8", exclude_characters="\x85\u2028\u2029")
names = st.text(st.one_of(HANGUL, CHARS), min_size=1, max_size=20)
some_text = st.text(CHARS, max_size=40)
ratings = st.one_of(st.integers(1, 5), st.floats(1, 5))
figures = st.one_of(st.integers(-10**9, 10**9), st.floats(allow_nan=False, allow_infinity=False))


def _figures(ind):
    """Any finite number the indicator can take (its `valid` range, in framework.yaml)."""
    if ind.valid is None:
        return figures
    low, high = ind.valid
    return st.one_of(st.integers(int(low), int(high)),
                     st.floats(low, high, allow_nan=False, allow_infinity=False))


@st.composite
def actors(draw, actor: str):
    entry, expected = {}, {}
    if draw(st.booleans()):
        entry["rating"] = draw(ratings)
        expected["rating"] = float(entry["rating"])
    chosen = draw(st.lists(st.sampled_from(sorted(FW.indicators[actor])), unique=True))
    if chosen or draw(st.booleans()):
        entry["indicators"] = {name: draw(_figures(FW.indicators[actor][name]))
                               for name in chosen}
        expected["indicators"] = {k: float(v) for k, v in entry["indicators"].items()}
    if draw(st.booleans()):
        entry["note"] = expected["note"] = draw(some_text)
    return entry, Actor(**expected)


@st.composite
def initiatives(draw):
    entry = {"name": draw(names), "type": draw(st.sampled_from(TYPES)),
             "stage": draw(st.sampled_from(STAGES)), "lead": draw(st.sampled_from(ACTORS))}
    for key, values in (("funding", FUNDING), ("outcome", OUTCOMES)):
        if draw(st.booleans()):
            entry[key] = draw(st.sampled_from(values))
    if draw(st.booleans()):
        entry["note"] = draw(some_text)
    return entry, Initiative(**entry)


@st.composite
def contexts(draw):
    context = {}
    if draw(st.booleans()):
        context["designations"] = draw(st.lists(st.sampled_from(sorted(FW.designations)),
                                                unique=True))
    counts = st.integers(0, 10**8) | st.floats(0, 1e8)
    for name in ("population", "women_20_39", "population_65plus", "grdp_trillion_krw"):
        if draw(st.booleans()):
            context[name] = draw(counts)
    if draw(st.booleans()):
        context["fiscal_self_reliance_pct"] = draw(st.floats(0, 100) | st.integers(0, 100))
    return context


@st.composite
def profiles(draw):
    region = {"code": draw(st.text(CHARS, min_size=1, max_size=32)), "name": draw(names)}
    for key in ("name_local", "parent"):
        if draw(st.booleans()):
            region[key] = draw(names)
    # any code is valid outside Korea; Korean codes are checked against the reference
    # table (tests/test_hostile.py)
    region["country"] = draw(st.from_regex(r"[A-Z]{2}", fullmatch=True).filter(
        lambda c: c != "KR"))
    drawn = {a: draw(actors(a)) for a in ACTORS}
    data = {"format": FORMAT, "region": region, "year": draw(st.integers(1900, 2100)),
            "actors": {a: entry for a, (entry, _) in drawn.items()}}
    context = draw(contexts())
    if context or draw(st.booleans()):
        data["context"] = context
    planned = draw(st.lists(initiatives(), max_size=3))
    if planned or draw(st.booleans()):
        data["initiatives"] = [entry for entry, _ in planned]
    sources = draw(st.lists(some_text, max_size=3))
    if sources or draw(st.booleans()):
        data["sources"] = sources
    expected = Profile(
        format=FORMAT, region=Region(**region), year=data["year"],
        actors={a: actor for a, (_, actor) in drawn.items()}, context=context,
        initiatives=tuple(i for _, i in planned), sources=tuple(sources),
    )
    return data, expected


@SETTINGS
@given(profiles(), st.booleans())
def test_valid_profiles_round_trip(generated, sort_keys):
    data, expected = generated
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=sort_keys)
    assert load(text) == expected
