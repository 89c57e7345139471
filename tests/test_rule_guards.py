"""A batch finds the rules that fire by their guards (rules/rulebook.py `_fired`): only
the rules whose `domain == '...'`, `stage in [...]` or true-or-false parts hold are
evaluated. It must find exactly the rules that evaluating every one finds, in the
same order, on any rules and any values."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regionlab.rules.expr import BOOL, NUMBER, TEXT, Symbol, compile_expr
from regionlab.rules.rulebook import Rule, evaluate_all

DOMAINS = ("government", "overlap", "social")
STAGES = ("prompt", "proposal", "scaling")
SYMBOLS = {
    "residents": Symbol("residents", NUMBER),
    "low": Symbol("low", NUMBER, kind="threshold"),
    "domain": Symbol("domain", TEXT, frozenset(DOMAINS), kind="outcome"),
    "stage": Symbol("stage", TEXT, frozenset(STAGES)),
    "note": Symbol("note", TEXT),  # any text
    "crisis": Symbol("crisis", BOOL, kind="definition"),
    "calm": Symbol("calm", BOOL, kind="definition"),
}

ATOMS = st.one_of(
    st.sampled_from(DOMAINS).map(lambda d: f"domain == '{d}'"),
    st.sampled_from(DOMAINS).map(lambda d: f"'{d}' == domain"),
    st.sampled_from(DOMAINS).map(lambda d: f"domain != '{d}'"),
    st.lists(st.sampled_from(STAGES), min_size=1, max_size=3).map(
        lambda s: f"stage in {s!r}"),
    st.lists(st.sampled_from(STAGES), min_size=1, max_size=2).map(
        lambda s: f"stage not in {s!r}"),
    st.sampled_from(["note == 'a'", "note == ''", "crisis", "calm", "not crisis",
                     "residents < low", "residents >= 40", "true", "false",
                     "domain == stage", "note == note"]),
)


def _join(parts: tuple[str, str, str]) -> str:
    left, op, right = parts
    return f"({left} {op} {right})"


CONDITIONS = st.recursive(ATOMS, lambda inner: st.tuples(
    inner, st.sampled_from(["and", "or"]), inner).map(_join), max_leaves=5)


def rule(i: int, source: str) -> Rule:
    return Rule(f"r{i}", "case", "region", compile_expr(source, SYMBOLS), ("x",), None, 0,
                "", "", None, (), ())


VALUES = st.fixed_dictionaries({
    "residents": st.one_of(st.none(), st.sampled_from([0.0, 39.9, 40.0, 40.1, 80.0])),
    "low": st.one_of(st.none(), st.just(40.0)),
    "domain": st.one_of(st.none(), st.sampled_from(DOMAINS)),
    "stage": st.one_of(st.none(), st.sampled_from(STAGES)),
    "note": st.one_of(st.none(), st.sampled_from(["a", "", "b"])),
    "crisis": st.one_of(st.none(), st.booleans()),
    "calm": st.one_of(st.none(), st.booleans()),
})


@given(st.lists(CONDITIONS, min_size=1, max_size=8), st.lists(VALUES, min_size=1, max_size=6))
def test_the_rules_found_by_guards_are_the_rules_that_fire(conditions, envs):
    rules = tuple(rule(i, c) for i, c in enumerate(conditions))
    for env in envs:  # the same rules on several regions: what is remembered must hold
        every = [e.rule.id for e in evaluate_all(rules, env, trace=True) if e.fired]
        found = evaluate_all(rules, env, trace=False)
        assert [e.rule.id for e in found] == every, env
        assert all(e.fired and e.missing is None for e in found)


def test_guards_are_the_parts_that_test_one_name_against_texts():
    def guards(source: str):
        return compile_expr(source, SYMBOLS).guards, compile_expr(source, SYMBOLS).only_guards

    assert guards("domain == 'social' and residents < low") == (
        (("domain", frozenset({"social"})),), False)
    assert guards("crisis and stage in ['prompt', 'scaling']") == (
        (("crisis", frozenset({True})), ("stage", frozenset({"prompt", "scaling"}))), True)
    # an `or`, a `!=`, a `not in`, a comparison of numbers: none is a guard
    for source in ("domain == 'social' or crisis", "domain != 'social'",
                   "stage not in ['prompt']", "residents < low", "not crisis"):
        assert guards(source) == ((), False), source
