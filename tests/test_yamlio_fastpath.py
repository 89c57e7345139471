"""The fast builder must read every document exactly as PyYAML's own safe loader."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from regionlab.errors import InputError
from regionlab.profile import yamlio

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False), st.text(max_size=20),
    st.sampled_from(["yes", "No", "on", "0x1F", "0o17", "1_000", "2019-02-03", "1e3",
                     ".inf", "~", "null", "3.0", "+12", "12:30:00", "2019-02-03 10:00:00"]),
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(documents, st.booleans())
def test_fast_path_reads_what_yaml_load_reads(doc, flow):
    text = yaml.safe_dump({"doc": doc}, allow_unicode=True, default_flow_style=flow)
    expected = yaml.load(text, Loader=yaml.CSafeLoader)
    data, _ = yamlio.parse(text, "t.yaml")
    assert data == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab:- \n[]{},'\"!&*#0123456789.", max_size=60))
def test_fast_path_agrees_on_arbitrary_text(text):
    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        expected = Exception
    except (ValueError, TypeError):
        expected = Exception
    try:
        data, _ = yamlio.parse(text, "t.yaml")
    except InputError:
        data = Exception
    if data is not Exception and expected is not Exception:
        assert data == expected


def test_explicit_collection_tags_keep_pyyaml_meaning():
    data, _ = yamlio.parse("a: !!set {x, y}\nb: !!omap [{k: 1}]\n", "t.yaml")
    assert data == yaml.load("a: !!set {x, y}\nb: !!omap [{k: 1}]\n", Loader=yaml.CSafeLoader)


def test_a_list_tag_on_a_plain_value_is_refused_as_yaml_load_refuses_it():
    with pytest.raises(yaml.YAMLError):
        yaml.load("a: !!seq abc", Loader=yaml.CSafeLoader)
    with pytest.raises(InputError) as e:
        yamlio.parse("a: !!seq abc\n", "t.yaml")
    assert e.value.problems[0].line == 1


@pytest.mark.parametrize("text", ['1: a\n"1": b\n', 'true: a\n"true": b\n', "a: 1\n'a': 2\n"])
def test_a_key_spelt_twice_is_refused_whatever_its_type(text):
    # the strict loader (text with a '*') and the fast one agree: by spelling
    for doc in (text, text + "c: '*'\n"):
        with pytest.raises(InputError) as e:
            yamlio.parse(doc, "t.yaml")
        assert e.value.problems[0].code == "duplicate-key"
