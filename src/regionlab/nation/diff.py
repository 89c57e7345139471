"""What changed between two sets of results: regions matched across code changes,
verdicts compared, and the driver of each change named.

OLD and NEW are each a folder of profiles (assessed here) or a batch result file.
Regions are matched by territory, not by code: Gunsan 45130 in 2019 is Gunsan
52130 in 2025 (the reference crosswalk). The driver of a changed domain or grade
is the rule that decided it on each side and every actor capacity that crossed a
threshold those rules read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, TypedDict
from weakref import WeakKeyDictionary

from regionlab.base.gc_pause import collector_paused
from regionlab.errors import Problem
from regionlab.korea import reference
from regionlab.nation.batch import run_batch
from regionlab.output import results, wording
from regionlab.policy import languages
from regionlab.policy.catalogue import Catalogue
from regionlab.profile.discover import is_profile_name
from regionlab.profile.models import ACTORS, DOMAINS
from regionlab.rules.rulebook import Rulebook, compared, with_definitions

SETS = ("cases", "strategies", "flags", "designations")
OUTCOMES = ("improved", "maintained", "worsened")


@dataclass
class Side:
    rows: Sequence[Mapping[str, Any]]  # batch rows (BatchRow), made or read back
    problems: list[Problem] = field(default_factory=list)


class Change(NamedTuple):
    """A verdict in the old year and the new (JSON writes it as [old, new])."""
    old: str | None
    new: str | None


class CapacityChange(NamedTuple):
    """A capacity in the old year, the new, and the change (null where one is missing)."""
    old: float | None
    new: float | None
    change: float | None


class Region(TypedDict, total=False):
    """One region of a diff. Every region has the first seven keys and `domain`; a
    region in both years has the verdicts' changes and the reasons too."""
    key: str
    name: str
    code_old: str | None
    code_new: str | None
    year_old: int | None
    year_new: int | None
    status: str  # changed | unchanged | only_old | only_new
    domain: Change
    grade: Change
    capacities: dict[str, CapacityChange]
    cases: dict[str, list[str]]  # {"added": [...], "removed": [...]}
    strategies: dict[str, list[str]]
    flags: dict[str, list[str]]
    designations: dict[str, list[str]]
    drivers: list[str]
    driver_facts: list[dict]
    outcomes: dict[str, list[str]]
    cause: str


@dataclass
class DiffResult:
    summary: dict
    regions: list[Region]  # one per region, sorted by key
    problems: list[Problem]

    @property
    def changed(self) -> list[Region]:
        return [r for r in self.regions if r["status"] != "unchanged"]


def compare(old: Path, new: Path, rulebook: Rulebook, old_rules: Path | None = None,
            new_rules: Path | None = None) -> DiffResult:
    """Load both sides (assessing folders, each with its own rulebook) and diff them
    with `rulebook` (the new side's). When the rulebooks differ and OLD holds the
    profiles, OLD is assessed with the new rules too, to tell what changed because
    the region changed from what changed because the rules did."""
    with collector_paused():
        cross = None
        if _resolved(old_rules) != _resolved(new_rules) and old.is_dir():
            cross = load_side(old, new_rules)
        return diff(load_side(old, old_rules), load_side(new, new_rules), rulebook, cross,
                    same_rules=_resolved(old_rules) == _resolved(new_rules))


def _resolved(rules: Path | None) -> Path | None:
    return rules.resolve() if rules else None


def load_side(path: Path, rules: Path | None = None, recursive: bool = False) -> Side:
    """A folder of profiles, or a single profile, is assessed; another file is read
    as batch results. A side with no region at all is a problem: a diff against
    nothing would report every region as gone, or say nothing."""
    if path.is_dir() or is_profile_name(path.name) or not path.exists():
        result = run_batch([path], rules, recursive=recursive)
        side = Side(result.rows, result.problems)
    else:
        side = Side(results.read(path))
    if not side.rows and not side.problems:
        what = "no profiles (.yaml, .yml)" if path.is_dir() else "no regions"
        side.problems.append(Problem(str(path), None, "", "nothing-to-compare",
                                     f"holds {what}; nothing to compare"))
    return side


def diff(old: Side, new: Side, rulebook: Rulebook, cross: Side | None = None,
         same_rules: bool = True) -> DiffResult:
    """`cross` is OLD assessed with NEW's rules (when the rulebooks differ); with it,
    each change is put down to the region's data, the rules, or both."""
    years = [r["year"] for r in (*old.rows, *new.rows)]
    on = reference.date_for_year(max(years)) if years else reference.as_of()
    problems = old.problems + new.problems
    left = by_region(old.rows, on, problems)
    right = by_region(new.rows, on, problems)
    middle = by_region(cross.rows, on, []) if cross else {}
    # a side with several years of a region: which year is meant? (by_region would
    # keep the last one silently) The region is left out, and each side says why.
    several: list[Problem] = []
    for key in several_years(old.rows, on, several) | several_years(new.rows, on, several):
        left.pop(key, None)
        right.pop(key, None)
    problems += dict.fromkeys(several)  # a folder diffed against itself: said once
    regions = []
    for key in sorted(left.keys() | right.keys()):
        region = _region(key, left.get(key), right.get(key), rulebook)
        if region["status"] == "changed":
            region["cause"] = _cause(left[key], middle.get(key), right[key], same_rules)
        regions.append(region)
    summary = {**_summary(regions), "same_rules": same_rules,
               "figures": _figures_compared(left, right)}
    return DiffResult(summary, regions, problems)


def _figures_compared(left: dict, right: dict) -> list[dict]:
    """Which vintages of the evidence panel the two years read, where they differ, and
    any break in a series between them; only where both sides carry dated figures
    (profiles written by `init`), else []."""
    pairs = Counter((left[k]["year"], right[k]["year"]) for k in left.keys() & right.keys()
                    if left[k].get("oldest_figure") and right[k].get("oldest_figure")
                    and left[k]["year"] != right[k]["year"])
    if not pairs:
        return []
    from regionlab.korea.evidence import vintage_changes
    from regionlab.policy.framework import load_framework

    (old, new), _ = pairs.most_common(1)[0]
    return [{**c, "years": [old, new]} for c in vintage_changes(int(old), int(new),
                                                                 load_framework())]


VERDICT = ("domain", "grade", "cases", "strategies", "flags")


def _cause(old: Mapping[str, Any], cross: Mapping[str, Any] | None, new: Mapping[str, Any],
           same_rules: bool) -> str:
    """'data', 'rules', 'both' or 'unknown' (other rules, but no profiles to re-assess)."""
    if same_rules:
        return "data"
    if cross is None:
        return "unknown"
    by_rules = any(_verdict(old, k) != _verdict(cross, k) for k in VERDICT)
    by_data = any(_verdict(cross, k) != _verdict(new, k) for k in VERDICT) or any(
        old[a] != new[a] for a in ACTORS)
    return {(True, True): "both", (True, False): "rules", (False, True): "data"}.get(
        (by_rules, by_data), "data")


def _verdict(row: Mapping[str, Any], key: str):
    return set(row[key]) if key in SETS else row[key]


def region_key(row: Mapping[str, Any], on: date) -> str:
    """What a region is matched by across years: in Korea its territory (the code in
    force on `on` of the same land); elsewhere its code, which stands for itself,
    after its country ("XX-29200"), so that it is never taken for a Korean code."""
    country = row.get("country") or "KR"
    if country != "KR":
        return f"{country}-{row['region_code']}"
    return reference.territory(row["region_code"], on)


def by_region(rows: Sequence[Mapping[str, Any]], on: date, problems: list[Problem]
              ) -> dict[str, Mapping[str, Any]]:
    """One row per region: the latest year when a side holds several. Two rows of
    the same region and year are a problem (which one is meant?), reported."""
    out: dict[str, Mapping[str, Any]] = {}
    for row in sorted(rows, key=lambda r: r["year"]):  # stable: later years win
        key = region_key(row, on)
        seen = out.get(key)
        if seen is not None and seen["year"] == row["year"]:
            problems.append(Problem(row["file"], None, "region.code", "duplicate-region",
                                    f"region {row['region_code']} in {row['year']} is also "
                                    f"in {seen['file']}; keep one profile per region and year"))
        out[key] = row
    return out


def several_years(rows: Sequence[Mapping[str, Any]], on: date, problems: list[Problem]
                  ) -> set[str]:
    """The regions a side holds in more than one year, each reported once, naming the
    files of every year: a diff compares one year of a region with another."""
    years: dict[str, dict[int, Mapping[str, Any]]] = {}
    for row in rows:
        years.setdefault(region_key(row, on), {}).setdefault(row["year"], row)
    several = {key for key, found in years.items() if len(found) > 1}
    for key in sorted(several):
        found = sorted(years[key].items())
        listed = ", ".join(f"{year} in {row['file']}" for year, row in found)
        last = found[-1][1]
        country = last.get("country") or "KR"
        region = last["region_code"] + ("" if country == "KR" else f" ({country})")
        problems.append(Problem(last["file"], None, "year", "several-years",
                                f"region {region} is here in {len(found)} years ({listed}); "
                                "a diff compares one year with another: put each year in a "
                                "folder of its own (or give the files)"))
    return several


def _region(key: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None,
            rulebook: Rulebook) -> Region:
    either = new if new is not None else old
    if either is None:
        raise ValueError(f"region {key} is in neither year")
    out: Region = {
        "key": key,
        "name": either["region_name"],
        "code_old": old["region_code"] if old else None,
        "code_new": new["region_code"] if new else None,
        "year_old": old["year"] if old else None,
        "year_new": new["year"] if new else None,
    }
    if old is None or new is None:
        out["status"] = "only_new" if old is None else "only_old"
        out["domain"] = Change(old["domain"] if old else None,
                               new["domain"] if new else None)
        return out
    capacities = {a: _delta(old[a], new[a]) for a in ACTORS}
    out["domain"] = Change(old["domain"], new["domain"])
    out["grade"] = Change(old["grade"], new["grade"])
    out["capacities"] = capacities
    out["cases"] = _set_change(old["cases"], new["cases"])
    out["strategies"] = _set_change(old["strategies"], new["strategies"])
    out["flags"] = _set_change(old["flags"], new["flags"])
    out["designations"] = _set_change(old["designations"], new["designations"])
    facts = drivers(old, new, rulebook)
    out["drivers"] = [driver_text(f, _catalogue(), "en") for f in facts]
    out["driver_facts"] = facts
    out["outcomes"] = _outcomes(new)
    sets = (out["cases"], out["strategies"], out["flags"], out["designations"])
    moved = (out["domain"].old != out["domain"].new or out["grade"].old != out["grade"].new
             or any(c["added"] or c["removed"] for c in sets)
             or any(c.change or (c.old is None) != (c.new is None)
                    for c in capacities.values()))
    out["status"] = "changed" if moved else "unchanged"
    return out



def set_changes(region: Region) -> dict[str, dict[str, list[str]]]:
    """Each set's ids added and removed (cases, strategies, flags, designations), by
    name; empty for a region in one year only."""
    none: dict[str, list[str]] = {"added": [], "removed": []}
    return {"cases": region.get("cases", none), "strategies": region.get("strategies", none),
            "flags": region.get("flags", none),
            "designations": region.get("designations", none)}


def _set_change(before: tuple, after: tuple) -> dict[str, list[str]]:
    if before == after:  # the common case
        return {"added": [], "removed": []}
    b, a = set(before), set(after)
    return {"added": sorted(a - b), "removed": sorted(b - a)}


def _outcomes(row: Mapping[str, Any]) -> dict[str, list[str]]:
    """The policy problems the NEW profile's initiatives report, by outcome."""
    found: dict[str, list[str]] = {o: [] for o in OUTCOMES}
    for entry in row.get("initiative_outcomes") or ():
        outcome, _, name = entry.partition(":")
        if outcome in found:
            found[outcome].append(name)
    return found


def _delta(old: float | None, new: float | None) -> CapacityChange:
    change = None if old is None or new is None else round(new - old, 1)
    return CapacityChange(old, new, change)


def drivers(old: Mapping[str, Any], new: Mapping[str, Any], rulebook: Rulebook) -> list[dict]:
    """Why the domain or grade moved, as facts: the deciding rule on each side
    ({"kind": "rule"}), and each value that a rule of that kind compares with a
    threshold and that crossed it ({"kind": "crossed"}) or appeared or went
    missing ({"kind": "data"}). `driver_text` words them."""
    out: list[dict] = []
    envs = None  # both sides' values, worked out once if either kind moved
    for kind in ("domain", "grade"):
        if old[kind] == new[kind]:
            continue
        out.append({"kind": "rule", "of": kind, "before": old[kind], "after": new[kind],
                    "rule_before": old[f"{kind}_rule"], "rule_after": new[f"{kind}_rule"]})
        envs = envs or (_env(old, rulebook), _env(new, rulebook))
        out += crossings(*envs, rulebook, kind)
    return out


def crossings(before_env: dict, after_env: dict, rulebook: Rulebook, kind: str) -> list[dict]:
    """Each value (a capacity, or a definition such as mean_capacity) that a rule of
    this kind compares directly with a threshold, and that crossed it."""
    out: list[dict] = []
    for name, threshold in _compared(rulebook, kind):
        limit = rulebook.thresholds[threshold]
        before, after = before_env.get(name), after_env.get(name)
        if before is None or after is None:
            if name in ACTORS and (before is None) != (after is None):
                out.append({"kind": "data", "name": name, "before": before, "after": after})
            continue
        if (before < limit) != (after < limit):
            out.append({"kind": "crossed", "name": name, "threshold": threshold,
                        "limit": limit, "before": before, "after": after})
    return out


def driver_text(fact: dict, cat, lang: str) -> str:
    """A driver in words (ui.yaml's driver_* templates): with ids in English, as
    the `drivers` of diff's JSON and CSV output say it; with titles otherwise."""
    words = _wording(cat, lang)
    if fact["kind"] == "rule":
        of, before, after = fact["of"], fact["before"], fact["after"]
        titles = words.titles[of]
        return words.rule(of_id=of, of=words.kinds[of], before_id=before or "—",
                          after_id=after or "—", before=titles.get(before, before or "—"),
                          after=titles.get(after, after or "—"),
                          rule_before=fact["rule_before"] or "—",
                          rule_after=fact["rule_after"] or "—")
    name = fact["name"]
    named = {"name_id": name, "name": words.actors.get(name) or _named(name, cat, lang),
             "before": _num(fact["before"]), "after": _num(fact["after"])}
    if fact["kind"] == "data":
        return (words.added if fact["before"] is None else words.missing)(**named)
    way = words.rose if fact["after"] > fact["before"] else words.fell
    threshold = fact["threshold"]
    if not languages.language(lang).as_written:  # "낮음 기준값", not "low 기준값"
        threshold = (cat.title("bands", threshold, lang) if threshold in cat.data["bands"]
                     else _named(threshold, cat, lang))
    return way(threshold=threshold, limit=f"{fact['limit']:g}", **named)


def _named(id_: str, cat, lang: str) -> str:
    """A name a rule reads, in the language (ids stay as written)."""
    if languages.language(lang).as_written:
        return id_
    return wording.name(id_, lang, cat)


class _Wording(NamedTuple):
    rule: Callable[..., str]  # the templates' format methods
    rose: Callable[..., str]
    fell: Callable[..., str]
    added: Callable[..., str]
    missing: Callable[..., str]
    kinds: dict[str, str]  # "domain" -> its label
    titles: dict[str, dict[str, str]]  # "domain" -> domain id -> title
    actors: dict[str, str]  # actor id -> title


# A catalogue's wordings, by language, for as long as that catalogue lives (a
# catalogue read again after its file changed is another object, with its own).
_WORDINGS: WeakKeyDictionary[Catalogue, dict[str, _Wording]] = WeakKeyDictionary()


def _wording(cat: Catalogue, lang: str) -> _Wording:
    """Templates and titles in a language, looked up once (a diff words thousands)."""
    by_lang = _WORDINGS.get(cat)
    if by_lang is None:
        by_lang = _WORDINGS.setdefault(cat, {})
    found = by_lang.get(lang)
    if found is None:
        def titles(section: str) -> dict[str, str]:
            return {id_: cat.title(section, id_, lang) for id_ in cat.data[section]}

        def template(kind: str) -> Callable[..., str]:
            return cat.label(f"driver_{kind}", lang).format

        found = by_lang[lang] = _Wording(
            template("rule"), template("rose"), template("fell"), template("added"),
            template("missing"), {k: cat.label(k, lang) for k in ("domain", "grade")},
            {"domain": titles("domains"), "grade": titles("grades")}, titles("actors"))
    return found


def _compared(rulebook: Rulebook, kind: str) -> list[tuple[str, str]]:
    """(name, threshold) pairs the rules of a kind compare, sorted; worked out once
    per rulebook and kept with it (`Rulebook.derived`)."""
    return rulebook.derived(_compared_by_kind)[kind]


def _compared_by_kind(rulebook: Rulebook) -> dict[str, list[tuple[str, str]]]:
    return {kind: sorted({pair for rule in rulebook.of_kind(kind) for pair in compared(rule)})
            for kind in ("domain", "grade")}


def _env(row: Mapping[str, Any], rulebook: Rulebook) -> dict:
    """The values a result row still holds, with the rulebook's definitions on them."""
    env = {a: row[a] for a in ACTORS}
    env["designations"] = frozenset(row.get("designations") or ())
    for name in ("population", "extinction_index", "fiscal_self_reliance_pct"):
        env[name] = row.get(name)
    return with_definitions(rulebook, env)


def _catalogue():
    from regionlab.policy.catalogue import load_catalogue  # the wording of drivers (ui.yaml)

    return load_catalogue()


def _num(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def _summary(regions: list[Region]) -> dict:
    matched = [r for r in regions if r["status"] in ("changed", "unchanged")]
    moved = [r for r in matched if r["domain"].old != r["domain"].new]
    into = {d: sum(r["domain"].new == d for r in moved) for d in (*DOMAINS, None)}
    out_of = {d: sum(r["domain"].old == d for r in moved) for d in (*DOMAINS, None)}
    return {
        "regions": len(regions),
        "matched": len(matched),
        "changed": sum(r["status"] == "changed" for r in regions),
        "unchanged": sum(r["status"] == "unchanged" for r in regions),
        "moved_domain": len(moved),
        "into": {str(k).replace("None", "insufficient"): v for k, v in into.items()},
        "out_of": {str(k).replace("None", "insufficient"): v for k, v in out_of.items()},
        "outcomes": {o: sum(len(r.get("outcomes", {}).get(o, ())) for r in matched)
                     for o in OUTCOMES},
        "causes": {c: sum(r.get("cause") == c for r in regions)
                   for c in ("data", "rules", "both", "unknown")},
        "only_old": [r["key"] for r in regions if r["status"] == "only_old"],
        "only_new": [r["key"] for r in regions if r["status"] == "only_new"],
    }
