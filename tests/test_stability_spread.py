"""A panel's disagreement in the verdict: a rating recorded with its raters' spread
(profile format v1, `rating_spread` and `raters`) is perturbed farther, so a region
the panel disagrees on near a threshold is flagged, naming the actor and the spread."""

from __future__ import annotations

import pytest
from conftest import profile_data

from regionlab.errors import InputError
from regionlab.profile.models import Actor
from regionlab.trust.engine import Engine


def panel(residents: dict, **ratings) -> dict:
    data = profile_data(municipality=4, **ratings)
    data["actors"]["residents"] = residents
    return data


def near_flag(result):
    return next((c for c in result.conclusions if c.id == "near-threshold"), None)


def problems(write_profile, data) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as e:
        Engine().assess_file(write_profile(data))
    return [(p.field, p.code) for p in e.value.problems]


def test_a_panel_rating_loads_with_its_spread(write_profile):
    result = Engine().assess_file(write_profile(
        panel({"rating": 3.5, "rating_spread": 2, "raters": 3, "note": "Kim: 3; Lee: 5"})))
    assert result.profile.actors["residents"] == Actor(3.5, {}, "Kim: 3; Lee: 5", {}, 2.0, 3)
    assert result.capacities["residents"] == 62.5  # the rating alone makes the capacity


def test_a_wide_spread_near_a_threshold_is_flagged_naming_actor_and_spread(write_profile):
    engine = Engine()
    alone = engine.assess_file(write_profile(panel({"rating": 3.5}), "alone.yaml"))
    disputed = engine.assess_file(write_profile(
        panel({"rating": 3.5, "rating_spread": 3, "raters": 3}), "disputed.yaml"))
    assert alone.domain == disputed.domain == "overlap"
    # 62.5 is out of reach of low (40) at +/- 0.5; raters 3 apart move it +/- 1.5
    assert alone.stability.domain == 1.0 and near_flag(alone) is None
    assert disputed.stability.domain < 0.85
    assert near_flag(disputed).detail == \
        "residents 62.5 is 22.5 above low (40), rating spread 3 among 3 raters"
    assert disputed.stability.nearest[0].spread == 3 and disputed.stability.nearest[0].raters == 3


def test_a_spread_within_the_plain_perturbation_changes_nothing(write_profile):
    engine = Engine()
    for rating in (2.75, 3.0, 3.5):
        plain = engine.assess_file(write_profile(panel({"rating": rating}), "a.yaml"))
        agreed = engine.assess_file(write_profile(
            panel({"rating": rating, "rating_spread": 1, "raters": 4}), "b.yaml"))
        assert plain.stability.domain == agreed.stability.domain, rating


def test_a_robustness_file_without_the_rule_leaves_spreads_out(tmp_path, write_profile):
    old = tmp_path / "old-robustness.yaml"
    old.write_text("format: regionlab/robustness/v1\nsamples: 100\nseed: 2019\nrating: 0.5\n"
                   "indicator_share: 0.1\nthresholds: {low: 2}\nfragile_below: 0.85\n",
                   encoding="utf-8")
    path = write_profile(panel({"rating": 3.5, "rating_spread": 3, "raters": 3}))
    assert Engine(robustness=old).assess_file(path).stability.domain == 1.0


@pytest.mark.parametrize(("residents", "expected"), [
    ({"rating_spread": 1, "raters": 3}, [("actors.residents.rating_spread",
                                          "panel-without-rating"),
                                         ("actors.residents.raters", "panel-without-rating")]),
    ({"rating": 3, "rating_spread": 4.5, "raters": 3}, [("actors.residents.rating_spread",
                                                         "out-of-range")]),
    ({"rating": 3, "rating_spread": 1, "raters": 1}, [("actors.residents.rating_spread",
                                                       "inconsistent-panel")]),
    ({"rating": 3, "rating_spread": -1}, [("actors.residents.rating_spread", "out-of-range")]),
    ({"rating": 3, "raters": 0}, [("actors.residents.raters", "out-of-range")]),
    ({"rating": 3, "raters": 2.5}, [("actors.residents.raters", "wrong-type")]),
    ({"rating": 3, "rating_spread": "wide"}, [("actors.residents.rating_spread",
                                               "wrong-type")]),
])
def test_a_panel_that_does_not_add_up_is_refused(write_profile, residents, expected):
    assert sorted(problems(write_profile, panel(residents))) == sorted(expected)


def test_one_rater_agreeing_with_itself_is_fine(write_profile):
    result = Engine().assess_file(write_profile(
        panel({"rating": 3, "rating_spread": 0, "raters": 1})))
    assert result.profile.actors["residents"].raters == 1


def test_the_terminal_and_reports_word_the_spread_in_the_language(write_profile):
    from regionlab.output.wording import flag_detail
    from regionlab.policy.catalogue import load_catalogue

    disputed = Engine().assess_file(write_profile(
        panel({"rating": 3.5, "rating_spread": 3, "raters": 3}), "disputed.yaml"))
    flag, cat = near_flag(disputed), load_catalogue()
    assert flag_detail(flag, disputed, cat, "en").endswith(", rating spread 3 among 3 raters")
    assert flag_detail(flag, disputed, cat, "ko").endswith(", 평가자 3명의 평가 편차 3")
