"""`regionlab rules check` (regionlab.rules.check): the shipped rulebook passes; each
kind of problem a rulebook can have is caught, with its code and its line.

tests/fixtures/rulebooks/check-clean.yaml is a small rulebook that passes; each
other check-*.yaml is that one with one mistake. Further mistakes are written
here as small edits of check-clean.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from regionlab.errors import Problem
from regionlab.policy.packaged import packaged
from regionlab.rules import check as rule_check
from regionlab.rules.check import check
from regionlab.rules.rulebook import load_rulebook

FIXTURES = Path(__file__).parent / "fixtures" / "rulebooks"
CLEAN = (FIXTURES / "check-clean.yaml").read_text(encoding="utf-8")
NEGATIVE = {"never-fires", "never-wins", "unreachable-domain", "unreachable-grade",
            "unreachable-case"}


@pytest.fixture(autouse=True)
def _no_disk_cache(monkeypatch):
    monkeypatch.setenv("REGIONLAB_CACHE", "0")


def line(text: str, fragment: str, nth: int = 1) -> int:
    """1-based line of the nth line of `text` that contains `fragment`."""
    hits = [i for i, ln in enumerate(text.splitlines(), 1) if fragment in ln]
    assert len(hits) >= nth, f"{fragment!r} not in the rulebook text"
    return hits[nth - 1]


def fixture(name: str) -> tuple[list[Problem], str]:
    path = FIXTURES / f"check-{name}.yaml"
    problems = check(path)
    for p in problems:
        assert p.file == str(path)
    return problems, path.read_text(encoding="utf-8")


def edited(tmp_path: Path, *changes: tuple[str, str], name: str = "rules.yaml"
           ) -> tuple[list[Problem], str]:
    """check-clean.yaml with each (old, new) replaced once; checked."""
    text = CLEAN
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    problems = check(path)
    for p in problems:
        assert p.file == str(path)
    return problems, text


def found(problems: list[Problem]) -> list[tuple[str, int | None]]:
    return [(p.code, p.line) for p in problems]


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


# --- what passes ------------------------------------------------------------------------------


def test_shipped_rulebook_passes():
    assert check() == []
    assert check(packaged("rulebook.yaml")) == []


def test_shipped_rulebook_checks_with_a_bounded_search(monkeypatch):
    """`rules check` is run after every edit, so it must stay quick: measured by the
    work it does (rules tried on grid points), not by a clock that a loaded machine
    stretches. The shipped rulebook takes about 7,700 tries and 2,700 points; a
    change that needs far more should raise these bounds knowingly."""
    tries, points = [0], [0]
    fires, merge = rule_check._fires, rule_check._merge

    def counted_fires(*args, **kwargs):
        tries[0] += 1
        return fires(*args, **kwargs)

    def counted_merge(parts):
        points[0] += 1
        return merge(parts)

    monkeypatch.setattr(rule_check, "_fires", counted_fires)
    monkeypatch.setattr(rule_check, "_merge", counted_merge)
    assert check() == []
    assert 0 < tries[0] <= 20_000 and 0 < points[0] <= 8_000


def test_shipped_thresholds_declare_their_order():
    assert load_rulebook().threshold_order == {
        "high": "low", "grade_advanced_mean": "grade_developing_mean",
        "extinction_risk": "extinction_high_risk"}


def test_shipped_rulebook_concludes_every_case_of_the_catalogue():
    from regionlab.policy.catalogue import load_catalogue

    concluded = {c for r in load_rulebook().of_kind("case") for c in r.then}
    assert concluded == set(load_catalogue().ids("case"))


def test_clean_fixture_passes():
    assert fixture("clean")[0] == []


# --- the fixtures: one mistake each ----------------------------------------------------------


def test_typo_in_a_name_is_reported_at_its_line():
    problems, text = fixture("typo")
    p = only(problems)
    assert (p.code, p.line, p.field) == ("bad-expression", line(text, "and municipalty <"),
                                         "rules.1.when")
    assert "unknown name 'municipalty'; did you mean 'municipality'?" in p.message


def test_thresholds_out_of_order():
    problems, text = fixture("threshold-order")
    p = only(problems)
    assert (p.code, p.line, p.field) == ("threshold-order", line(text, "value: 30"),
                                         "thresholds.high.value")
    assert "'high' (30) must be above 'low' (40)" in p.message


def test_unreachable_domain():
    problems, text = fixture("unreachable-domain")
    social = line(text, "id: domain-social")
    assert ("unreachable-domain", social) in found(problems)
    assert ("never-fires", social) in found(problems)
    (p,) = [p for p in problems if p.code == "unreachable-domain"]
    assert "domain 'social' can never be reached" in p.message
    assert f"'domain-social' (line {social}) never fires" in p.message
    # where social was, no domain at all
    (gap,) = [p for p in problems if p.code == "domain-gap"]
    assert "municipality=0, residents=40" in gap.message
    # and the cases that need the social domain go with it, saying why
    for rule in ("case-seongmisan", "case-park", "case-haja"):
        assert ("never-fires", line(text, f"id: {rule}")) in found(problems)
        assert ("unreachable-case", line(text, f"id: {rule}")) in found(problems)
    for p in problems:
        if p.code == "never-fires" and p.field != "rules.1.when":
            assert "(domain 'social' is never reached)" in p.message
    assert {p.code for p in problems} == {"unreachable-domain", "never-fires", "domain-gap",
                                          "unreachable-case"}


def test_conflicting_pair_of_domain_rules():
    problems, text = fixture("conflict")
    p = only(problems)
    social, overlap = line(text, "id: domain-social"), line(text, "id: domain-overlap")
    assert (p.code, p.line) == ("domain-conflict", overlap)
    assert f"'domain-social' (line {social}) and 'domain-overlap' (line {overlap})" in p.message
    assert "('social', 'overlap')" in p.message
    assert "e.g. municipality=40, residents=40" in p.message
    assert "file order picks 'domain-social'" in p.message


def test_gap_between_domain_rules():
    problems, text = fixture("gap")
    p = only(problems)
    assert (p.code, p.line) == ("domain-gap", line(text, "id: domain-government"))
    assert "no domain rule fires for municipality=30, residents=40" in p.message


def test_rule_that_never_fires():
    problems, text = fixture("never-fires")
    p = only(problems)
    assert (p.code, p.line) == ("never-fires", line(text, "id: flag-central-support"))
    assert p.field == "rules.14.when"
    assert "'residents < low and residents >= high' is false for every" in p.message


def test_unreachable_case_through_the_domain_rules():
    # social needs a municipality below low: a social case that asks for a strong one is dead
    problems, text = fixture("unreachable-case")
    seongmisan = line(text, "id: case-seongmisan")
    assert found(problems) == [("unreachable-case", seongmisan), ("never-fires", seongmisan)]
    assert "case 'seongmisan-village-economy' can never be reached" in problems[0].message
    assert "given how the domain and grade rules decide" in problems[1].message


# --- more mistakes, as edits of check-clean.yaml ---------------------------------------------


def test_above_names_no_threshold(tmp_path):
    problems, text = edited(tmp_path, ("    above: low", "    above: lo"))
    p = only(problems)
    assert (p.code, p.line, p.field) == ("unknown-threshold", line(text, "above: lo"),
                                         "thresholds.high.above")
    assert "did you mean 'low'?" in p.message


def test_equal_thresholds_are_out_of_order(tmp_path):
    problems, text = edited(tmp_path, ("    value: 60", "    value: 40"))
    assert ("threshold-order", line(text, "value: 40")) in found(problems)


def test_case_in_the_catalogue_that_no_rule_concludes(tmp_path):
    problems, text = edited(tmp_path, (
        "  - {id: case-haja, kind: case, when: domain == 'social' and business_finance >= low,\n"
        "     then: haja-center, rationale: social enterprises, source: \"1.2\"}\n", ""))
    p = only(problems)
    assert (p.code, p.line, p.field) == ("unreachable-case", line(text, "rules:"), "rules")
    assert "case 'haja-center' can never be reached: no rule concludes it" in p.message


def test_grade_rule_that_never_wins(tmp_path):
    problems, text = edited(tmp_path, ("then: developing,\n     priority: 1",
                                       "then: developing,\n     priority: 3"))
    advanced = line(text, "id: grade-advanced")
    assert found(problems) == [("unreachable-grade", advanced), ("never-wins", advanced)]
    assert "'grade-developing' (line" in problems[1].message
    assert "never decides the grade" in problems[1].message


def test_conflicting_grade_rules(tmp_path):
    problems, text = edited(tmp_path, ("then: advanced, priority: 2", "then: advanced, priority: 1"))
    p = only(problems)
    assert (p.code, p.line) == ("grade-conflict", line(text, "id: grade-developing"))
    assert "('advanced', 'developing')" in p.message


def test_gap_between_grade_rules(tmp_path):
    problems, text = edited(tmp_path, ("when: mean_capacity < low", "when: mean_capacity < 30"))
    p = only(problems)
    assert (p.code, p.line) == ("grade-gap", line(text, "id: grade-advanced"))
    assert "no grade rule fires for" in p.message


def test_catalogue_domain_that_no_rule_concludes(tmp_path):
    problems, text = edited(tmp_path, ("then: overlap,", "then: social,"))
    assert ("unreachable-domain", line(text, "rules:")) in found(problems)
    assert any("domain 'overlap' can never be reached: no rule concludes it" in p.message
               for p in problems)


def test_a_higher_priority_settles_a_conflict(tmp_path):
    problems, _ = edited(
        tmp_path,
        ("residents >= low and municipality < low, then: social",
         "residents >= low and municipality <= low, then: social"),
        ("  - {id: grade-advanced",
         "  - {id: domain-tie, kind: domain, when: municipality == low, then: overlap, priority: 1,\n"
         "     rationale: overlap at the boundary, source: s}\n  - {id: grade-advanced"))
    assert problems == []


def test_rules_of_the_same_domain_do_not_conflict(tmp_path):
    problems, text = edited(tmp_path, ("  - {id: grade-advanced", (
        "  - {id: domain-overlap-strong, kind: domain, when: residents >= high and municipality >= high,\n"
        "     then: overlap, rationale: strong, source: s}\n  - {id: grade-advanced")))
    # it only ever fires where domain-government or domain-overlap fires first
    assert found(problems) == [("never-wins", line(text, "id: domain-overlap-strong"))]


# --- what the grid covers ----------------------------------------------------------------------


FLAG = ("  - {id: grade-advanced", "  - {{id: f, kind: flag, when: \"{when}\", then: {then},\n"
        "     rationale: r, source: s}}\n  - {{id: grade-advanced")


def flag(when: str, then: str = "central-support-needed") -> tuple[str, str]:
    return FLAG[0], FLAG[1].format(when=when, then=then)


@pytest.mark.parametrize("when", [
    "residents - 10 < low and residents >= 49.5",  # a boundary at 50 through arithmetic
    "mean(residents, municipality) >= 70 and residents < 45",
    "residents == municipality + 10",
    "residents / municipality > 2",
    "not known(fiscal_self_reliance_pct)",  # context figures may be missing
    "fiscal_self_reliance_pct > 99.5",
    "extinction_index < 0.05",  # no upper limit
    "count(designations) == 3",
    "'disaster' in designations and 'industrial_crisis' not in designations",
    "count(missing_actors) > 0 and residents < low",  # municipality missing, residents known
    "'residents' in missing_actors and not known(residents)",
    "year >= 2030",
    "not known(domain)",  # no domain while an actor is missing
    "domain == 'social' and grade == 'developing' and residents >= high",
])
def test_conditions_that_can_fire_are_not_reported(tmp_path, when):
    problems, _ = edited(tmp_path, flag(when))
    assert problems == []


@pytest.mark.parametrize("when", [
    "residents > 100",
    "residents < low and residents > high - 15",
    "count(missing_actors) > 0 and domain == 'social'",  # no domain while an actor is missing
    "domain == 'social' and grade == 'advanced'",  # advanced needs every actor high
    "'disaster' in designations and count(designations) == 0",
    "fiscal_self_reliance_pct > 100",
    "year < 1900",
])
def test_conditions_that_cannot_fire_are_reported(tmp_path, when):
    problems, text = edited(tmp_path, flag(when))
    assert found(problems) == [("never-fires", line(text, "{id: f,"))]


def test_initiative_rules(tmp_path):
    def initiative(when):
        return ("  - {id: grade-advanced",
                f"  - {{id: i, kind: flag, applies_to: initiative, when: \"{when}\",\n"
                "     then: advice-prototype, rationale: r, source: s}\n  - {id: grade-advanced")
    assert edited(tmp_path, initiative(
        "stage == 'systemic' and grade == 'advanced' and funding == 'central_contest'"
        " and lead_capacity < low and outcome == 'worsened'"))[0] == []
    assert edited(tmp_path, initiative("not known(funding) and not known(lead_capacity)"))[0] == []
    problems, text = edited(tmp_path, initiative("stage == 'prompt' and stage == 'scaling'"))
    assert found(problems) == [("never-fires", line(text, "{id: i,"))]


# --- loading ---------------------------------------------------------------------------------


def test_every_load_problem_is_reported_at_once(tmp_path):
    problems, text = edited(tmp_path, ("municipality < low, then: social",
                                       "municipalty < low, then: social"),
                            ("then: citizens-solve-it", "then: citizens-solve-them"))
    assert found(problems) == [("bad-expression", line(text, "municipalty")),
                               ("unknown-id", line(text, "citizens-solve-them"))]


def test_a_file_that_is_not_there(tmp_path):
    p = only(check(tmp_path / "nothing.yaml"))
    assert p.code == "no-such-file"


def test_the_file_is_read_afresh(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(CLEAN, encoding="utf-8")
    load_rulebook(path)  # compiled and kept for this path
    assert check(path) == []
    conflict = (FIXTURES / "check-conflict.yaml").read_text(encoding="utf-8")
    path.write_text(conflict, encoding="utf-8")
    assert [p.code for p in check(path)] == ["domain-conflict"]


def test_a_sampled_search_claims_nothing_is_impossible(monkeypatch):
    monkeypatch.setattr(rule_check, "LIMIT", 5)
    problems, _ = fixture("unreachable-domain")
    assert not {p.code for p in problems} & NEGATIVE
    assert fixture("clean")[0] == []


def test_a_value_either_kind_can_hold_is_one_problem(tmp_path):
    # a threshold is a number or a mapping: 'forty' is neither, said once
    problems, text = edited(tmp_path, ("  low: 40", "  low: forty"))
    p = only(problems)
    assert (p.code, p.line, p.field) == ("wrong-type", line(text, "low: forty"),
                                         "thresholds.low")
    assert p.message == "expected a number or a mapping (key: value lines), got 'forty'"


def test_a_mapping_where_a_mapping_may_stand_is_checked_as_one(tmp_path):
    # not also "expected a number": the mapping is what the analyst meant
    problems, text = edited(tmp_path, ("    above: low", "    abov: low"))
    p = only(problems)
    assert (p.code, p.field) == ("unknown-key", "thresholds.high.abov")
    assert "did you mean 'above'?" in p.message


def test_a_key_that_is_not_text_is_its_own_problem_beside_its_value(tmp_path):
    problems, text = edited(tmp_path, ("  low: 40", '  low: 40\n  1: "abc"'))
    messages = sorted(p.message for p in problems if p.field == "thresholds.1")
    assert messages == ["expected a number or a mapping (key: value lines), got 'abc'",
                        "expected text, got 1; quote it"]
