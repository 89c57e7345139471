"""The rule condition language (regionlab.rules.expr) as a rulebook author meets it:
what conditions mean, what a failed compile says and where, and that nothing a
rulebook contains can get past the checker to run as Python."""

from __future__ import annotations

import ast
import builtins
import difflib  # noqa: F401  (expr imports it on errors: load it before eval is barred)
import warnings

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from regionlab.rules.expr import (
    BOOL,
    FUNCTIONS,
    NUMBER,
    TEXT,
    TEXT_SET,
    Compiled,
    ExprError,
    Missing,
    Symbol,
    compile_expr,
)

DOMAINS = frozenset({"government", "overlap", "social"})
STAGES = frozenset({"prompt", "proposal", "prototype", "sustaining", "scaling", "systemic"})
DESIGNATIONS = frozenset({"industrial_crisis", "employment_crisis", "population_decline",
                          "disaster"})
ACTORS = frozenset({"municipality", "residents", "business_finance", "universities"})

SYMBOLS: dict[str, Symbol] = {
    **{a: Symbol(a, NUMBER) for a in sorted(ACTORS)},
    "fiscal_self_reliance_pct": Symbol("fiscal_self_reliance_pct", NUMBER),
    "year": Symbol("year", NUMBER),
    "designations": Symbol("designations", TEXT_SET, DESIGNATIONS),
    "missing_actors": Symbol("missing_actors", TEXT_SET, ACTORS),
    "low": Symbol("low", NUMBER, kind="threshold"),
    "high": Symbol("high", NUMBER, kind="threshold"),
    "domain": Symbol("domain", TEXT, DOMAINS, kind="outcome"),
    "stage": Symbol("stage", TEXT, STAGES),
    "note": Symbol("note", TEXT),  # text without a fixed list of values
}

ENV = {
    "municipality": 55.0, "residents": 30.0, "business_finance": 70.0, "universities": 65.0,
    "fiscal_self_reliance_pct": 20.5, "year": 2019,
    "designations": frozenset({"industrial_crisis"}), "missing_actors": frozenset(),
    "low": 40.0, "high": 60.0, "domain": "government", "stage": "prototype", "note": "x",
}


def c(source: str) -> Compiled:
    return compile_expr(source, SYMBOLS)


def run(source: str, env: dict | None = None, trace: list | None = None):
    return c(source)(ENV if env is None else env, trace)


def error(source: str) -> ExprError:
    with pytest.raises(ExprError) as info:
        c(source)
    return info.value


def without(*names: str) -> dict:
    return {k: v for k, v in ENV.items() if k not in names}


# --- meaning ----------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "expected"), [
    ("residents < 40", True), ("residents < 30", False),
    ("residents <= 30", True), ("residents <= 29.9", False),
    ("residents > 29.9", True), ("residents > 30", False),
    ("residents >= 30", True), ("residents >= 30.1", False),
    ("residents == 30", True), ("residents == 31", False),
    ("residents != 31", True), ("residents != 30", False),
    ("domain == 'government'", True), ("domain != 'government'", False),
    ("residents < low", True), ("municipality >= low", True),
    ("true", True), ("false", False), ("True", True), ("False", False),
])
def test_comparisons(source, expected):
    assert run(source) is expected


@pytest.mark.parametrize(("residents", "expected"), [
    (39.9, False), (40, True), (50, True), (59.9, True), (60, False),
])
def test_chained_comparison_is_a_band(residents, expected):
    assert run("40 <= residents < 60", {**ENV, "residents": residents}) is expected
    assert run("low <= residents < high", {**ENV, "residents": residents}) is expected


def test_chained_comparison_records_each_step_and_stops_at_the_first_false():
    trace: list = []
    assert run("40 <= residents < 60", {**ENV, "residents": 50.0}, trace) is True
    assert trace == [("40 <= residents", 40, "<=", 50.0, True),
                     ("residents < 60", 50.0, "<", 60, True)]
    trace = []
    assert run("40 <= residents < 60", {**ENV, "residents": 10.0}, trace) is False
    assert trace == [("40 <= residents", 40, "<=", 10.0, False)]


@pytest.mark.parametrize(("source", "expected"), [
    ("residents < low and municipality >= low", True),
    ("residents < low and municipality < low", False),
    ("residents >= low or municipality >= low", True),
    ("residents >= low or municipality < low", False),
    ("not residents >= low", True),
    ("not (residents < low and municipality >= low)", False),
    ("residents < low and (municipality < low or universities >= high)", True),
    ("not true or true", True),  # not binds tighter than or
    ("true or true and false", True),  # and binds tighter than or
])
def test_logic(source, expected):
    assert run(source) is expected


def test_and_or_short_circuit_past_a_missing_value():
    env = without("fiscal_self_reliance_pct")
    assert run("residents < low or fiscal_self_reliance_pct > 10", env) is True
    assert run("residents >= low and fiscal_self_reliance_pct > 10", env) is False
    # only what was evaluated is traced
    trace: list = []
    run("residents < low or municipality < low", ENV, trace)
    assert [t[0] for t in trace] == ["residents < low"]
    # the missing value is read when it is needed
    with pytest.raises(Missing) as info:
        run("residents >= low or fiscal_self_reliance_pct > 10", env)
    assert info.value.name == "fiscal_self_reliance_pct"
    with pytest.raises(Missing):
        run("fiscal_self_reliance_pct > 10 or residents < low", env)


@pytest.mark.parametrize(("source", "expected"), [
    ("residents + 10", 40.0),
    ("residents - municipality", -25.0),
    ("residents * 2", 60.0),
    ("residents / 4", 7.5),
    ("-residents", -30.0),
    ("2 + 3 * 4", 14),
    ("(2 + 3) * 4", 20),
    ("10 - 4 - 3", 3),
    ("year - 2018", 1),
])
def test_arithmetic(source, expected):
    compiled = c(source)
    assert compiled.type == NUMBER
    assert compiled(ENV) == expected


def test_arithmetic_in_a_condition():
    assert run("(municipality + residents) / 2 < low") is False
    assert run("abs(municipality - residents) > 20") is True


@pytest.mark.parametrize(("source", "name"), [
    ("residents / 0 > 1", "0"),
    ("residents / (municipality - 55) > 1", "(municipality - 55)"),
    ("residents / (low - 40) > 1", "(low - 40)"),
])
def test_division_by_zero_is_like_a_missing_value(source, name):
    with pytest.raises(Missing) as info:
        run(source)
    assert info.value.name.replace(" ", "") in name.replace(" ", "")
    # and known() or short-circuit treat it as such
    assert run(f"residents < low or {source}") is True


def test_huge_numbers_are_undefined_not_a_crash():
    huge = "1" + "0" * 400  # a whole number too large for a float
    for source in (f"{huge} + residents > 0", f"{huge} / 3 > 0", f"mean({huge}, 1) > 0",
                   f"{huge} * 0.5 > 1"):
        with pytest.raises(Missing):
            run(source)
    assert run(f"{huge} > residents") is True  # exact comparison needs no float
    assert run("1e308 * 10 > 1") is True  # floats overflow to infinity


@pytest.mark.parametrize(("source", "expected"), [
    ("stage in ['prototype', 'scaling']", True),
    ("stage in ['prompt', 'scaling']", False),
    ("stage not in ['prompt', 'scaling']", True),
    ("stage in ('prototype',)", True),
    ("stage in {'prototype', 'scaling'}", True),
    ("residents in [10, 30, 50]", True),
    ("residents not in [10, 30.0, 50]", False),
    ("year in [2018, 2019]", True),
    ("residents in []", False),
    ("'industrial_crisis' in designations", True),
    ("'disaster' in designations", False),
    ("'disaster' not in designations", True),
    ("'industrial_crisis' not in designations", False),
    ("domain in ['government'] and 'industrial_crisis' in designations", True),
])
def test_membership(source, expected):
    assert run(source) is expected


def test_membership_trace_shows_the_list():
    trace: list = []
    run("stage in ['scaling', 'prototype']", ENV, trace)
    assert trace == [("stage in ['scaling', 'prototype']", "prototype", "in",
                      ["prototype", "scaling"], True)]
    trace = []
    run("'disaster' not in designations", ENV, trace)
    assert trace == [("'disaster' not in designations", "disaster", "not in",
                      ["industrial_crisis"], True)]


@pytest.mark.parametrize(("source", "expected"), [
    ("min(residents, municipality)", 30.0),
    ("min(residents, municipality, 10)", 10),
    ("max(residents, municipality, business_finance, universities)", 70.0),
    ("mean(residents, municipality)", 42.5),
    ("mean(municipality, residents, business_finance, universities)", 55.0),
    ("abs(residents - municipality)", 25.0),
    ("abs(-3)", 3),
    ("count(designations)", 1),
    ("count(missing_actors)", 0),
    ("min(residents)", 30.0),
])
def test_functions(source, expected):
    compiled = c(source)
    assert compiled.type == NUMBER
    assert compiled(ENV) == expected


def test_known():
    assert run("known(residents)") is True
    assert run("known(fiscal_self_reliance_pct)", without("fiscal_self_reliance_pct")) is False
    assert run("known(residents)", {**ENV, "residents": None}) is False
    assert run("not known(residents)", without("residents")) is True
    # the usual guard: read the value only where it is known
    guard = "known(fiscal_self_reliance_pct) and fiscal_self_reliance_pct < 30"
    assert run(guard) is True
    assert run(guard, without("fiscal_self_reliance_pct")) is False
    assert c("known(residents)").type == BOOL


@pytest.mark.parametrize("name", ["residents", "designations", "domain", "low"])
def test_a_missing_value_raises_missing_with_its_name(name):
    source = {"residents": "residents < 50", "designations": "'disaster' in designations",
              "domain": "domain == 'social'", "low": "residents < low"}[name]
    for env in (without(name), {**ENV, name: None}):
        with pytest.raises(Missing) as info:
            run(source, env)
        assert info.value.name == name
    with pytest.raises(Missing) as info:
        run("count(missing_actors) > 0 or mean(residents, universities) > 1",
            without("universities"))
    assert info.value.name == "universities"


def test_trace_records_each_comparison():
    trace: list = []
    assert run("residents < low and municipality >= low", ENV, trace) is True
    assert trace == [("residents < low", 30.0, "<", 40.0, True),
                     ("municipality >= low", 55.0, ">=", 40.0, True)]
    trace = []
    run("domain == 'social' or abs(residents - 40) <= 10", ENV, trace)
    assert trace == [("domain == 'social'", "government", "==", "social", False),
                     ("abs(residents - 40) <= 10", 10.0, "<=", 10, True)]
    # no trace list, no tracing
    assert run("residents < low", ENV, None) is True


def test_compiled_knows_its_type_and_names():
    compiled = c("  mean(residents, municipality) >= low and 'disaster' in designations  ")
    assert compiled.source == "mean(residents, municipality) >= low and 'disaster' in designations"
    assert compiled.type == BOOL
    assert compiled.names == {"residents", "municipality", "low", "designations"}
    assert c("domain").type == TEXT
    assert c("designations").type == TEXT_SET
    assert c("residents").type == NUMBER
    assert c("true").names == frozenset()


# --- compile errors: message and column --------------------------------------------------


@pytest.mark.parametrize(("source", "col", "fragments"), [
    ("resident < low", 1, ["unknown name 'resident'", "did you mean 'residents'?"]),
    ("residents < lwo", 13, ["unknown name 'lwo'", "did you mean 'low'?"]),
    ("municipality >= low and residnets < low", 25, ["did you mean 'residents'?"]),
    ("known(fiscal_self_reliance)", 7, ["did you mean 'fiscal_self_reliance_pct'?"]),
    ("zzz > 1", 1, ["unknown name 'zzz'"]),
])
def test_unknown_name(source, col, fragments):
    e = error(source)
    assert e.col == col
    for fragment in fragments:
        assert fragment in str(e)


def test_unknown_name_without_a_close_match_has_no_suggestion():
    assert "did you mean" not in str(error("qqqqqq > 1"))


@pytest.mark.parametrize(("source", "col", "fragments"), [
    ("domain == 'goverment'", 11, ["'goverment' is never a value of domain",
                                   "did you mean 'government'?", "allowed: government"]),
    ("'goverment' == domain", 1, ["did you mean 'government'?"]),
    ("domain != 'Social'", 11, ["did you mean 'social'?"]),
    ("domain in ['government', 'socal']", 26, ["'socal' is never a value of domain",
                                               "did you mean 'social'?"]),
    ("'industrial_crises' in designations", 1, ["never a value of designations",
                                                "did you mean 'industrial_crisis'?"]),
    ("'disaster' not in missing_actors", 1, ["never a value of missing_actors"]),
    ("stage == 'prototyping'", 10, ["did you mean 'prototype'?"]),
])
def test_text_value_that_a_name_never_takes(source, col, fragments):
    e = error(source)
    assert e.col == col
    for fragment in fragments:
        assert fragment in str(e)


def test_text_without_a_fixed_list_takes_any_value():
    assert run("note == 'anything at all'") is False


@pytest.mark.parametrize(("source", "col", "fragments"), [
    ("residents < 'high'", 13, ["cannot compare number 'residents' with text ''high''"]),
    ("residents == domain", 14, ["cannot compare number", "with text 'domain'"]),
    ("domain < 3", 1, ["'domain' is text; '<' compares numbers"]),
    ("designations > 1", 1, ["set of text", "compares numbers"]),
    ("residents and true", 1, ["'residents' is number; true/false expected"]),
    ("true or low", 9, ["'low' is number; true/false expected"]),
    ("not residents", 5, ["'residents' is number; true/false expected"]),
    ("-domain", 2, ["'domain' is text; number expected"]),
    ("residents + 'a' > 1", 13, ["''a'' is text; number expected"]),
    ("residents in 5", 14, ["'5' is number", "'in' needs a list [...] or a set"]),
    ("residents in low", 14, ["'low' is number", "'in' needs a list"]),
    ("'disaster' in domain", 15, ["'domain' is text", "'in' needs a list"]),
    ("residents in designations", 1, ["'residents' is number; text expected"]),
    ("residents in ['a', 'b']", 15, ["''a'' is text; number expected"]),
    ("stage in ['prototype', 3]", 24, ["'3' is number; text expected"]),
    ("designations in ['disaster']", 1, ["'in [...]' needs text or a number"]),
    ("residents in [low]", 15, ["plain values only"]),
    ("count(residents) > 0", 7, ["'residents' is number; set of text expected"]),
    ("count(designations, missing_actors) > 0", 1, ["count() takes one set"]),
    ("abs(domain) > 0", 5, ["'domain' is text; number expected"]),
    ("abs(residents, low) > 0", 1, ["abs() needs one number"]),
    ("min() > 0", 1, ["min() needs numbers"]),
    ("mean(residents, 'x') > 0", 17, ["''x'' is text; number expected"]),
    ("known(residents + 1)", 1, ["known() takes one name"]),
    ("[1, 2] == residents", 1, ["a list [...] can only stand after 'in'"]),
    ("residents == [1, 2]", 14, ["can only stand after 'in', not '=='"]),
])
def test_type_errors(source, col, fragments):
    e = error(source)
    assert e.col == col
    for fragment in fragments:
        assert fragment in str(e)


@pytest.mark.parametrize(("source", "col", "fragment"), [
    # attribute access and subscripts
    ("residents.real > 1", 1, "'residents.real' is not allowed in a condition"),
    ("designations.__class__ == 1", 1, "is not allowed in a condition"),
    ("designations[0] == 'disaster'", 1, "'designations[0]' is not allowed in a condition"),
    ("residents > low[0]", 13, "'low[0]' is not allowed"),
    # lambdas, comprehensions, conditional expressions, walrus
    ("lambda: true", 1, "'lambda: true' is not allowed"),
    ("(lambda: residents)() > 1", 1, "unknown function 'lambda: residents'"),
    ("[x for x in designations] == 1", 1, "is not allowed in a condition"),
    ("count({x for x in designations}) > 0", 7, "is not allowed in a condition"),
    ("count({x: 1 for x in designations}) > 0", 7, "is not allowed in a condition"),
    ("count(x for x in designations) > 0", 6, "is not allowed in a condition"),
    ("residents if true else low", 1, "is not allowed in a condition"),
    ("(x := residents) > 1", 2, "'x := residents' is not allowed in a condition"),
    # operators outside + - * /
    ("residents ** 2 > 1", 1, "the operator in 'residents ** 2' is not allowed; use + - * /"),
    ("residents // 2 > 1", 1, "the operator in 'residents // 2' is not allowed"),
    ("residents % 2 == 1", 1, "the operator in 'residents % 2' is not allowed"),
    ("residents > 2 ** 10", 13, "the operator in '2 ** 10' is not allowed"),
    ("residents @ low > 1", 1, "is not allowed"),
    ("residents << 1 > 1", 1, "is not allowed"),
    ("+residents > 1", 1, "the operator in '+residents' is not allowed"),
    ("~residents > 1", 1, "the operator in '~residents' is not allowed"),
    ("residents is low", 14, "this comparison is not allowed"),
    ("residents is not None", 18, "the value None is not allowed"),
    # calls to anything but the six functions
    ("__import__('os')", 1, "unknown function '__import__'; allowed: abs, count, known"),
    ("__import__('os').system('echo hi')", 1, "unknown function '__import__('os').system'"),
    ("eval('1') == 1", 1, "unknown function 'eval'"),
    ("exec('import os')", 1, "unknown function 'exec'"),
    ("open('/etc/passwd') == 1", 1, "unknown function 'open'"),
    ("getattr(residents, 'real') > 1", 1, "unknown function 'getattr'"),
    ("len(designations) > 0", 1, "unknown function 'len'"),
    ("residents.__add__(1) > 1", 1, "unknown function 'residents.__add__'"),
    ("residents > low.bit_length()", 13, "unknown function 'low.bit_length'"),
    # f-strings, keyword arguments, unpacking, other values
    ("f'{residents}' == 'x'", 1, "is not allowed in a condition"),
    ("min(residents, key=low) > 1", 1, "functions take no keyword arguments"),
    ("max(residents, **{'a': 1}) > 1", 1, "functions take no keyword arguments"),
    ("min(*designations) > 1", 5, "'*designations' is not allowed"),
    ("{'a': 1} == 1", 1, "is not allowed in a condition"),
    ("residents == None", 14, "the value None is not allowed"),
    ("residents == 1j", 14, "the value 1j is not allowed"),
    ("b'x' == domain", 1, "the value b'x' is not allowed"),
    ("residents in [None, 1]", 15, "a list in a condition holds plain values only"),
    ("residents in [1, 1j]", 18, "plain values only"),
    ("residents in [-1, 1]", 15, "plain values only"),
    ("stage in [b'scaling']", 11, "plain values only"),
    ("stage in ['scaling', ...]", 22, "plain values only"),
])
def test_disallowed_syntax(source, col, fragment):
    e = error(source)
    assert fragment in str(e)
    assert e.col == col


@pytest.mark.parametrize("source", ["", "   ", "\n\t"])
def test_empty_condition(source):
    e = error(source)
    assert str(e) == "the condition is empty"
    assert e.col is None


@pytest.mark.parametrize(("source", "col"), [
    ("residents <", 12),  # at the end of the text (Python says 0)
    ("residents + ", 12),
    ("residents < low)", 16),
    ("residents < < low", 13),
    ("residents = 40", 11),
    ("and residents", 1),
    ("'unterminated", 1),
    ("residents low", 11),
    ("import os", 1),
    ("x := 1", 3),
    ("min(residents,", 4),
])
def test_syntax_error(source, col):
    e = error(source)
    assert str(e).startswith("syntax error: ")
    assert e.col == col


def test_python_warnings_stay_out_of_the_users_way(recwarn):
    # Python warns about these while parsing ("<unknown>:1: SyntaxWarning") on stderr
    assert run("residents < 40and true") is True
    assert run("note == '\\l'") is False
    assert len(recwarn) == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and -W error does not change what compiles
        assert run("residents < 40and true") is True


def test_syntax_error_with_a_null_byte():
    assert str(error("residents\0 < 1")).startswith("syntax error")


def test_columns_count_characters_not_bytes():
    # ast reports UTF-8 byte offsets; the author counts characters
    e = error("'가나' == '가나' and resident < 1")
    assert e.col == 18
    e = error("'가나' == '가나' and domain < 1")
    assert e.col == 18
    assert "'domain' is text" in str(e)
    e = error("'가나' == '가나' and domain == 'goverment'")
    assert e.col == 28
    # and the trace shows the right text
    trace: list = []
    run("'가나' != note and residents < low", ENV, trace)
    assert [t[0] for t in trace] == ["'가나' != note", "residents < low"]


def test_a_condition_over_several_lines():
    # inside parentheses, as in Python; the column is within the line
    assert run("(residents < low\n and municipality >= low)") is True
    e = error("(residents < low\n and resident < low)")
    assert e.col == 6
    assert "did you mean 'residents'" in str(e)
    e = error("(residents < low\n and '가' == domain)")
    assert e.col == 6
    # without them, the line break ends the condition
    assert str(error("residents < low\nand municipality < low")).startswith("syntax error")


@pytest.mark.parametrize("source", [
    "not " * 200 + "true",
    "-" * 500 + "residents > 1",
    "+".join(["residents"] * 1000) + " > 1",
    "residents" + ".a" * 100000 + " > 1",
    "(" * 300 + "true" + ")" * 300,
    "min(" * 60 + "1" + ")" * 60 + " > 0",
])
def test_deep_nesting_is_an_error_not_a_crash(source):
    e = error(source)
    assert "nested" in str(e) or "not allowed" in str(e)


def test_long_flat_conditions_are_fine():
    source = " and ".join(["residents < low"] * 2000)
    assert run(source) is True
    assert run(" + ".join(["1"] * 40) + " == 40") is True


# --- security: nothing gets past the checker ---------------------------------------------


class _Barred(AssertionError):
    pass


def _barred(*_args, **_kwargs):
    raise _Barred("eval/exec must never be called")


def _compile_only_ast(real):
    def compile_(source, filename, mode, flags=0, *args, **kwargs):
        if not flags & ast.PyCF_ONLY_AST:
            raise _Barred("compile() to code must never be called")
        return real(source, filename, mode, flags, *args, **kwargs)
    return compile_


def _bar_eval(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(builtins, "eval", _barred)
    mp.setattr(builtins, "exec", _barred)
    mp.setattr(builtins, "compile", _compile_only_ast(builtins.compile))


def test_the_barrier_works():
    with pytest.MonkeyPatch.context() as mp:
        _bar_eval(mp)
        with pytest.raises(_Barred):
            eval("1")  # noqa: S307
        ast.parse("1 + 1", mode="eval")  # parsing to a tree stays allowed


def _has_type(value, typ: str) -> bool:
    if typ == NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if typ == BOOL:
        return isinstance(value, bool)
    if typ == TEXT:
        return isinstance(value, str)
    if typ == TEXT_SET:
        return isinstance(value, set | frozenset) and all(isinstance(v, str) for v in value)
    return False


def _check(source: str, env: dict) -> str:
    """Compile and run under the barrier; what happened, for the assertions."""
    with pytest.MonkeyPatch.context() as mp:
        _bar_eval(mp)
        try:
            compiled = compile_expr(source, SYMBOLS)
        except ExprError as e:
            assert isinstance(str(e), str)
            assert e.col is None or isinstance(e.col, int)
            return "deep" if "nested too deeply" in str(e) else "error"
        assert isinstance(compiled, Compiled)
        assert compiled.names <= set(SYMBOLS)
        trace: list = []
        try:
            value = compiled(env, trace)
        except Missing as m:
            assert isinstance(m.name, str)
            return "missing"
    assert _has_type(value, compiled.type), (source, value, compiled.type)
    for entry in trace:
        text, _left, op, _right, result = entry
        assert isinstance(text, str) and op in ("<", "<=", ">", ">=", "==", "!=", "in", "not in")
        assert isinstance(result, bool)
    return "value"


# a random environment: every symbol may be missing
def _value(sym: Symbol):
    if sym.type == NUMBER:
        plain = st.one_of(st.integers(-1000, 3000),
                          st.floats(allow_nan=False, allow_infinity=False),
                          st.sampled_from([0, 0.0, -0.0, 40, 60]))
    elif sym.type == TEXT:
        plain = st.sampled_from(sorted(sym.allowed)) if sym.allowed else st.text(max_size=5)
    else:
        plain = st.frozensets(st.sampled_from(sorted(sym.allowed)))
    return st.one_of(st.none(), plain)


ENVS = st.fixed_dictionaries({name: _value(sym) for name, sym in SYMBOLS.items()})

OTHER_NAMES = ["x", "os", "sys", "eval", "exec", "open", "__import__", "__builtins__",
               "true", "false", "True", "False", "None", "resident", "lambda_", "min", "self"]
TEXTS = sorted(DOMAINS | STAGES | DESIGNATIONS | ACTORS) + ["goverment", "", "x'y", "가나"]
NUMBERS = st.one_of(st.integers(-10, 100), st.sampled_from([0, 0.5, 1e308, 10 ** 400]),
                    st.floats(allow_nan=False, allow_infinity=False))
BINARY = ["+", "-", "*", "/", "**", "//", "%", "<", "<=", ">", ">=", "==", "!=", "in",
          "not in", "and", "or", "is", "is not", "&", "|", "^", "<<", "@"]
UNARY = ["not ", "-", "+", "~"]
CALLABLE = [*FUNCTIONS, "eval", "exec", "open", "__import__", "getattr", "print", "len",
            "type", "residents", "designations"]


LEAVES = st.one_of(
    st.sampled_from(sorted(SYMBOLS)),
    st.sampled_from(OTHER_NAMES),
    NUMBERS.map(repr),
    st.sampled_from(TEXTS).map(repr),
    st.text(max_size=6).map(repr),
)


def _grow(inner):
    return st.one_of(
        st.tuples(inner, st.sampled_from(BINARY), inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(inner, st.sampled_from(BINARY), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(UNARY), inner).map("".join),
        st.tuples(st.sampled_from(CALLABLE), st.lists(inner, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.lists(inner, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
        st.tuples(inner, st.sampled_from(["real", "__class__", "system", "__globals__"])).map(
            lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        inner.map(lambda x: f"(lambda: {x})()"),
        inner.map(lambda x: f"[v for v in {x}]"),
        inner.map(lambda x: f"(v := {x})"),
        inner.map(lambda x: f"f'{{{x}}}'"),
        st.tuples(inner, inner).map(lambda t: f"min({t[0]}, key={t[1]})"),
        st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} if {t[1]} else {t[2]}"),
    )


PYTHONISH = st.recursive(LEAVES, _grow, max_leaves=12)
NOISE = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=" ()[]{}<>=!+-*/%.,:'\"\\abdeginorstuw0123456789_", max_size=40),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.one_of(PYTHONISH, NOISE), env=ENVS)
def test_any_text_compiles_and_runs_safely_or_is_refused(source, env):
    event(_check(source, env))


# well-typed conditions: these must compile, and evaluate to their type or Missing
_NUM_LEAF = st.one_of(
    st.sampled_from([n for n, s in SYMBOLS.items() if s.type == NUMBER]),
    NUMBERS.map(repr),
    st.just("count(designations)"),
)


def _num_grow(inner):
    return st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda x: f"-{x}"),
        inner.map(lambda x: f"abs({x})"),
        st.tuples(st.sampled_from(["min", "max", "mean"]), st.lists(inner, min_size=1,
                                                                      max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"),
    )


NUM = st.recursive(_NUM_LEAF, _num_grow, max_leaves=6)
_BOOL_LEAF = st.one_of(
    st.tuples(NUM, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), NUM).map(" ".join),
    st.tuples(NUM, NUM, NUM).map(lambda t: f"{t[0]} <= {t[1]} < {t[2]}"),
    st.sampled_from(sorted(DOMAINS)).map(lambda v: f"domain == {v!r}"),
    st.lists(st.sampled_from(sorted(STAGES)), max_size=3).map(lambda vs: f"stage in {vs!r}"),
    st.sampled_from(sorted(DESIGNATIONS)).map(lambda v: f"{v!r} not in designations"),
    st.sampled_from([n for n in SYMBOLS if n != "residents"]).map(lambda n: f"known({n})"),
    st.sampled_from(["true", "false"]),
)
BOOLEXPR = st.recursive(_BOOL_LEAF, lambda inner: st.one_of(
    st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"),
    inner.map(lambda x: f"not {x}"),
), max_leaves=4)


@st.composite
def _near_misses(draw):
    """A well-typed condition with one token inserted or a stretch cut out."""
    source = draw(BOOLEXPR)
    at = draw(st.integers(0, len(source)))
    if draw(st.booleans()):
        token = draw(st.one_of(st.sampled_from(BINARY + UNARY + CALLABLE + OTHER_NAMES),
                               st.sampled_from(["(", ")", "[", "]", ".real", "[0]", ",", "'",
                                                "=", ":", "**", "lambda:", "f'", "\\", "#"])))
        return source[:at] + token + source[at:]
    return source[:at] + source[at + draw(st.integers(1, 4)):]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=_near_misses(), env=ENVS)
def test_near_misses_of_good_conditions_are_refused_or_run_safely(source, env):
    event(_check(source, env))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.one_of(NUM, BOOLEXPR), env=ENVS)
def test_well_typed_conditions_compile_and_keep_their_type(source, env):
    outcome = _check(source, env)
    event(outcome)
    assert outcome in ("value", "missing", "deep"), source


_OPS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
_VALUES = st.one_of(st.none(), st.integers(-5, 105), st.floats(-5, 105, allow_nan=False))


@given(left=st.sampled_from(sorted(ACTORS)), op=st.sampled_from(sorted(_OPS)),
       right=st.one_of(st.sampled_from(sorted(ACTORS)), st.integers(0, 100),
                       st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2))),
       values=st.fixed_dictionaries({a: _VALUES for a in sorted(ACTORS)}),
       traced=st.booleans())
def test_a_comparison_means_what_it_says(left, op, right, values, traced):
    """`name op name` and `name op value`, read the short way (expr's inline
    comparison): the operator on the values, or Missing naming the absent one."""
    source = f"{left} {op} {right}"
    b = values[right] if isinstance(right, str) else right
    trace: list | None = [] if traced else None
    if values[left] is None or b is None:
        with pytest.raises(Missing) as missing:
            c(source).fn(dict(values), trace)
        assert missing.value.name == (left if values[left] is None else right)
        return
    assert c(source).fn(dict(values), trace) == _OPS[op](values[left], b)
    if traced:
        assert trace == [(source, values[left], op, b, _OPS[op](values[left], b))]


_FOLDS = {"mean": lambda xs: sum(xs) / len(xs), "min": min, "max": max}


@given(fn=st.sampled_from(sorted(_FOLDS)),
       names=st.lists(st.sampled_from(sorted(ACTORS)), min_size=1, max_size=5),
       values=st.fixed_dictionaries({a: _VALUES for a in sorted(ACTORS)}))
def test_a_function_of_names_means_what_it_says(fn, names, values):
    """`mean(...)`, `min(...)` and `max(...)` of names, read the short way: the
    function of the values, or Missing naming the first argument that has none; and
    the same as the long way, through any other expression (`x + 0`)."""
    short = c(f"{fn}({', '.join(names)})")
    long = c(f"{fn}({', '.join(n + ' + 0' for n in names)})")
    absent = [n for n in names if values[n] is None]
    if absent:
        for compiled in (short, long):
            with pytest.raises(Missing) as missing:
                compiled.fn(dict(values), None)
            assert missing.value.name == absent[0]
        return
    expected = _FOLDS[fn]([values[n] for n in names])
    assert short.fn(dict(values), None) == expected == long.fn(dict(values), None)


@given(designations=st.one_of(st.none(), st.frozensets(st.sampled_from(sorted(DESIGNATIONS)))),
       which=st.sampled_from(sorted(DESIGNATIONS)), negate=st.booleans(),
       limit=st.integers(-1, 3), traced=st.booleans())
def test_a_set_read_the_short_way_means_what_it_says(designations, which, negate, limit,
                                                     traced):
    """`'text' in designations` and `count(designations) > n`: membership and size, with
    each step traced, or Missing when the region has no such set."""
    env = {**ENV, "designations": designations}
    member = f"'{which}' {'not in' if negate else 'in'} designations"
    counted = f"count(designations) > {limit}"
    if designations is None:
        for source in (member, counted):
            with pytest.raises(Missing) as missing:
                c(source).fn(dict(env), None)
            assert missing.value.name == "designations"
        return
    trace: list | None = [] if traced else None
    inside = (which in designations) != negate
    assert c(member).fn(dict(env), trace) is inside
    assert c(counted).fn(dict(env), trace) is (len(designations) > limit)
    if traced:
        assert trace == [(member, which, "not in" if negate else "in", sorted(designations),
                          inside),
                         (counted, len(designations), ">", limit, len(designations) > limit)]
