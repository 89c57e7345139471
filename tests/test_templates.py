"""Template profiles (`regionlab init`): regionlab.nation.init_profiles."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from regionlab.base import yamlio
from regionlab.errors import RegionlabError
from regionlab.korea import reference as ref
from regionlab.korea.reference import ReferenceLookupError
from regionlab.nation import init_profiles
from regionlab.nation.init_profiles import init_all, init_one
from regionlab.policy.framework import load_framework
from regionlab.profile.validate import load_profile
from regionlab.trust.engine import Engine


@pytest.fixture(scope="module")
def all_2025(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kr2025")
    return folder, init_all(2025, folder)


def _data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- reference dates ----------------------------------------------------------------------


def test_reference_date():
    assert init_profiles.reference_date(2025) == date(2025, 12, 31)
    assert init_profiles.reference_date(2019) == date(2019, 12, 31)
    assert init_profiles.reference_date(2025, as_of=date(2025, 6, 30)) == date(2025, 6, 30)
    # never past the date the reference table was compiled on
    covered = init_profiles.reference_as_of()
    assert covered == date(2026, 10, 8)
    assert init_profiles.reference_date(2026) == covered
    assert init_profiles.reference_date(2030) == covered
    assert init_profiles.reference_date(2015) == date(2015, 12, 31)
    with pytest.raises(ReferenceLookupError, match="2015-01-01"):
        init_profiles.reference_date(2014)


# --- all units ----------------------------------------------------------------------------


def test_init_all_2025_writes_226_valid_profiles(all_2025):
    folder, report = all_2025
    assert report.date == date(2025, 12, 31)
    assert len(report.written) == 226 and report.skipped == []
    assert sorted(folder.iterdir()) == sorted(report.written)
    fw = load_framework()
    for path in report.written:  # every file loads as it is
        profile = load_profile(path, fw)
        assert profile.year == 2025
        assert path.name.startswith(profile.region.code + "-")


def test_templates_assess_on_the_evidence_alone(all_2025):
    """A fresh national folder gives a verdict for every municipality, from figures only."""
    _, report = all_2025
    engine = Engine()
    assert len(report.written) == 226
    for path in report.written:
        result = engine.assess_file(path)
        assert result.domain is not None, path
        assert all(s.basis == "indicators" for s in result.scores.values()), path
        assert "designations-differ" not in {c.id for c in result.of_kind("flag")}


def test_init_all_2026_has_227_units(tmp_path):
    report = init_all(2026, tmp_path)
    assert report.date == init_profiles.reference_as_of()
    assert len(report.written) == 227
    names = {p.name for p in report.written}
    assert {"28125-jemulpo-2026.yaml", "28155-yeongjong-2026.yaml",
            "28275-seohae-2026.yaml", "28290-geomdan-2026.yaml"} <= names  # the new Incheon gu
    assert "12150-suncheon-2026.yaml" in names and "46150-suncheon-2026.yaml" not in names
    suncheon = _data(tmp_path / "12150-suncheon-2026.yaml")
    assert suncheon["region"]["parent"] == "Jeonnam-Gwangju Integrated Special City"
    assert "population" not in suncheon["context"]  # June 2025 figures are not 2026's


def test_file_names_are_unique_and_ascii():
    for on in (date(2019, 12, 31), date(2025, 12, 31), date(2026, 10, 8)):
        names = [init_profiles.file_name(g, on.year) for g in ref.local_governments(on, level=None)]
        assert len(set(names)) == len(names)
        assert all(n.isascii() and n == n.lower() and n.endswith(".yaml") for n in names)
    assert init_profiles.file_name(ref.get("52130", date(2025, 1, 1)), 2025) == \
        "52130-gunsan-2025.yaml"


# --- one unit -----------------------------------------------------------------------------


def _figures(data: dict) -> dict:
    return {a: entry.get("indicators") for a, entry in data["actors"].items()}


def test_gunsan_2025(tmp_path):
    path = init_one("군산", 2025, tmp_path)
    assert path == tmp_path / "52130-gunsan-2025.yaml"
    data = _data(path)
    assert data["region"] == {"code": "52130", "name": "Gunsan", "name_local": "군산시",
                              "parent": "Jeonbuk State", "country": "KR"}
    assert data["year"] == 2025
    assert data["context"] == {"designations": [], "population": 256614, "women_20_39": 22871,
                               "population_65plus": 60921, "fiscal_self_reliance_pct": 15.9}
    # the latest figure of each indicator at or before 2025, with its year
    # (counted figures first, then those shown beside them: framework.yaml's order)
    assert _figures(data) == {
        "municipality": {"fiscal_kind_percentile": {"value": 31.3, "year": 2023},
                         "fiscal_vs_kind_median_index": {"value": 70.4, "year": 2023},
                         "fiscal_self_reliance_pct": {"value": 15.9, "year": 2023}},
        "residents": {"turnout_adjusted_pts": {"value": -16.5, "year": 2022},
                      "turnout_standardised_pts": {"value": -20.8, "year": 2022},
                      "turnout_65plus_resid_pts": {"value": -14.6, "year": 2022},
                      "turnout_adjusted_cohort_pts": {"value": -16.0, "year": 2022},
                      "local_turnout_vs_nation_pts": {"value": -12.2, "year": 2022}},
        "business_finance": {"ict_finance_va_share_pct": {"value": 5.4, "year": 2020},
                             "grdp_per_resident_index": {"value": 93.2, "year": 2020},
                             "establishments_per_1000_index": {"value": 103.9, "year": 2020}},
        "universities": {"higher_education_campuses": {"value": 5.0, "year": 2021},
                         "education_va_share_pct": {"value": 3.1, "year": 2020},
                         "professional_va_share_pct": {"value": 3.8, "year": 2020},
                         "knowledge_va_per_resident_index": {"value": 40.6, "year": 2020}}}
    assert all(entry["rating"] is None for entry in data["actors"].values())
    assert "initiatives" not in data
    sources = data["sources"]
    assert any(s.startswith("Ministry of the Interior and Safety (행정안전부), resident "
                            "registration") and "June 2025" in s for s in sources)
    assert any(s.startswith("KOSIS") and "2023" in s for s in sources)
    assert any("National Election Commission" in s for s in sources)
    text = path.read_text(encoding="utf-8")
    assert re.search(r"fiscal_self_reliance_pct: 15\.9 +# 2023 figure \(latest available\)", text)
    assert "turnout 38.7 % (nation 50.93 %), 2022-06-01" in text
    assert "1-5: your judgement (fill in)" in text and "innovation_staff" in text


def test_gunsan_2019_has_the_old_code_its_designations_and_older_figures(tmp_path):
    path = init_one("군산", 2019, tmp_path)
    assert path.name == "45130-gunsan-2019.yaml"
    data = _data(path)
    assert data["region"]["code"] == "45130"
    assert data["region"]["parent"] == "Jeollabuk-do"
    # both crisis designations were in force in 2019 (press reports, marked as such)
    assert data["context"] == {"designations": ["employment_crisis", "industrial_crisis"]}
    text = path.read_text(encoding="utf-8")
    assert "employment_crisis: 2018-04-04..2022-12-31 (press reports)" in text
    assert "read as ending 2022-12-31 (to confirm)" in text
    assert "No context figures for 2019" in text
    # 2018 turnout (the latest election), 2015 census figures, and the 2023 fiscal figure
    # carried back (the framework allows 4 years for it) and marked so
    assert _figures(data) == {
        "municipality": {"fiscal_kind_percentile": {"value": 31.3, "year": 2023},
                         "fiscal_vs_kind_median_index": {"value": 70.4, "year": 2023},
                         "fiscal_self_reliance_pct": {"value": 15.9, "year": 2023}},
        "residents": {"turnout_adjusted_pts": {"value": -8.9, "year": 2018},
                      "turnout_standardised_pts": {"value": -10.9, "year": 2018},
                      "turnout_65plus_resid_pts": {"value": -6.3, "year": 2018},
                      "turnout_adjusted_cohort_pts": {"value": -7.2, "year": 2018},
                      "local_turnout_vs_nation_pts": {"value": 0.0, "year": 2018}},
        "business_finance": {"ict_finance_va_share_pct": {"value": 4.7, "year": 2015},
                             "grdp_per_resident_index": {"value": 107.2, "year": 2015},
                             "establishments_per_1000_index": {"value": 107.0, "year": 2015}},
        "universities": {"higher_education_campuses": {"value": 5.0, "year": 2021},
                         "education_va_share_pct": {"value": 3.5, "year": 2015},
                         "professional_va_share_pct": {"value": 3.1, "year": 2015},
                         "knowledge_va_per_resident_index": {"value": 46.8, "year": 2015}}}
    assert "2023, carried back 4 year(s)" in text
    load_profile(path, load_framework())


def test_2023_gets_the_fiscal_figure_and_no_designation(tmp_path):
    data = _data(init_one("Gunsan", 2023, tmp_path))
    assert data["region"]["code"] == "45130"  # Jeonbuk's codes changed on 2024-01-18
    # the industrial crisis designation ran to 2023-04-04 (as the press reported)
    assert data["context"] == {"designations": ["industrial_crisis"],
                               "fiscal_self_reliance_pct": 15.9}


def test_2015_has_no_municipality_figure_and_says_why(tmp_path):
    path = init_one("Gunsan", 2015, tmp_path)
    data = _data(path)
    assert data["actors"]["municipality"] == {}
    text = " ".join(path.read_text(encoding="utf-8").replace("#", "").split())
    # one reason said once for the figures it concerns
    assert ("No figures of fiscal_kind_percentile, fiscal_vs_kind_median_index, "
            "fiscal_self_reliance_pct: no figure from") in text
    assert text.count("the panel has 2023") == 1
    result = Engine().assess_file(path)
    assert result.domain is None and result.capacities["residents"] is not None


@pytest.mark.parametrize("query", ["Gunsan", "군산시", "52130", "gunsan-si", "45130"])
def test_queries_give_the_same_file(tmp_path, query):
    expected = init_profiles.template(ref.get("52130", date(2025, 12, 31)), 2025)
    path = init_one(query, 2025, tmp_path)
    assert path == tmp_path / "52130-gunsan-2025.yaml"
    assert path.read_text(encoding="utf-8") == expected


def test_out_may_be_a_file_path(tmp_path):
    target = tmp_path / "sub" / "mine.yml"
    assert init_one("Gunsan", 2025, target) == target
    assert _data(target)["region"]["code"] == "52130"


def test_ambiguous_name_lists_candidates(tmp_path):
    with pytest.raises(ReferenceLookupError) as err:
        init_one("중구", 2025, tmp_path)
    assert len(err.value.candidates) > 1
    assert "11140 중구 (서울특별시)" in str(err.value) and "2025-12-31" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_unknown_name_says_what_and_when(tmp_path):
    with pytest.raises(RegionlabError, match=r"'Atlantis' on 2025-12-31"):
        init_one("Atlantis", 2025, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_out_that_is_a_file_is_refused(tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(RegionlabError, match="not a folder"):
        init_all(2025, blocker)


# --- never overwrite unless told --------------------------------------------------------


def test_existing_files_are_kept_unless_overwrite(tmp_path):
    first = init_all(2025, tmp_path)
    edited = first.written[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace(
        "rating: null", "rating: 3", 1), encoding="utf-8")
    again = init_all(2025, tmp_path)
    assert again.written == [] and again.skipped == first.written
    assert "rating: 3" in edited.read_text(encoding="utf-8")
    assert init_one("Gunsan", 2025, tmp_path) is None

    forced = init_all(2025, tmp_path, overwrite=True)
    assert forced.written == first.written and forced.skipped == []
    assert "rating: 3" not in edited.read_text(encoding="utf-8")
    assert init_one("Gunsan", 2025, tmp_path, overwrite=True) == tmp_path / "52130-gunsan-2025.yaml"


def test_output_is_byte_identical_across_runs(tmp_path):
    a = init_all(2025, tmp_path / "a")
    b = init_all(2025, tmp_path / "b")
    assert [p.name for p in a.written] == [p.name for p in b.written]
    for pa, pb in zip(a.written, b.written, strict=True):
        raw = pa.read_bytes()
        assert raw == pb.read_bytes()
        assert b"\r" not in raw
        raw.decode("utf-8")


def test_names_yaml_could_misread_are_quoted(tmp_path):
    gov = ref.LocalGov(code="99010", level="basic", kind="gun", name_ko="no", name_ko_short="no",
                       name_en="On", name_en_full="On: the #1 county", parent_code="",
                       parent_name_ko="", valid_from=None, valid_to=None)
    path = tmp_path / "odd.yaml"
    path.write_text(init_profiles.template(gov, 2019), encoding="utf-8")
    # read as YAML only: the unit is made up, so its code is not in the reference table
    region = yamlio.load_file(path)[0]["region"]
    assert (region["code"], region["name"], region["name_local"]) == ("99010", "On", "no")
