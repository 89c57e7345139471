"""Robustness of a verdict: how often the domain survives plausible error."""

from __future__ import annotations

from conftest import edited_rulebook, profile_data

from regionlab.nation.batch import run_batch
from regionlab.trust.engine import Engine
from regionlab.trust.stability import load_settings


def capacities(residents, municipality, **rest):
    """A profile whose capacities are exactly these (rating = 1 + capacity / 25)."""
    return profile_data(residents=1 + residents / 25, municipality=1 + municipality / 25, **rest)


def flags(result):
    return {c.id: c for c in result.of_kind("flag")}


def test_two_points_from_a_threshold_is_fragile_and_named(write_profile):
    result = Engine().assess_file(write_profile(capacities(42, 75)))
    assert result.domain == "overlap"
    assert result.stability.domain < 1
    flag = flags(result)["near-threshold"]
    assert flag.detail == "residents 42.0 is 2.0 above low (40)"


def test_far_from_every_threshold_is_stable(write_profile):
    result = Engine().assess_file(write_profile(capacities(75, 75)))
    assert result.stability.domain == 1.0
    assert result.stability.samples == 0  # known without sampling
    assert "near-threshold" not in flags(result)


def test_same_inputs_same_stability_whatever_the_region(write_profile):
    first = capacities(45, 50)
    second = capacities(45, 50)
    second["region"] = {"code": "11110", "name": "Elsewhere", "country": "XX"}
    second["year"] = 2025
    engine = Engine()
    a = engine.assess_file(write_profile(first, "a.yaml")).stability
    b = engine.assess_file(write_profile(second, "b.yaml")).stability
    assert a == b and 0 < a.domain < 1


def test_perturbation_bounds_come_from_data(tmp_path, write_profile):
    default = load_settings()
    calm = tmp_path / "calm.yaml"
    calm.write_text("format: regionlab/robustness/v1\nsamples: 50\nseed: 1\nrating: 0\n"
                    "indicator_share: 0\nthresholds: {}\nfragile_below: 0.9\n", encoding="utf-8")
    path = write_profile(capacities(42, 75))
    assert Engine().assess_file(path).stability.domain < 1
    assert Engine(robustness=calm).assess_file(path).stability.domain == 1.0
    assert default.samples >= 50 and default.rating == 0.5


def test_indicators_are_perturbed_too(write_profile):
    data = capacities(75, 75)
    data["actors"]["residents"] = {"indicators": {"volunteer_rate_pct": 15.5,
                                                  "autonomy_council_pct": 40}}  # -> 41.0
    result = Engine().assess_file(write_profile(data))
    assert result.capacities["residents"] == 41.0
    assert result.stability.samples > 0 and result.stability.domain < 1


def test_unclassified_region_has_no_stability(write_profile):
    result = Engine().assess_file(write_profile(profile_data(universities=None)))
    assert result.stability.domain is None and "near-threshold" not in flags(result)


def test_batch_has_a_stability_column(tmp_path, write_profile):
    write_profile(capacities(42, 75), "near.yaml")
    far = capacities(75, 75)
    far["region"]["code"] = "99998"  # another region: one profile per region and year
    write_profile(far, "far.yaml")
    rows = {r["file"].rsplit("/", 1)[-1]: r for r in run_batch([tmp_path]).rows}
    assert rows["far.yaml"]["stability"] == 1.0
    assert rows["near.yaml"]["stability"] < 1
    assert "near-threshold" in rows["near.yaml"]["flags"]


def test_actors_compared_with_each_other_are_sampled(tmp_path, write_profile):
    # no actor is near a threshold, but residents and municipality are close to
    # each other, which these rules compare
    rules = edited_rulebook(tmp_path, {
        "domain-government": "residents < municipality",
        "domain-social": "residents >= municipality and municipality < 0",
        "domain-overlap": "residents >= municipality and municipality >= 0"})
    result = Engine(rules).assess_file(write_profile(capacities(75, 76)))
    assert result.domain == "government"
    assert result.stability.samples > 0 and result.stability.domain < 1


def test_sums_of_capacities_near_a_threshold_are_sampled(tmp_path, write_profile):
    rules = edited_rulebook(tmp_path, {
        "domain-government": "residents + municipality < 2 * low",
        "domain-social": "residents + municipality >= 2 * low and municipality < 0",
        "domain-overlap": "residents + municipality >= 2 * low and municipality >= 0"})
    engine = Engine(rules)
    result = engine.assess_file(write_profile(capacities(20, 61)))  # 81 vs 80
    assert result.domain == "overlap"
    assert result.stability.samples > 0 and result.stability.domain < 1
    # no single actor to name: the flag gives the share, in the language
    from regionlab.output.markdown import region_markdown as to_markdown

    share = f"{result.stability.domain:.0%}"
    assert f"{share} of perturbed runs keep the domain" in to_markdown(result, engine.catalogue,
                                                                       "en")
    assert f"교란 실행의 {share}에서 영역 유지" in to_markdown(result, engine.catalogue, "ko")


def test_indicators_the_coverage_rule_drops_do_not_narrow_the_reach(write_profile):
    # one residents' indicator of three: too few to count, so the capacity is the
    # rating's alone and moves with it as far as a rating-only capacity does
    data = capacities(28, 75)
    data["actors"]["residents"]["indicators"] = {"autonomy_council_pct": 0}
    result = Engine().assess_file(write_profile(data))
    assert result.capacities["residents"] == 28.0
    assert result.stability.domain < 1


def test_near_threshold_worded_in_the_language(write_profile):
    from regionlab.output.markdown import region_markdown as to_markdown
    from regionlab.report.build import report

    path = write_profile(capacities(42, 75))
    engine = Engine()
    result, cat = engine.assess_file(path), engine.catalogue
    residents = cat.title("actors", "residents", "ko")
    # the threshold named in Korean (issue 11): "낮음 기준값", not "low 기준값", in the
    # terminal's Markdown and in the report alike (one wording, output/wording.py)
    korean = f"{residents} 42.0: {cat.title('bands', 'low', 'ko')} 기준값(40)보다 2.0 높음"
    assert korean in to_markdown(result, cat, "ko")
    assert korean in report([path], "ko")
    low_ja = cat.title("bands", "low", "ja")
    assert f"42.0：{low_ja}の基準値（40）より2.0上" in to_markdown(result, cat, "ja")
    # in English, and in JSON whatever the language, as the flag's detail says it
    assert "residents 42.0 is 2.0 above low (40)" in to_markdown(result, cat, "en")


def test_a_turnout_at_zero_points_is_perturbed_in_points(tmp_path):
    """A difference at 0.0 has no 10 %: it is moved by the points robustness.yaml gives
    it (issue 16: "a turnout at 0.0 points is never perturbed")."""
    import yaml

    from regionlab.trust.engine import Engine
    from regionlab.trust.stability import load_settings

    assert load_settings().indicator_points["turnout_adjusted_pts"] > 0
    data = {"format": "regionlab/profile/v1",
            "region": {"code": "99999", "name": "Gen", "country": "XX"}, "year": 2022,
            "actors": {"municipality": {"rating": 4},
                       "residents": {"indicators": {"turnout_adjusted_pts": 0.0}},
                       "business_finance": {"rating": 3}, "universities": {"rating": 3}}}
    path = tmp_path / "zero.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    a = Engine().assess_file(path)
    assert 40 < a.capacities["residents"] < 50  # 0 points: 45 of 100, 5 above `low`
    assert a.stability.samples > 0 and a.stability.domain < 1.0
