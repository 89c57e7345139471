"""Whole assessments: the outcomes docs/reading.md promises, and golden cases
(every example profile in, its verdict out)."""

from __future__ import annotations

import os

import pytest
import yaml
from conftest import PROFILES, ROOT, profile_data

from regionlab.trust.engine import Engine

GOLDEN = ROOT / "tests" / "golden" / "examples.yaml"


@pytest.fixture(scope="module")
def engine():
    return Engine()


def assess(engine, write_profile, **kwargs):
    return engine.assess_file(write_profile(profile_data(**kwargs)))


def ids(result, kind):
    return [c.id for c in result.of_kind(kind)]


# -- the reading (docs/reading.md) -------------------------------------------------------

def test_low_residents_is_government(engine, write_profile):
    r = assess(engine, write_profile, municipality=4, residents=2)  # 75, 25
    assert r.domain == "government"
    assert "central-support-needed" not in ids(r, "flag")


def test_low_residents_and_municipality_flags_central_support(engine, write_profile):
    r = assess(engine, write_profile, municipality=2, residents=2)
    assert r.domain == "government"
    assert "central-support-needed" in ids(r, "flag")


def test_residents_not_low_with_low_municipality_is_social(engine, write_profile):
    r = assess(engine, write_profile, municipality=2, residents=3)
    assert r.domain == "social"


def test_both_not_low_is_overlap(engine, write_profile):
    r = assess(engine, write_profile, municipality=3, residents=3)
    assert r.domain == "overlap"


@pytest.mark.parametrize("residents, municipality, domain", [
    (39.9, 50, "government"), (40.0, 50, "overlap"), (40.0, 39.9, "social"), (40.0, 40.0, "overlap"),
])
def test_band_boundary_is_40(engine, write_profile, residents, municipality, domain):
    # ratings that map exactly to the capacities: r = 1 + c / 25
    r = assess(engine, write_profile, residents=1 + residents / 25,
               municipality=1 + municipality / 25)
    assert r.capacities["residents"] == residents
    assert r.domain == domain


@pytest.mark.parametrize("designation", ["industrial_crisis", "employment_crisis"])
def test_economic_crisis_brings_rochester(engine, write_profile, designation):
    r = assess(engine, write_profile, residents=3, context={"designations": [designation]})
    cases = {c.id: c for c in r.of_kind("case")}
    assert cases["rochester-nbn"].prerequisite is None


def test_rochester_with_low_residents_has_prerequisite(engine, write_profile):
    r = assess(engine, write_profile, residents=2, context={"designations": ["industrial_crisis"]})
    cases = {c.id: c for c in r.of_kind("case")}
    assert cases["rochester-nbn"].prerequisite == "strengthen-resident-capacity"


def test_no_crisis_no_rochester(engine, write_profile):
    r = assess(engine, write_profile, context={"designations": ["population_decline"]})
    assert "rochester-nbn" not in ids(r, "case")


@pytest.mark.parametrize("business, universities, expected", [
    (4, 4, True), (5, 4, True), (4, 3, False), (3, 5, False),
])
def test_boston_needs_both_high(engine, write_profile, business, universities, expected):
    r = assess(engine, write_profile, business_finance=business, universities=universities)
    assert ("boston-innovation-district" in ids(r, "case")) is expected


def test_missing_actor_gives_no_domain_and_a_flag(engine, write_profile):
    r = assess(engine, write_profile, universities=None)
    assert r.domain is None
    assert r.grade is None
    assert "insufficient-data" in ids(r, "flag")
    assert r.capacities["universities"] is None


def test_strategies_follow_the_domain(engine, write_profile):
    cat = engine.catalogue
    for kwargs in ({"residents": 2}, {"municipality": 2}, {}):
        r = assess(engine, write_profile, **kwargs)
        domains = {cat.entry("strategies", s)["domain"] for s in ids(r, "strategy")}
        assert domains == {r.domain}


def test_every_verdict_has_its_reason(engine, write_profile):
    r = assess(engine, write_profile, residents=2, context={"designations": ["industrial_crisis"]})
    reasons = {e.rule.id: e for e in r.reasons}
    assert reasons["domain-government"].values == {"residents": 25.0}
    assert reasons["domain-government"].thresholds == {"low": 40}
    assert reasons["domain-government"].comparisons[0][1:] == (25.0, "<", 40, True)
    concluded = {c.rule for c in r.conclusions}
    assert concluded <= set(reasons)


def test_indicators_combine_with_rating(engine, write_profile):
    data = profile_data(municipality=3)  # rating 3 -> 50
    data["actors"]["municipality"]["indicators"] = {
        "fiscal_self_reliance_pct": 60, "innovation_staff": 10}  # both above the top goalpost
    r = engine.assess_file(write_profile(data))
    score = r.scores["municipality"]
    assert score.indicator_score == 100.0
    assert score.capacity == 75.0  # (50 + 100) / 2 with equal weights
    assert score.basis == "rating+indicators"


def test_too_few_indicators_do_not_count(engine, write_profile):
    data = profile_data(residents=None)
    # 1 of the 3 weights of residents' local indicators, and no national figure
    data["actors"]["residents"]["indicators"] = {"volunteer_rate_pct": 20}
    r = engine.assess_file(write_profile(data))
    assert r.capacities["residents"] is None
    assert r.domain is None
    assert {"insufficient-data", "low-indicator-coverage"} <= set(ids(r, "flag"))


def test_national_evidence_alone_carries_an_actor(engine, write_profile):
    """One national figure is the whole national group: it counts without local ones."""
    data = profile_data(residents=None)
    data["actors"]["residents"]["indicators"] = {
        "turnout_adjusted_pts": {"value": -16.5, "year": 2022}}
    data["year"] = 2022
    r = engine.assess_file(write_profile(data))
    score = r.scores["residents"]
    assert score.basis == "indicators"
    assert score.indicators[0].year == 2022
    assert r.capacities["residents"] is not None and r.capacities["residents"] < 40


def test_extinction_index_is_derived_and_flagged(engine, write_profile):
    r = assess(engine, write_profile,
               context={"women_20_39": 22871, "population_65plus": 60921})  # Gunsan, June 2025
    assert r.context["extinction_index"] == pytest.approx(0.3754, abs=1e-4)
    assert "extinction-risk" in ids(r, "flag")


def test_initiative_flags(engine, write_profile):
    initiatives = [
        {"name": "A", "type": "process", "stage": "prototype", "lead": "residents",
         "funding": "central_contest"},
        {"name": "B", "type": "service", "stage": "scaling", "lead": "business_finance",
         "outcome": "worsened"},
    ]
    weak = assess(engine, write_profile, residents=2, initiatives=initiatives)
    flags = {(c.id, c.initiative) for c in weak.of_kind("flag")}
    assert {("sustainability-risk", "A"), ("advice-prototype", "A"),
            ("advice-scaling", "B"), ("problem-worsened", "B")} <= flags
    strong = assess(engine, write_profile, municipality=5, residents=5, business_finance=5,
                    universities=5, initiatives=initiatives)
    flags = {(c.id, c.initiative) for c in strong.of_kind("flag")}
    assert ("review-national-scaling", "B") in flags
    assert ("sustainability-risk", "A") not in flags


def test_year_outside_rulebook_period_is_flagged(engine, write_profile):
    r = assess(engine, write_profile, year=2010)
    assert "rulebook-out-of-period" in ids(r, "flag")


# -- golden cases --------------------------------------------------------------

def verdict(result) -> dict:
    return {
        "code": result.profile.region.code,
        "year": result.profile.year,
        "capacities": result.capacities,
        "domain": result.domain,
        "grade": result.grade,
        "cases": [c.id + (f" (after {c.prerequisite})" if c.prerequisite else "")
                  for c in result.of_kind("case")],
        "strategies": ids(result, "strategy"),
        "flags": sorted({c.id for c in result.of_kind("flag")}),
        "reasons": [e.rule.id for e in result.reasons],
        "stability": result.stability.domain,
    }


def example_profiles():
    return sorted(p.relative_to(ROOT).as_posix() for p in PROFILES.rglob("*.yaml"))


def test_golden_examples(engine):
    """Each example profile's verdict, as recorded in tests/golden/examples.yaml.

    After a deliberate change, rewrite the file with REGIONLAB_UPDATE_GOLDEN=1
    and review the diff: it shows every verdict the change moved."""
    actual = {path: verdict(engine.assess_file(ROOT / path)) for path in example_profiles()}
    if os.environ.get("REGIONLAB_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(yaml.safe_dump(actual, allow_unicode=True, sort_keys=True),
                          encoding="utf-8")
    expected = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(expected) == sorted(actual), "examples added or removed: update the golden file"
    for path in expected:
        assert actual[path] == expected[path], path


def test_an_assessment_is_made_as_its_class_makes_it():
    """assess builds its Assessment without the frozen dataclass's __init__ (cheaper
    for a batch): the same object, field for field."""
    from dataclasses import fields

    from regionlab.engine.assess import Assessment, _assessment

    values = [object() for _ in fields(Assessment)]
    made = _assessment(*values)
    assert made == Assessment(*values)
    assert vars(made) == vars(Assessment(*values))
