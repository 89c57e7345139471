"""Reference tables of Korean local governments (regionlab.korea.reference) and their build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from regionlab.korea import reference as ref

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"  # /work/shared/data next to the repo, if present
TABLES = ("kr_local_governments.csv", "kr_code_changes.csv", "kr_kostat_mois.csv",
          "kr_context_2025.csv", "kr_evidence.csv", "kr_evidence_goalposts.csv",
          "kr_evidence_gaps.csv",
          "kr_designations.csv")

D2019 = date(2019, 6, 30)
D2025 = date(2025, 6, 30)
D2026 = date(2026, 7, 1)


# --- counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("on", "n_basic", "n_sido"), [
    (date(2018, 1, 1), 226, 17),
    (D2019, 226, 17),
    (date(2023, 7, 1), 226, 17),
    (D2025, 226, 17),
    (date(2026, 6, 30), 226, 17),
    (D2026, 227, 16),
])
def test_counts(on, n_basic, n_sido):
    assert len(ref.local_governments(on)) == n_basic
    assert len(ref.local_governments(on, level="sido")) == n_sido


def test_kinds_2025():
    kinds = [g.kind for g in ref.local_governments(D2025)]
    assert (kinds.count("si"), kinds.count("gun"), kinds.count("gu")) == (75, 82, 69)


def test_no_jeju_cities_or_sejong_as_basic():
    codes = {g.code for g in ref.local_governments(D2025)}
    assert not codes & {"50110", "50130", "36110"}
    assert ref.find("세종", D2025).level == "sido"


def test_before_coverage_is_refused():
    with pytest.raises(ref.ReferenceLookupError):
        ref.local_governments(date(2014, 12, 31))


# --- lookups --------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["군산", "군산시", "Gunsan", "gunsan-si", "GUNSAN SI",
                                   "전북 군산시", "전라북도 군산시"])
def test_find_gunsan_2019(query):
    gov = ref.find(query, D2019)
    assert (gov.code, gov.parent_name_ko) == ("45130", "전라북도")


@pytest.mark.parametrize("query", ["군산", "군산시", "Gunsan", "Gunsan-si",
                                   "전북특별자치도 군산시"])
def test_find_gunsan_2025(query):
    gov = ref.find(query, D2025)
    assert (gov.code, gov.name_en_full, gov.parent_code) == ("52130", "Gunsan-si", "52000")


def test_find_by_code():
    assert ref.find("45130", D2019).code == "45130"
    assert ref.find("52130", D2025).code == "52130"
    assert ref.find("5213000000", D2025).code == "52130"
    assert ref.find("11", D2025).name_ko == "서울특별시"
    # a code of the same unit from another date follows the recode, both ways
    assert ref.find("45130", D2025).code == "52130"
    assert ref.find("52130", D2019).code == "45130"
    assert ref.find("99999", D2025) is None
    assert ref.get("45130", D2025) is None


@pytest.mark.parametrize("query", ["중구", "동구", "고성군", "고성", "Goseong", "광주"])
def test_ambiguous_names_list_candidates(query):
    with pytest.raises(ref.ReferenceLookupError) as err:
        ref.find(query, D2025)
    assert len(err.value.candidates) >= 2
    for gov in err.value.candidates:
        assert gov.code in str(err.value) and gov.parent_name_ko in str(err.value)


def test_goseong_candidates_and_qualified_names():
    with pytest.raises(ref.ReferenceLookupError) as err:
        ref.find("고성군", D2025)
    assert {(g.code, g.parent_name_ko) for g in err.value.candidates} == {
        ("51820", "강원특별자치도"), ("48820", "경상남도")}
    assert ref.find("경남 고성군", D2025).code == "48820"
    assert ref.find("Gangwon Goseong", D2025).code == "51820"
    assert ref.find("울산 동구", D2025).code == "31170"


def test_full_name_beats_short_name():
    assert ref.find("광주시", D2025).parent_name_ko == "경기도"
    assert ref.find("광주광역시", D2025).code == "29000"


def test_not_found_and_bad_input():
    assert ref.find("Atlantis", D2025) is None
    assert ref.find("제물포구", D2025) is None  # only from 2026-07-01
    assert ref.find("제물포구", D2026).code == "28125"
    with pytest.raises(ref.ReferenceLookupError):
        ref.find("4513", D2025)


# --- crosswalk ------------------------------------------------------------------------------


def test_successor_gunsan():
    assert ref.successor("45130", date(2025, 1, 1)) == "52130"
    assert ref.successor("45130", date(2024, 1, 17)) == "45130"
    assert ref.successor("41130", D2025) == "41130"  # unchanged codes map to themselves


def test_gangwon_all_basic_codes_recoded():
    before = [g for g in ref.local_governments(date(2023, 6, 10)) if g.code.startswith("42")]
    assert len(before) == 18
    for gov in before:
        new = ref.successor(gov.code, date(2023, 6, 11))
        assert new == "51" + gov.code[2:]
        assert ref.get(new, date(2023, 6, 11)).name_ko == gov.name_ko
    assert ref.successor("42000", D2025) == "51000"


def test_jeonbuk_all_basic_codes_recoded():
    before = [g for g in ref.local_governments(date(2024, 1, 17)) if g.code.startswith("45")]
    assert len(before) == 14
    assert all(ref.successor(g.code, date(2024, 1, 18)) == "52" + g.code[2:] for g in before)


def test_gunwi_moves_to_daegu():
    assert ref.find("군위군", date(2023, 6, 30)).code == "47720"
    gov = ref.find("군위군", date(2023, 7, 1))
    assert (gov.code, gov.parent_name_ko) == ("27720", "대구광역시")
    assert ref.successor("47720", D2025) == "27720"
    assert ref.same_region("47720", D2019, "27720", D2025)


def test_incheon_2026_split_and_merge():
    assert ref.successors("28110", D2026) == ("28125", "28155")
    assert ref.successor("28140", D2026) == "28125"
    with pytest.raises(ref.ReferenceLookupError) as err:
        ref.successor("28260", D2026)
    assert {g.code for g in err.value.candidates} == {"28275", "28290"}
    assert ref.canonical("28140", D2026) is None
    assert not ref.same_region("28140", D2025, "28125", D2026)


def test_gwangju_jeonnam_2026():
    assert ref.successor("46110", D2026) == "12110"  # Mokpo
    assert ref.successor("29110", D2026) == "12210"  # Gwangju Dong-gu
    assert ref.successor("29000", D2026) == "12000"
    assert ref.canonical("29000", D2026) is None  # merged: not the same territory
    assert ref.find("목포", D2026).parent_name_ko == "전남광주통합특별시"


def test_same_region_and_canonical():
    assert ref.same_region("45130", D2019, "52130", D2025)
    assert ref.same_region("52130", D2025, "45130", D2019)
    assert not ref.same_region("45130", D2019, "45140", D2019)
    assert ref.canonical("52130", D2019) == "45130"
    assert ref.canonical("28170", D2025) == "28177"  # Incheon Nam-gu -> Michuhol-gu
    with pytest.raises(ref.ReferenceLookupError):
        ref.canonical("00000", D2025)


# --- context and KOSTAT ---------------------------------------------------------------------


def test_context_gunsan_seongnam():
    gunsan = ref.context_2025("52130")
    assert (gunsan["population"], round(gunsan["extinction_index"], 3)) == (256614, 0.375)
    assert gunsan["fiscal_self_reliance_pct"] == 15.9
    seongnam = ref.context_2025("41130")
    assert (seongnam["population"], round(seongnam["extinction_index"], 3)) == (909210, 0.711)
    assert seongnam["fiscal_self_reliance_pct"] == 59.6
    assert ref.context_2025("45130") == gunsan  # an older code of the same unit


def test_context_covers_226_and_readme_facts():
    rows = [ref.context_2025(g.code) for g in ref.local_governments(D2025)]
    assert len(rows) == 226 and all(rows)
    index = [r["extinction_index"] for r in rows]
    assert (sum(i < 0.5 for i in index), sum(i < 0.2 for i in index)) == (143, 62)
    assert ref.context_2025("48310")["fiscal_self_reliance_pct"] == 16.5  # Geoje
    assert ref.context_2025("28125") is None  # created 2026: no 2025 figures


def test_kostat_mois():
    assert ref.kostat_to_mois("35020") == "45130"  # Gunsan
    assert ref.kostat_to_mois("31023") == "41130"  # a gu of Seongnam -> the city
    assert ref.kostat_to_mois("38090") == "48310"  # Geoje
    assert ref.mois_to_kostat("52130") == "35020"


def test_tables_have_sources_in_header():
    for name in TABLES:
        text = (REPO / "src" / "regionlab" / "data" / "reference" / name).read_text("utf-8")
        head = [line for line in text.splitlines() if line.startswith("#")]
        assert any(line.startswith("# source: ") for line in head)
        assert "# built by scripts/build_reference.py" in head


# --- the build script -----------------------------------------------------------------------


def _build(raw: Path, out: Path, derived: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(REPO / "scripts" / "build_reference.py"), "--raw", str(raw),
           "--out", str(out)]
    if derived is not None:
        cmd += ["--derived", str(derived)]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def test_build_fails_clearly_on_missing_files(tmp_path):
    result = _build(tmp_path, tmp_path / "out", derived=tmp_path)
    assert result.returncode != 0
    assert "lacks" in result.stderr and "kosis_fiscal_self_reliance_2023_sgg.csv" in result.stderr
    assert "Traceback" not in result.stderr


def test_rebuild_is_byte_identical(tmp_path):
    raw, derived = SHARED / "raw", SHARED / "derived"
    if not raw.is_dir() or not derived.is_dir():
        pytest.skip(f"raw data not available at {raw}")
    result = _build(raw, tmp_path, derived=derived)
    assert result.returncode == 0, result.stderr
    for name in TABLES:
        committed = REPO / "src" / "regionlab" / "data" / "reference" / name
        assert (tmp_path / name).read_bytes() == committed.read_bytes(), name


def test_a_name_that_maps_to_no_municipality_stops_the_build(tmp_path):
    """An election row under a name the reference table does not know is a build error
    naming it, not a silent skip."""
    raw, derived = SHARED / "raw", SHARED / "derived"
    if not raw.is_dir() or not derived.is_dir():
        pytest.skip(f"raw data not available at {raw}")
    copy = tmp_path / "raw"
    shutil.copytree(raw, copy)
    turnout = copy / "nec_turnout_sgg_president_localsido_2012_2022_krvote.csv"
    turnout.chmod(0o644)
    with turnout.open("a", encoding="utf-8") as fh:
        fh.write("2022-06-01 제8회 지방선거(시도지사 투표),경상남도,없는시,100.0,50.0,50.0\n")
    result = _build(copy, tmp_path / "out", derived=derived)
    assert result.returncode == 1
    assert "경상남도 없는시 on 2022-06-01 matches no municipality" in result.stderr
    assert "Traceback" not in result.stderr

