"""The fast builder must read every document exactly as PyYAML's own safe loader."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from regionlab.base import yamlio, yamlparse
from regionlab.errors import InputError

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
    # what PyYAML refuses is refused; what both read is read alike (regionlab refuses
    # more: duplicate and merge keys, aliases, huge integers)
    if expected is Exception:
        assert data is Exception
    elif data is not Exception:
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


# --- the fast path against the strict loader, on files they refuse too ---------------------


def _outcome(read):
    """The data read, or the code and line of the problem a refusal names first."""
    try:
        return "read", read()[0]
    except InputError as e:
        return "refused", e.problems[0].code, e.problems[0].line


def _strict(text: str):
    return _outcome(lambda: yamlparse._parse(yamlparse.StrictLoader, text, "t.yaml"))


# values and keys that each make a file refused, or nearly: duplicates, merge keys, huge
# integers, impossible dates, tags, keys that are lists, keys spelt alike
_VALUES = st.sampled_from(["1", "x", "99999999999999999999", "2019-13-45", "!!int x", "<<",
                           "yes", "[1, 2]", "{a: 1, a: 2}", "!!set {a}", "!!binary x", "~",
                           "'q'", "!!seq abc", "!custom 1", "\t1", "[a", "2019-02-03",
                           "!!int _", "!!float ''"])
_KEYS = st.sampled_from(["a", "b", "<<", "1", "'1'", "true", "99999999999999999999", "[x]",
                         "? a", "2019-13-45", "!!int +"])


@st.composite
def _block(draw, depth: int = 0) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(_KEYS)
        if depth < 2 and draw(st.booleans()):
            lines.append(f"{key}:")
            lines += ["  " + line for line in draw(_block(depth + 1))]
        else:
            lines.append(f"{key}: {draw(_VALUES)}")
    return lines


@settings(max_examples=400, deadline=None)
@given(st.one_of(_block().map(lambda lines: "\n".join(lines) + "\n"),
                 st.text(alphabet="ab:- \n[]{},'\"!&#0123456789.<?\t", max_size=60)))
def test_the_fast_path_reads_and_refuses_as_the_strict_loader(text):
    # texts without a '*', which the fast path reads: the same data, or refused by
    # both with the same problem code on the same line (the comparison once ran only
    # when both read the file, which let a duplicate key through)
    text = text.replace("*", "")
    assert _outcome(lambda: yamlio.parse(text, "t.yaml")) == _strict(text)
    # and the fast loader alone refuses nothing that the strict one reads (parse
    # gives a refused file to the strict loader, which names its problem)
    try:
        fast = _outcome(lambda: yamlparse._parse(yamlparse._FastLoader, text, "t.yaml"))
    except (ValueError, TypeError, LookupError, AttributeError, yamlparse._Unusual):
        return  # left to the strict loader by parse
    if fast[0] == "refused":
        assert _strict(text)[0] == "refused"


@pytest.mark.parametrize("value", ['!!int ""', "!!int _", "!!int +", "!!int -_",
                                   '!!float ""', "!!float _", "[1, !!int _]"])
def test_a_tagged_number_pyyaml_cannot_read_is_a_problem_at_its_line(value):
    """PyYAML's int and float constructors fail on these with IndexError, not the
    ValueError of other unreadable values: it was a traceback, which stopped a whole
    batch, where a problem naming the line is due."""
    with pytest.raises(InputError) as e:
        yamlio.parse(f"format: regionlab/profile/v1\nyear: {value}\n", "t.yaml")
    assert (e.value.problems[0].code, e.value.problems[0].line) == ("invalid-value", 2)


@pytest.mark.parametrize(("text", "code", "line"), [
    ("a:\n  a: 1\n  a: 1\na: 1\na: 1\n", "duplicate-key", 4),  # the outer mapping's, first
    ("a:\n  b: 1\n  b: 2\nc: 99999999999999999999\n", "out-of-range", 4),
    ("a: 1\nb:\n  <<: {c: 1}\na: 2\n", "duplicate-key", 4),
    ("a:\n  - {b: 1, b: 2}\n  - 99999999999999999999\n", "out-of-range", 3),
])
def test_a_file_with_two_problems_names_the_one_the_strict_loader_names(text, code, line):
    assert _strict(text) == ("refused", code, line)
    with pytest.raises(InputError) as e:
        yamlio.parse(text, "t.yaml")
    assert (e.value.problems[0].code, e.value.problems[0].line) == (code, line)


def test_path_resolvers_are_refused_even_under_python_o():
    # the loaders' shortcuts assume no path resolvers: checked for real (an `assert`
    # is gone under -O); one added to PyYAML's own loaders does not reach them
    import subprocess
    import sys

    script = """
import yaml
from regionlab.base import yamlio, yamlparse
yaml.add_path_resolver("tag:yaml.org,2002:str", ["a"], Loader=yaml.CSafeLoader)
yaml.add_path_resolver("tag:yaml.org,2002:str", ["a"], Loader=yaml.SafeLoader)
assert yamlio.parse("a: 1\\n", "t.yaml")[0] == {"a": 1}
yaml.add_path_resolver("tag:yaml.org,2002:str", ["a"], Loader=yamlparse.StrictLoader)
try:
    yamlio.parse("a: '*'\\n", "t.yaml")
except RuntimeError as e:
    print("refused:", e)
"""
    out = subprocess.run([sys.executable, "-O", "-c", script], capture_output=True,
                         text=True, check=True)
    assert out.stdout.startswith("refused: a path resolver was added to StrictLoader")


# numbers as a person may write them: signs, leading zeros, '_', ':', exponents, dots
_NUMBERS = st.one_of(
    st.from_regex(r"[-+]?[0-9_]{0,21}(\.[0-9_]{0,4})?([eE][-+]?[0-9]{1,3})?(:[0-9]{1,2})?",
                  fullmatch=True),
    st.integers(-2**64, 2**64).map(str), st.floats().map(repr),
    st.sampled_from(["0", "-0", "0.0", "-0.0", "00", "1.", ".5", "-.5", "9" * 18, "9" * 19,
                     "1" + "0" * 400 + ".0", "-" + "9" * 18]))


@settings(max_examples=500, deadline=None)
@given(st.lists(_NUMBERS, min_size=1, max_size=4), st.booleans())
def test_numbers_are_read_as_pyyaml_reads_them(texts, flow):
    # the fast path reads the common spellings with int() and float(); every number
    # must be the one (and of the type) PyYAML's constructors give, -0.0 included
    text = ("a: [" + ", ".join(texts) + "]\n" if flow
            else "".join(f"k{i}: {t}\n" for i, t in enumerate(texts)))
    fast, strict = _outcome(lambda: yamlio.parse(text, "t.yaml")), _strict(text)
    assert repr(fast) == repr(strict)


def _problems_or_data(read):
    try:
        return "read", repr(read())
    except InputError as e:
        return "refused", e.problems


_TEXTS = st.one_of(
    _block().map(lambda lines: "\n".join(lines) + "\n"),
    # decomposed characters (NFD Hangul, a + combining acute), which decoding composes
    st.lists(st.sampled_from(["a", ": ", "\n", "- ", "'", "\u1100\u1161", "a\u0301", "가",
                              "#", "\ufeff", "[", "]"]), max_size=12).map("".join),
    st.text(alphabet="ab:- \n[]{},'\"!&#0123456789.<?\t가각\u1100\u1161\u0301é\x01\x85\u2028\ufeff",
            max_size=60))


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_text_given_as_its_utf8_is_read_as_the_text(text):
    # libyaml reads UTF-8 either way: the same data, or the same problems, word for word
    assert _problems_or_data(lambda: yamlio.parse(text, "t.yaml", text.encode())) == \
        _problems_or_data(lambda: yamlio.parse(text, "t.yaml"))


@settings(max_examples=200, deadline=None)
@given(_TEXTS, st.booleans())
def test_a_file_loads_as_its_decoded_text_parses(tmp_path_factory, text, bom):
    # with or without a byte-order mark, composed (NFC) or not: load_file gives what
    # parsing the decoded text gives
    path = tmp_path_factory.mktemp("f") / "p.yaml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    assert _problems_or_data(lambda: yamlio.load_file(path)) == _problems_or_data(
        lambda: yamlio.parse(yamlio.read_text(path), str(path)))


# --- plain values and keys that YAML reads as other types, written out by hand ----------------

# spellings PyYAML's resolver reads as booleans, nulls, numbers, dates and merge keys, and
# some it reads as text although they look like one of those
_SPELT = st.sampled_from([
    "yes", "No", "ON", "off", "y", "n", "true", "False", "TRUE", "tRue", "~", "null", "Null",
    "NULL", "nULL", "0", "-0", "+0", "7", "-12", "+12", "1_000", "0x1F", "0o17", "0b101",
    "012", "12:30:00", "190:20:30.15", "1.5", "-1.5", "1.", ".5", "-.5", "1e3", "1.0e+3",
    "6.8523015e+5", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "2019-02-03", "2019-2-3",
    "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2019-13-45", "<<", "=",
    "9223372036854775808", "99999999999999999999", "3.14.15", "1,000", "0.1.2", "a b",
    "-", "x-1", "1a", "가", "e3", "_1"])
_SCALAR_TEXT = st.one_of(_SPELT, st.from_regex(r"[a-z0-9.+:_-]{1,8}", fullmatch=True))


def _written(text: str, how: str) -> str:
    if how == "plain":
        return text
    return "'" + text.replace("'", "''") + "'" if how == "single" else '"' + text + '"'


_VALUE = st.builds(_written, _SCALAR_TEXT, st.sampled_from(["plain", "plain", "single", "double"]))


@st.composite
def _document(draw, depth: int = 0, indent: str = "", flow: bool = False) -> str:
    """A block or flow mapping or list of those values, keys spelt the same way (inside
    a flow collection, only flow ones)."""
    flow = flow or draw(st.booleans())
    nested = st.deferred(lambda: _document(depth + 1, indent + "  ", flow)) if depth < 2 \
        else st.nothing()
    item = st.one_of(_VALUE, nested)

    def block(lead: str, value: str) -> str:  # a nested block collection on lines of its own
        return f"\n{indent}{lead}" + ("" if value.startswith("\n") else " ") + value

    if draw(st.booleans()):  # a mapping; keys distinct in their spelling, as regionlab asks
        keys = draw(st.lists(_VALUE, min_size=1, max_size=4,
                             unique_by=lambda k: k.strip("'\"")))
        items = [(k, draw(item)) for k in keys]
        if flow:
            return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
        return "".join(block(f"{k}:", v) for k, v in items)
    items = draw(st.lists(item, min_size=1, max_size=4))
    if flow:
        return "[" + ", ".join(items) + "]"
    return "".join(block("-", v) for v in items)


def _same_tags(ours: yaml.Node, theirs: yaml.Node) -> None:
    assert (type(ours), yamlio.tag_of(ours)) == (type(theirs), theirs.tag)
    if isinstance(ours, yaml.ScalarNode):
        assert ours.value == theirs.value
        return
    for a, b in zip(ours.value, theirs.value, strict=True):
        for x, y in zip(a, b, strict=True) if isinstance(ours, yaml.MappingNode) else [(a, b)]:
            _same_tags(x, y)


@settings(max_examples=200, deadline=None)  # 500 took 4 s of the suite, for little more
@given(_document())
def test_plain_values_and_keys_are_read_as_yaml_load_reads_them(text):
    # numbers, booleans, nulls, dates and text, plain or quoted, as keys and values, in
    # flow and block lists and mappings: what regionlab reads is what PyYAML reads, of
    # the same type (repr: 1 is not 1.0 or True, nan is nan); what it refuses, it
    # refuses for a reason of its own, never for a value PyYAML reads
    text = text.lstrip("\n") + "\n"
    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, ValueError, TypeError):
        expected = Exception
    try:
        data, node = yamlio.parse(text, "t.yaml")
    except InputError as e:
        assert e.problems[0].code in {"yaml-1-1-number", "out-of-range", "merge-not-allowed",
                                      "duplicate-key", "invalid-value", "tag-not-allowed",
                                      "yaml-syntax", "empty-file"}, e.problems
        return
    assert expected is not Exception
    assert repr(data) == repr(expected)
    # the nodes handed back (for line numbers) answer the tag PyYAML's resolver gives
    # (and its constructor leaves: a key '=' is retagged as text)
    loader = yaml.CSafeLoader(text)
    try:
        theirs = loader.get_single_node()
        loader.construct_document(theirs)
    finally:
        loader.dispose()
    _same_tags(node, theirs)
