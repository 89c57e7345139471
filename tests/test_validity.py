"""`regionlab evidence check`: what the shipped evidence measures (issue 16). The key
numbers of the validity report on the shipped data, the presentation's own table on
evidence alone, and the README's national counts taken from the report."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import ROOT

from regionlab.nation import validity
from regionlab.policy.framework import load_framework
from regionlab.policy.packaged import packaged
from regionlab.trust.engine import Engine


@pytest.fixture(scope="module")
def y2022():
    return validity.check(2022)


@pytest.fixture(scope="module")
def y2019():
    return validity.check(2019)


def test_every_municipality_gets_a_domain_that_is_not_an_age_classifier(y2022):
    assert y2022["with_domain"] >= 220
    residents = y2022["actors"]["residents"]
    assert abs(residents["r_65plus"]) <= 0.3
    # the raw turnout, shown beside it, is what measured age (the 0.81)
    assert residents["figures"]["local_turnout_vs_nation_pts"]["r_65plus"] >= 0.75
    assert not residents["figures"]["local_turnout_vs_nation_pts"]["counted"]
    # the fiscal ratio within its kind no longer ranks kinds: equal means by kind
    means = y2022["actors"]["municipality"]["mean_by_kind"]
    assert max(means.values()) - min(means.values()) < 5


def test_the_presentations_table_holds_on_evidence_alone(y2019, y2022):
    for report in (y2019, y2022):  # the 2019 regions, whatever the year checked
        got = {(p["code"], p["case"]): p["holds"] for p in report["presentation"]}
        assert got == {("45130", "rochester-nbn"): True, ("48310", "rochester-nbn"): True,
                       ("41130", "boston-innovation-district"): True}


def test_places_known_for_a_resource_rank_high(y2019):
    ranks = {(k["code"], k["actor"]): k for k in y2019["known"]}
    assert ranks[("30200", "universities")]["rank"] <= 23  # Yuseong: Daedeok, KAIST
    assert ranks[("41130", "business_finance")]["rank"] <= 23  # Seongnam: Pangyo
    assert all(k["of"] == 226 and k["top"] == 23 for k in y2019["known"])


def test_no_rule_or_framework_entry_names_a_region():
    """The table above holds without the framework knowing the regions: no name or code
    of a region the check names appears in a value of the framework, rulebook or
    robustness file (comments aside)."""
    want = validity.load_expectations()
    from regionlab.korea import reference

    names = set()
    for entry in want["presentation"] + want["known"]:
        gov = reference.by_code(entry["code"])
        names |= {entry["code"], gov.name_ko, gov.name_ko_short, gov.name_en}
    for file in ("framework.yaml", "rulebook.yaml", "robustness.yaml"):
        values = _strings(yaml.safe_load(packaged(file).read_text(encoding="utf-8")))
        found = {n for n in names for v in values if re.search(rf"\b{re.escape(n)}\b", v)}
        assert not found, (file, found)


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (str(k), *_strings(v))]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [str(node)]


def test_each_alternative_is_counted_and_moves_the_stability(y2022):
    fw = load_framework()
    changed = y2022["alternatives"]["changed"]
    assert set(changed) == set(fw.alternatives)
    assert max(changed.values()) <= y2022["alternatives"]["any"] <= 226
    # a verdict no alternative and no plausible error changes: "1.00"; the others not
    assert y2022["stability"]["one"] + y2022["alternatives"]["any"] <= 226


def test_a_verdict_an_alternative_changes_names_it(tmp_path):
    from regionlab.korea import reference
    from regionlab.nation.init_profiles import template

    path = tmp_path / "gwanak.yaml"  # percentile 46 of the gu; 97 % of their median
    path.write_text(template(reference.by_code("11620"), 2022), encoding="utf-8")
    a = Engine().assess_file(path)
    # the alternatives that bear on what the domain rules read (residents, local
    # government): not the untransformed shares or the campuses, which only cases read
    assert a.stability.alternatives == 6 < len(load_framework().alternatives)
    assert a.stability.domain == round(a.stability.noise * 6 / 7, 3)
    assert ("fiscal-vs-median", "social") in a.stability.methods
    assert a.stability.domain < 1.0
    flag = next(c for c in a.of_kind("flag") if c.id == "near-threshold")
    # named as every output names it (rules/flag_words.py), in English for JSON
    assert flag.detail == ("with fiscal self-reliance as a ratio to its kind's median it "
                           "would be Society")
    from regionlab.output.wording import flag_detail
    from regionlab.policy.catalogue import load_catalogue

    assert "같은 유형 중앙값 대비 비율로" in flag_detail(flag, a, load_catalogue(), "ko")


def test_readme_counts_come_from_the_report(y2019, y2022):
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    d, old = y2022["domains"], y2019["domains"]
    residents = y2022["actors"]["residents"]
    yuseong = next(k for k in y2022["known"] if k["code"] == "30200")
    for said in (
        f"{d['government']} municipalities in `government`, {d['overlap']} in `overlap` "
        f"and {d['social']} in `social` for 2022",
        f"({old['government']} / {old['overlap']} / {old['social']} for 2019)",
        f"correlates {residents['r_65plus']:.2f} with the share of residents aged 65+ "
        f"(the raw turnout {residents['figures']['local_turnout_vs_nation_pts']['r_65plus']:.2f})",
        f"change the domain of {y2022['alternatives']['any']} of the 226 verdicts of 2022",
        f"Daejeon Yuseong ranks {yuseong['rank']}th of 226",
        f"universities' {y2022['actors']['universities']['r_65plus']:.2f} (and "
        f"{y2022['actors']['universities']['r_log_population']:.2f} with log population",
    ):
        assert said in readme, said


def test_the_command_prints_the_same_bytes_twice(tmp_path):
    from typer.testing import CliRunner

    from regionlab.cli import app

    runner = CliRunner()
    one = runner.invoke(app, ["evidence", "check", "--year", "2019", "--format", "json"])
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["with_domain"] == 226
    out = tmp_path / "v.json"
    two = runner.invoke(app, ["evidence", "check", "--year", "2019", "--format", "json",
                              "-o", str(out)])
    assert two.exit_code == 0 and out.read_text(encoding="utf-8") == one.stdout
    table = runner.invoke(app, ["evidence", "check", "--year", "2016"])
    assert table.exit_code == 0 and "0 of 226 decided" in table.stdout
    assert "municipality: no figure in 226 of 226" in table.stdout
    assert all(len(line) <= 80 for line in table.stdout.splitlines())


def test_years_and_units_the_evidence_cannot_decide_say_so(tmp_path):
    """2015-2018: no local-government figure reaches them; Sejong and Jeju: left out of
    the panel, each template saying why (issue 16, item 8)."""
    from typer.testing import CliRunner

    from regionlab.cli import app
    from regionlab.korea import evidence

    fw = load_framework()
    assert set(evidence.uncovered(2016, fw)) == {"municipality"}
    assert evidence.uncovered(2019, fw) == {} and evidence.uncovered(2025, fw) == {}
    runner = CliRunner()
    made = runner.invoke(app, ["init", "--all", "--year", "2017", str(tmp_path / "kr17")])
    assert made.exit_code == 0
    assert "the evidence gives no capacity for municipality in 2017" in made.stderr
    batch = runner.invoke(app, ["batch", str(tmp_path / "kr17"), "-o", str(tmp_path / "b.csv")])
    assert batch.exit_code == 0
    assert "note: 226 profiles of 2017 have no domain" in batch.stderr
    sejong = runner.invoke(app, ["init", "세종", "--year", "2022", "-o", str(tmp_path / "s.yaml")])
    assert sejong.exit_code == 0
    text = (tmp_path / "s.yaml").read_text(encoding="utf-8")
    assert "Sejong is a single-tier special self-governing city" in text


def test_an_alternative_whose_figure_the_profile_lacks_is_not_counted_as_a_change(tmp_path):
    """A profile written before an alternative's figure existed (or an analyst's own
    figures) cannot be decided under it: no verdict change, no flag naming it."""
    import yaml

    data = {"format": "regionlab/profile/v1",
            "region": {"code": "99999", "name": "Gen", "country": "XX"}, "year": 2022,
            "actors": {"municipality": {"rating": 4},
                       "residents": {"indicators": {"turnout_adjusted_pts": -10.0}},
                       "business_finance": {"rating": 3}, "universities": {"rating": 3}}}
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    a = Engine().assess_file(path)
    assert a.domain == "government"
    assert a.stability.methods == ()  # turnout-* alternatives count figures it lacks
    # goalpost alternatives still bear on it
    assert a.stability.alternatives == 2
