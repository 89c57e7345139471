"""What it would take: the smallest one-actor change to each other outcome."""

from __future__ import annotations

import json
import os

from conftest import profile_data
from typer.testing import CliRunner

from regionlab.cli import app
from regionlab.nation.batch import run_batch
from regionlab.trust.engine import Engine
from regionlab.trust.what_it_takes import what_it_takes

runner = CliRunner()


def rated(**capacities):
    return profile_data(**{a: 1 + c / 25 for a, c in capacities.items()})


def test_residents_at_30_must_reach_40_for_overlap_and_that_holds(write_profile):
    path = write_profile(rated(residents=30, municipality=50))
    r = runner.invoke(app, ["explain", str(path), "--format", "json"])
    data = json.loads(r.stdout)
    assert data["domain"] == "government"
    step = next(s for s in data["what_it_takes"] if s["target"] == "overlap")
    assert (step["actor"], step["before"], step["after"], step["change"]) == \
        ("residents", 30.0, 40.0, 10.0)
    assert (step["rating_before"], step["rating_after"]) == (2.2, 2.6)
    text = runner.invoke(app, ["explain", str(path)]).stdout
    assert "residents 30.0 → 40.0 (+10.0; rating 2.2 → 2.6) → overlap" in text
    # the change it names does what it says
    changed = write_profile(rated(residents=40, municipality=50), "changed.yaml")
    assert Engine().assess_file(changed).domain == "overlap"
    just_short = write_profile(rated(residents=39.9, municipality=50), "short.yaml")
    assert Engine().assess_file(just_short).domain == "government"


def test_each_other_domain_and_missing_cases(write_profile):
    engine = Engine()
    a = engine.assess_file(write_profile(rated(residents=75, municipality=25,
                                               business_finance=25, universities=25)))
    assert a.domain == "social"
    steps = {(s.kind, s.target): s for s in what_it_takes(a, engine.framework)}
    assert steps[("domain", "overlap")].text().startswith("municipality 25.0 → 40.0")
    assert steps[("domain", "government")].after == 39.9
    assert ("case", "haja-center") in steps  # business_finance up to low
    assert ("case", "seongmisan-village-economy") not in steps  # already recommended


def test_an_unclassified_region_has_nothing_to_take(write_profile):
    engine = Engine()
    a = engine.assess_file(write_profile(profile_data(universities=None)))
    assert what_it_takes(a, engine.framework) == []


def test_batch_column(tmp_path, write_profile):
    write_profile(rated(residents=30, municipality=50))
    row = run_batch([tmp_path]).rows[0]
    assert "overlap: residents +10.0" in row["what_it_takes"]


def test_explained_in_korean_and_japanese(write_profile):
    # actors and targets by their titles, and the rating's word, in the language
    path = write_profile(rated(residents=30, municipality=50))
    engine = Engine()
    cat = engine.catalogue
    for lang, rating in (("ko", "평가"), ("ja", "評価")):
        text = runner.invoke(app, ["explain", str(path), "--lang", lang]).stdout
        actor, domain = cat.title("actors", "residents", lang), cat.title("domains", "overlap",
                                                                           lang)
        assert f"{actor} 30.0 → 40.0" in text and f"{rating} 2.2 → 2.6" in text
        assert f"→ {domain}" in text
        assert "residents 30.0" not in text
    markdown = runner.invoke(app, ["explain", str(path), "--lang", "ko", "--format",
                                   "markdown"]).stdout
    assert f"- {cat.title('actors', 'residents', 'ko')} 30.0 → 40.0" in markdown


def test_a_threshold_compared_with_at_most_is_crossed_just_above_it(tmp_path, write_profile):
    # `residents <= low`: government up to 40 itself; social from 40.1
    from conftest import edited_rulebook

    rules = edited_rulebook(tmp_path, {
        "domain-government": "residents <= low",
        "domain-social": "residents > low and municipality < low",
        "domain-overlap": "residents > low and municipality >= low"})
    engine = Engine(rules)
    a = engine.assess_file(write_profile(rated(residents=30, municipality=25)))
    assert a.domain == "government"
    for cases in (True, False):
        step = next(s for s in what_it_takes(a, engine.framework, cases=cases)
                    if s.target == "social")
        assert (step.actor, step.after) == ("residents", 40.1)


def test_what_if_rulebooks_are_not_kept_forever():
    # a server might make a rulebook per request (--set): what is worked out for a
    # rulebook lives on it, and goes with it
    import gc
    import weakref

    from regionlab.profile.validate import check_profile

    data = rated(residents=30, municipality=50)
    gone = []
    for i in range(3):
        engine = Engine(settings=[f"low={30 + i}"])
        a = engine.assess(check_profile(data, None, "p.yaml", engine.framework))
        what_it_takes(a, engine.framework, cases=False)
        assert engine.rulebook._derived  # worked out, and kept with the copy
        gone.append(weakref.ref(engine.rulebook))
        del engine, a
    gc.collect()
    assert [ref() for ref in gone] == [None, None, None]


def test_derived_data_follows_a_changed_copy_of_the_rulebook():
    # each rulebook works out its own plans and candidates, and a what-if's copy
    # starts from none: the base's answers (low=40) never reach it, nor its the base
    from regionlab.profile.validate import check_profile
    from regionlab.trust import threshold_sides

    data = rated(residents=30, municipality=50)
    engines = [Engine(), Engine(what_ifs=["low=45"]), Engine()]
    found = []
    for engine in engines:
        a = engine.assess(check_profile(data, None, "p.yaml", engine.framework))
        for cases in (False, True):
            step = next(s for s in what_it_takes(a, engine.framework, cases=cases)
                        if s.target == "overlap")
            found.append((cases, step.after))
    assert found == [(False, 40.0), (True, 40.0), (False, 45.0), (True, 45.0),
                     (False, 40.0), (True, 40.0)]
    base, copy = engines[0].rulebook, engines[1].rulebook
    assert engines[2].rulebook is base  # loaded once: its derived data is reused
    assert threshold_sides.plan(copy) is not threshold_sides.plan(base)
    assert threshold_sides.plan(base) is threshold_sides.plan(base)
    assert base == engines[2].rulebook and base != copy  # the cache takes no part


def test_derived_data_follows_a_rulebook_file_read_again(tmp_path, write_profile):
    from conftest import edited_rulebook

    from regionlab.rules.rulebook import load_rulebook

    rules = edited_rulebook(tmp_path, {})
    profile = write_profile(rated(residents=30, municipality=50))
    before = Engine(rules)
    steps = what_it_takes(before.assess_file(profile), before.framework, cases=False)
    assert ("residents", 40.0) in {(s.actor, s.after) for s in steps}
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("value: 40", "value: 35", 1), encoding="utf-8")
    info = rules.stat()
    os.utime(rules, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    after = Engine(rules)
    assert after.rulebook is not before.rulebook
    assert after.rulebook is load_rulebook(rules)
    steps = what_it_takes(after.assess_file(profile), after.framework, cases=False)
    assert ("residents", 35.0) in {(s.actor, s.after) for s in steps}

def test_an_actor_on_evidence_alone_is_told_the_rating_that_would_get_there(write_profile):
    """The usual case after `init`: no rating yet. What it would take names the rating
    that, combined with the evidence, reaches the target (issue 19, item 17)."""
    data = profile_data(residents=None, municipality=3)
    data["year"] = 2022
    data["actors"]["residents"] = {"indicators": {
        "turnout_adjusted_pts": {"value": -16.5, "year": 2022}}}  # evidence 0
    path = write_profile(data)
    r = runner.invoke(app, ["explain", str(path), "--format", "json"])
    step = next(s for s in json.loads(r.stdout)["what_it_takes"] if s["target"] == "overlap")
    assert (step["before"], step["after"], step["rating_with_evidence"]) == (0.0, 40.0, 4.2)
    assert "a rating of 4.2 with the evidence" in step["text"]
    data["actors"]["residents"]["rating"] = 4.2  # the change it names does what it says
    assert Engine().assess_file(write_profile(data, "rated.yaml")).domain == "overlap"
