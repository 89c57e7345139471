"""The rulebook (regionlab.rules.rulebook): the shipped one loads and is well formed; an
analyst's broken one fails with every problem located; rules evaluate with their
reasons, and a value a rule needs but the region lacks leaves it undecided."""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import pytest
import yaml

from regionlab.errors import InputError, Problem
from regionlab.policy.catalogue import load_catalogue
from regionlab.policy.packaged import packaged
from regionlab.rules.rulebook import KINDS, evaluate, load_rulebook, with_definitions

FIXTURES = Path(__file__).parent / "fixtures" / "rulebooks"


@pytest.fixture(autouse=True)
def _no_disk_cache(monkeypatch):
    monkeypatch.setenv("REGIONLAB_CACHE", "0")


HEAD = """\
format: regionlab/rulebook/v1
id: test-book
title: A small rulebook for tests
thresholds:
  low: 40
  high:
    value: 60
    description: the high band
"""

DOMAIN_RULE = """\
  - id: domain-government
    kind: domain
    when: residents < low
    then: government
    rationale: residents cannot lead
    source: "2.1"
"""


def book(tmp_path: Path, rules: str = DOMAIN_RULE, head: str = HEAD,
         definitions: str = "") -> tuple[Path, str]:
    """Write a rulebook (a fresh file per test: load_rulebook caches per path)."""
    if definitions:
        head += "definitions:\n" + textwrap.indent(textwrap.dedent(definitions), "  ")
    text = head
    text += "rules:\n" + rules
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def line(text: str, fragment: str, nth: int = 1) -> int:
    """1-based line of the nth line of `text` that contains `fragment`."""
    hits = [i for i, ln in enumerate(text.splitlines(), 1) if fragment in ln]
    assert len(hits) >= nth, f"{fragment!r} not in the rulebook text"
    return hits[nth - 1]


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as info:
        load_rulebook(path)
    for p in info.value.problems:
        assert p.file == str(path)
    return info.value.problems


def only(path: Path) -> Problem:
    problems = problems_of(path)
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


# --- the shipped rulebook ------------------------------------------------------------------


def test_shipped_rulebook_loads():
    rb = load_rulebook()
    assert rb.id == "krila-2019-default"
    assert rb.file == str(packaged("rulebook.yaml"))
    assert rb.thresholds["low"] == 40 and rb.thresholds["high"] == 60
    assert rb.period.start == 2018
    assert {"economic_crisis", "mean_capacity", "weakest_capacity"} <= set(rb.definitions)
    assert {r.kind for r in rb.rules} == set(KINDS)
    assert load_rulebook() is rb  # compiled once


def test_shipped_rule_ids_are_unique():
    raw = yaml.safe_load(packaged("rulebook.yaml").read_text(encoding="utf-8"))
    ids = [r["id"] for r in raw["rules"]]
    assert len(ids) == len(set(ids))
    assert [r.id for r in load_rulebook().rules] == ids  # every rule compiled, in file order


def test_shipped_rules_have_a_source_and_a_rationale():
    for rule in load_rulebook().rules:
        assert rule.source.strip(), rule.id
        assert len(rule.rationale.strip()) > 10, rule.id
        assert rule.line is not None and rule.line > 0


def test_shipped_conclusions_are_in_the_catalogue():
    catalogue = load_catalogue()
    for rule in load_rulebook().rules:
        assert rule.then, rule.id
        assert set(rule.then) <= set(catalogue.ids(rule.kind)), rule.id
        if rule.kind in ("domain", "grade"):
            assert len(rule.then) == 1
        if rule.prerequisite:
            assert rule.kind == "case"
            assert rule.prerequisite in catalogue.ids("strategy")


@pytest.mark.parametrize(("residents", "municipality", "domain"), [
    (10, 10, "government"), (39.9, 80, "government"), (40, 39.9, "social"),
    (90, 0, "social"), (40, 40, "overlap"), (100, 100, "overlap"),
])
def test_shipped_domain_rules_follow_domain_md(residents, municipality, domain):
    rb = load_rulebook()
    env = with_definitions(rb, {"residents": residents, "municipality": municipality,
                                "business_finance": 50, "universities": 50})
    fired = [e.rule.then[0] for e in (evaluate(r, env) for r in rb.of_kind("domain")) if e.fired]
    assert fired == [domain]


def test_shipped_domain_rules_decide_every_region_exactly_once():
    rb = load_rulebook()
    values = [0, 20, 39.99, 40, 50, 59.99, 60, 100]
    for residents, municipality in itertools.product(values, values):
        env = with_definitions(rb, {"residents": residents, "municipality": municipality})
        fired = [r.id for r in rb.of_kind("domain") if evaluate(r, env).fired]
        assert len(fired) == 1, (residents, municipality, fired)


def test_shipped_rules_record_what_they_read():
    rb = load_rulebook()
    rules = {r.id: r for r in rb.rules}
    assert rules["domain-social"].reads == ("municipality", "residents")
    assert rules["domain-social"].threshold_names == ("low",)
    # through definitions
    advanced = rules["grade-advanced"]
    assert {"mean_capacity", "weakest_capacity", "municipality", "residents",
            "business_finance", "universities"} <= set(advanced.reads)
    assert advanced.threshold_names == ("grade_advanced_mean", "low")


# --- a valid rulebook of one's own ------------------------------------------------------


def test_own_rulebook_loads(tmp_path):
    path, text = book(tmp_path, definitions="""\
          band_width:
            expr: high - low
        """)
    rb = load_rulebook(path)
    assert rb.id == "test-book"
    assert rb.thresholds == {"low": 40, "high": 60}
    assert rb.period.start is None and rb.period.end is None
    (rule,) = rb.rules
    assert (rule.id, rule.kind, rule.applies_to, rule.then, rule.priority, rule.prerequisite) \
        == ("domain-government", "domain", "region", ("government",), 0, None)
    assert rule.line == line(text, "- id: domain-government")
    assert "band_width" in rb.definitions


def test_fixture_rulebooks_load_or_fail_as_their_names_say():
    path = FIXTURES / "initiative-rules.yaml"
    rb = load_rulebook(path)
    assert [r.applies_to for r in rb.rules] == ["region", "initiative"]
    problems = problems_of(FIXTURES / "many-problems.yaml")
    assert [p.code for p in problems] == ["unknown-id", "bad-expression", "invalid-value"]
    text = (FIXTURES / "many-problems.yaml").read_text(encoding="utf-8")
    assert [p.line for p in problems] == [line(text, "then: goverment"),
                                          line(text, "when: stage =="),
                                          line(text, "prerequisite:")]


# --- problems, each with its code and line -----------------------------------------------


def test_unknown_name_in_a_condition(tmp_path):
    path, text = book(tmp_path, DOMAIN_RULE.replace("when: residents < low",
                                                    "when: resident < low"))
    p = only(path)
    assert p.code == "bad-expression"
    assert p.line == line(text, "when: resident < low")
    assert p.field == "rules.0.when"
    assert "unknown name 'resident'" in p.message
    assert "did you mean 'residents'?" in p.message
    assert "(column 1)" in p.message and "in 'resident < low'" in p.message


def test_unknown_name_in_the_second_rule_points_at_its_when(tmp_path):
    rules = DOMAIN_RULE + """\
  - id: central
    kind: flag
    when: residents < low and municipalty < low
    then: central-support-needed
    rationale: neither can lead
    source: "2.2"
"""
    path, text = book(tmp_path, rules)
    p = only(path)
    assert (p.code, p.field) == ("bad-expression", "rules.1.when")
    assert p.line == line(text, "municipalty")
    assert "did you mean 'municipality'?" in p.message and "(column 21)" in p.message


@pytest.mark.parametrize(("when", "kind", "then"), [
    ("domain == 'social'", "domain", "social"),  # a domain rule cannot read the domain
    ("grade == 'advanced'", "grade", "advanced"),  # nor a grade rule the grade
    ("stage == 'prototype'", "flag", "advice-prototype"),  # initiative names: initiatives only
])
def test_names_a_rule_of_its_kind_cannot_read(tmp_path, when, kind, then):
    rule = (f"  - id: r\n    kind: {kind}\n    when: \"{when}\"\n    then: {then}\n"
            "    rationale: r\n    source: s\n")
    path, text = book(tmp_path, rule)
    p = only(path)
    assert p.code == "bad-expression" and p.line == line(text, "when:")
    assert f"unknown name '{when.split()[0]}'" in p.message


def test_typo_in_a_text_value(tmp_path):
    rule = """\
  - id: strategies-government
    kind: strategy
    when: domain == 'goverment'
    then: [manage-disparities]
    rationale: the government domain's strategies
    source: "2.2"
"""
    path, text = book(tmp_path, rule)
    p = only(path)
    assert p.code == "bad-expression"
    assert p.line == line(text, "goverment")
    assert "'goverment' is never a value of domain" in p.message
    assert "did you mean 'government'?" in p.message
    assert "(column 11)" in p.message


def test_conclusion_not_in_the_catalogue(tmp_path):
    path, text = book(tmp_path, DOMAIN_RULE.replace("then: government", "then: goverment"))
    p = only(path)
    assert (p.code, p.field) == ("unknown-id", "rules.0.then")
    assert p.line == line(text, "then: goverment")
    assert "'goverment' is not a domain in the catalogue" in p.message
    assert "did you mean 'government'?" in p.message


def test_conclusion_of_another_kind(tmp_path):
    rule = DOMAIN_RULE.replace("kind: domain", "kind: flag")  # government is no flag
    path, text = book(tmp_path, rule)
    p = only(path)
    assert p.code == "unknown-id" and p.line == line(text, "then: government")
    assert "is not a flag in the catalogue" in p.message


def test_domain_rule_with_two_conclusions(tmp_path):
    path, text = book(tmp_path, DOMAIN_RULE.replace("then: government",
                                                    "then: [government, social]"))
    p = only(path)
    assert (p.code, p.field) == ("one-conclusion", "rules.0.then")
    assert p.line == line(text, "then: [government, social]")
    assert "a domain rule concludes one domain" in p.message


@pytest.mark.parametrize("when", ["residents + 1", "'40'", "mean(residents, municipality)",
                                  "designations", "domain"])
def test_condition_that_is_not_true_or_false(tmp_path, when):
    rule = (f"  - id: r\n    kind: flag\n    when: \"{when}\"\n    then: insufficient-data\n"
            "    rationale: r\n    source: s\n")
    path, text = book(tmp_path, rule)
    p = only(path)
    assert (p.code, p.field) == ("not-a-condition", "rules.0.when")
    assert p.line == line(text, "when:")
    assert "a condition must be true or false" in p.message


def test_condition_written_as_a_yaml_number(tmp_path):
    path, text = book(tmp_path, DOMAIN_RULE.replace("when: residents < low", "when: 40"))
    p = only(path)
    assert p.code == "wrong-type" and p.line == line(text, "when: 40")
    assert "expected text" in p.message


def test_duplicate_rule_id(tmp_path):
    second = DOMAIN_RULE.replace("residents < low", "municipality < low")
    path, text = book(tmp_path, DOMAIN_RULE + second)
    p = only(path)
    assert (p.code, p.field) == ("duplicate-rule-id", "rules.1.id")
    assert p.line == line(text, "- id: domain-government", nth=2)
    assert "'domain-government' is used twice (also rule 1)" in p.message


def test_prerequisite_on_a_rule_that_is_not_a_case(tmp_path):
    rule = DOMAIN_RULE.replace('    source: "2.1"\n',
                               '    source: "2.1"\n    prerequisite: strengthen-resident-capacity\n')
    path, text = book(tmp_path, rule)
    p = only(path)
    assert (p.code, p.field) == ("invalid-value", "rules.0.prerequisite")
    assert p.line == line(text, "prerequisite:")
    assert "only case rules have a prerequisite" in p.message


def test_prerequisite_that_is_no_strategy(tmp_path):
    rule = """\
  - id: case-rochester
    kind: case
    when: residents < low
    then: rochester-nbn
    prerequisite: strengthen-residents-capacity
    rationale: capacity first
    source: "2.3"
"""
    path, text = book(tmp_path, rule)
    p = only(path)
    assert p.code == "unknown-id" and p.line == line(text, "prerequisite:")
    assert "did you mean 'strengthen-resident-capacity'?" in p.message


def test_unknown_key_in_a_rule(tmp_path):
    path, text = book(tmp_path, DOMAIN_RULE.replace("when:", "whne:"))
    problems = problems_of(path)
    codes = {p.code: p for p in problems}
    assert set(codes) == {"unknown-key", "missing-key"}
    unknown = codes["unknown-key"]
    assert unknown.field == "rules.0.whne"
    assert unknown.line == line(text, "whne:")
    assert "unknown key 'whne'; did you mean 'when'?" in unknown.message
    missing = codes["missing-key"]
    assert missing.field == "rules.0.when"
    assert missing.line == line(text, "- id: domain-government")
    assert "'when' is missing" in missing.message


@pytest.mark.parametrize(("name", "message"), [
    ("residents", "'residents' is already a profile value"),
    ("extinction_index", "'extinction_index' is already a profile value"),
    ("designations", "'designations' is already a profile value"),
    ("year", "'year' is already a profile value"),
    # names rules see later: a threshold would be shadowed by them
    ("domain", "'domain' is already a name"),
    ("grade", "'grade' is already a name"),
    ("lead_capacity", "'lead_capacity' is already a name"),
])
def test_threshold_named_like_a_value(tmp_path, name, message):
    path, text = book(tmp_path, head=HEAD + f"  {name}: 50\n")
    p = only(path)
    assert (p.code, p.field) == ("name-taken", f"thresholds.{name}")
    assert p.line == line(text, f"  {name}: 50")
    assert message in p.message


@pytest.mark.parametrize("name", ["low", "residents", "stage", "domain"])
def test_definition_named_like_a_value(tmp_path, name):
    path, text = book(tmp_path, definitions=f"""\
          {name}:
            expr: residents < 40
        """)
    p = only(path)
    assert (p.code, p.field) == ("name-taken", f"definitions.{name}")
    assert p.line == line(text, "expr: residents < 40") - 1
    assert f"'{name}' is already a name" in p.message


def test_definition_using_an_unknown_name(tmp_path):
    path, text = book(tmp_path, definitions="""\
          mean_capacity:
            expr: mean(municipality, residents, business_finance, universites)
            description: mean capacity
        """)
    p = only(path)
    assert (p.code, p.field) == ("bad-expression", "definitions.mean_capacity.expr")
    assert p.line == line(text, "expr: mean(")
    assert "unknown name 'universites'; did you mean 'universities'?" in p.message
    assert "(column 49)" in p.message


def test_definition_reads_earlier_definitions_only(tmp_path):
    path, text = book(tmp_path, definitions="""\
          strong:
            expr: weakest >= high
          weakest:
            expr: min(municipality, residents, business_finance, universities)
        """)
    p = only(path)
    assert p.code == "bad-expression" and p.line == line(text, "expr: weakest >= high")
    assert "unknown name 'weakest'" in p.message


def test_rule_reading_a_broken_definition_is_reported_once(tmp_path):
    rule = DOMAIN_RULE.replace("residents < low", "weak")
    path, text = book(tmp_path, rule, definitions="""\
          weak:
            expr: residents < lo
        """)
    problems = problems_of(path)
    assert [(p.code, p.line) for p in problems] == [
        ("bad-expression", line(text, "expr: residents < lo")),
        ("bad-expression", line(text, "when: weak")),
    ]
    assert "did you mean 'low'?" in problems[0].message


def test_all_problems_are_reported_at_once_in_line_order(tmp_path):
    rules = """\
  - id: a
    kind: domain
    when: resident < low
    then: goverment
    rationale: r
    source: s
  - id: a
    kind: flag
    when: residents
    then: [insufficient-data]
    prerequisite: manage-disparities
    rationale: r
    source: s
"""
    path, text = book(tmp_path, rules, head=HEAD + "  municipality: 3\n")
    problems = problems_of(path)
    assert [p.code for p in problems] == ["name-taken", "bad-expression", "unknown-id",
                                          "duplicate-rule-id", "not-a-condition",
                                          "invalid-value"]
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert problems[0].line == line(text, "municipality: 3")


# --- evaluation ------------------------------------------------------------------------


def test_evaluate_a_rule_that_fires():
    rb = load_rulebook()
    rule = next(r for r in rb.rules if r.id == "domain-social")
    env = with_definitions(rb, {"residents": 55.0, "municipality": 30.0})
    ev = evaluate(rule, env)
    assert ev.fired is True and ev.missing is None
    assert ev.comparisons == (("residents >= low", 55.0, ">=", 40.0, True),
                              ("municipality < low", 30.0, "<", 40.0, True))
    assert ev.values == {"municipality": 30.0, "residents": 55.0}
    assert ev.thresholds == {"low": 40.0}
    assert ev.initiative is None
    assert evaluate(rule, env, initiative="a contest").initiative == "a contest"


def test_evaluate_a_rule_that_does_not_fire():
    rb = load_rulebook()
    rule = next(r for r in rb.rules if r.id == "domain-social")
    ev = evaluate(rule, with_definitions(rb, {"residents": 20.0, "municipality": 30.0}))
    assert ev.fired is False and ev.missing is None
    assert ev.comparisons == (("residents >= low", 20.0, ">=", 40.0, False),)


def test_evaluate_with_a_missing_value_is_undecided():
    rb = load_rulebook()
    rules = {r.id: r for r in rb.rules}
    env = with_definitions(rb, {"residents": 55.0, "municipality": None})
    ev = evaluate(rules["domain-social"], env)
    assert ev.fired is False
    assert ev.missing == "municipality"
    assert ev.values == {"municipality": None, "residents": 55.0}
    # a context figure the profile does not give
    ev = evaluate(rules["flag-extinction-high-risk"], env)
    assert (ev.fired, ev.missing, ev.comparisons) == (False, "extinction_index", ())
    # a definition that cannot be computed counts as missing under its own name
    ev = evaluate(rules["grade-developing"], env)
    assert (ev.fired, ev.missing) == (False, "mean_capacity")


def test_with_definitions_sets_what_cannot_be_computed_to_none():
    rb = load_rulebook()
    env = with_definitions(rb, {"residents": 50.0, "municipality": 70.0,
                                "business_finance": 40.0, "universities": None,
                                "designations": frozenset({"employment_crisis"})})
    assert env["mean_capacity"] is None
    assert env["weakest_capacity"] is None
    assert env["economic_crisis"] is True
    assert env["low"] == 40.0 and env["extinction_high_risk"] == 0.2
    env = with_definitions(rb, {"residents": 50.0, "municipality": 70.0,
                                "business_finance": 40.0, "universities": 60.0})
    assert env["mean_capacity"] == 55.0 and env["weakest_capacity"] == 40.0
    assert env["economic_crisis"] is None  # no designations given


def test_with_definitions_division_by_zero_and_chained_definitions(tmp_path):
    path, _ = book(tmp_path, definitions="""\
          ratio:
            expr: residents / (municipality - 40)
          ratio_high:
            expr: ratio > 1
        """)
    rb = load_rulebook(path)
    env = with_definitions(rb, {"residents": 50.0, "municipality": 40.0})
    assert env["ratio"] is None and env["ratio_high"] is None
    env = with_definitions(rb, {"residents": 50.0, "municipality": 65.0})
    assert env["ratio"] == 2.0 and env["ratio_high"] is True


def test_a_rationale_in_english_only_is_shown_in_every_language(tmp_path):
    from conftest import edited_rulebook

    path = edited_rulebook(tmp_path, {})
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["rules"][0]["rationale"] = "Plain English only."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rule = load_rulebook(path).rules[0]
    assert rule.rationale == "Plain English only."
    assert rule.rationale_in("ko") == rule.rationale_in("en") == "Plain English only."
    shipped = load_rulebook(None).rules[0]
    assert "주민" in shipped.rationale_in("ko") and "住民" in shipped.rationale_in("ja")
