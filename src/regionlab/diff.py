"""What changed between two sets of results: regions matched across code changes,
verdicts compared, and the driver of each change named.

OLD and NEW are each a folder of profiles (assessed here) or a batch result file.
Regions are matched by territory, not by code: Gunsan 45130 in 2019 is Gunsan
52130 in 2025 (the reference crosswalk). The driver of a changed domain or grade
is the rule that decided it on each side and every actor capacity that crossed a
threshold those rules read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from regionlab import export, reference
from regionlab.batch import run_batch
from regionlab.errors import Problem
from regionlab.models import ACTORS, DOMAINS
from regionlab.rules import Rulebook, with_definitions

SETS = ("cases", "strategies", "flags", "designations")
OUTCOMES = ("improved", "maintained", "worsened")


@dataclass
class Side:
    rows: list[dict]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class DiffResult:
    summary: dict
    regions: list[dict]  # one per region, sorted by key
    problems: list[Problem]

    @property
    def changed(self) -> list[dict]:
        return [r for r in self.regions if r["status"] != "unchanged"]


def load_side(path: Path, rules: Path | None = None, recursive: bool = False) -> Side:
    """A folder of profiles is assessed; a file is read as batch results."""
    if path.is_dir():
        result = run_batch([path], rules, recursive=recursive)
        return Side(result.rows, result.problems)
    return Side(export.read(path))


def diff(old: Side, new: Side, rulebook: Rulebook) -> DiffResult:
    years = [r["year"] for r in old.rows + new.rows]
    on = _reference_date(max(years) if years else 2025)
    left, right = _frame(old.rows, on), _frame(new.rows, on)
    merged = left.merge(right, on="key", how="outer", suffixes=("_old", "_new"), indicator=True)
    merged = merged.sort_values("key", kind="stable")
    regions = [_region(rec, rulebook) for rec in merged.to_dict("records")]
    return DiffResult(_summary(regions), regions, old.problems + new.problems)


def _reference_date(year: int) -> date:
    """The date codes are matched on: the end of the latest year, within the tables."""
    return min(date(max(year, reference.COVERAGE_START.year), 12, 31), date.today())


def _key(code: str, on: date) -> str:
    """The code of the same territory on `on`; a code the reference does not know
    (another country, a synthetic test region) stands for itself."""
    try:
        return reference.canonical(code, on) or code
    except (reference.ReferenceLookupError, ValueError, TypeError):
        return code


def _frame(rows: list[dict], on: date) -> pd.DataFrame:
    """One row per region: the latest year when a side holds several."""
    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else ["region_code", "year"])
    if frame.empty:
        return frame.assign(key=pd.Series(dtype=str)).set_index("key").reset_index()
    frame["key"] = [_key(c, on) for c in frame["region_code"]]
    frame = frame.sort_values(["key", "year"], kind="stable").drop_duplicates("key", keep="last")
    return frame


def _region(rec: dict, rulebook: Rulebook) -> dict:
    side = {"left_only": "only_old", "right_only": "only_new"}.get(str(rec["_merge"]))
    old = _side(rec, "_old") if side != "only_new" else None
    new = _side(rec, "_new") if side != "only_old" else None
    out = {
        "key": rec["key"],
        "name": (new or old)["region_name"],
        "code_old": old and old["region_code"],
        "code_new": new and new["region_code"],
        "year_old": old and old["year"],
        "year_new": new and new["year"],
    }
    if side:
        out.update(status=side, domain=[old and old["domain"], new and new["domain"]])
        return out
    capacities = {a: _delta(old[a], new[a]) for a in ACTORS}
    out["domain"] = [old["domain"], new["domain"]]
    out["grade"] = [old["grade"], new["grade"]]
    out["capacities"] = capacities
    for name in SETS:
        before, after = set(old[name]), set(new[name])
        out[name] = {"added": sorted(after - before), "removed": sorted(before - after)}
    out["drivers"] = drivers(old, new, rulebook)
    out["outcomes"] = _outcomes(new)
    moved = (out["domain"][0] != out["domain"][1] or out["grade"][0] != out["grade"][1]
             or any(out[n]["added"] or out[n]["removed"] for n in SETS)
             or any(c[2] for c in capacities.values()))
    out["status"] = "changed" if moved else "unchanged"
    return out


def _outcomes(row: dict) -> dict[str, list[str]]:
    """The policy problems the NEW profile's initiatives report, by outcome."""
    found = {o: [] for o in OUTCOMES}
    for entry in row.get("initiative_outcomes") or ():
        outcome, _, name = entry.partition(":")
        if outcome in found:
            found[outcome].append(name)
    return found


def _side(rec: dict, suffix: str) -> dict:
    out = {}
    for name, value in rec.items():
        if name.endswith(suffix):
            out[name[: -len(suffix)]] = None if _missing(value) else value
        elif name in ("key",):
            out[name] = value
    for name in (*SETS, "initiative_outcomes"):
        out[name] = out.get(name) or ()
    out["year"] = int(out["year"])
    return out


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)  # NaN from the join


def _delta(old: float | None, new: float | None) -> list:
    change = None if old is None or new is None else round(new - old, 1)
    return [old, new, change]


def drivers(old: dict, new: dict, rulebook: Rulebook) -> list[str]:
    """Why the domain or grade moved: the deciding rule on each side, and each actor
    whose capacity crossed a threshold that the domain or grade rules compare it with."""
    out = []
    for kind in ("domain", "grade"):
        if old[kind] == new[kind]:
            continue
        out.append(f"{kind} {old[kind] or '—'} → {new[kind] or '—'}: rule "
                   f"{old[f'{kind}_rule'] or '—'} → {new[f'{kind}_rule'] or '—'}")
        out += crossings(old, new, rulebook, kind)
    return out


def crossings(old: dict, new: dict, rulebook: Rulebook, kind: str) -> list[str]:
    """Each value (a capacity, or a definition such as mean_capacity) that a rule of
    this kind compares directly with a threshold, and that crossed it."""
    before_env, after_env = _env(old, rulebook), _env(new, rulebook)
    pairs = sorted({pair for rule in rulebook.of_kind(kind) for pair in _compared(rule)})
    out = []
    for name, threshold in pairs:
        limit = rulebook.thresholds[threshold]
        before, after = before_env.get(name), after_env.get(name)
        if before is None or after is None:
            if name in ACTORS and (before is None) != (after is None):
                out.append(f"{name}: {_num(before)} → {_num(after)} (data "
                           f"{'added' if before is None else 'missing'})")
            continue
        if (before < limit) != (after < limit):
            way = "rose to" if after > before else "fell below"
            out.append(f"{name} {way} {threshold} ({limit:g}): {before:.1f} → {after:.1f}")
    return out


def _env(row: dict, rulebook: Rulebook) -> dict:
    """The values a result row still holds, with the rulebook's definitions on them."""
    env = {a: row[a] for a in ACTORS}
    env["designations"] = frozenset(row.get("designations") or ())
    for name in ("population", "extinction_index", "fiscal_self_reliance_pct"):
        env[name] = row.get(name)
    return with_definitions(rulebook, env)


def _compared(rule) -> set[tuple[str, str]]:
    """(value, threshold) pairs the rule's condition compares directly, either way round."""
    out = set()
    for left, right in rule.condition.pairs:
        for name, limit in ((left, right), (right, left)):
            if limit in rule.threshold_names and name not in rule.threshold_names:
                out.add((name, limit))
    return out


def _num(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def _summary(regions: list[dict]) -> dict:
    matched = [r for r in regions if r["status"] in ("changed", "unchanged")]
    moved = [r for r in matched if r["domain"][0] != r["domain"][1]]
    into = {d: sum(r["domain"][1] == d for r in moved) for d in (*DOMAINS, None)}
    out_of = {d: sum(r["domain"][0] == d for r in moved) for d in (*DOMAINS, None)}
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
        "only_old": [r["key"] for r in regions if r["status"] == "only_old"],
        "only_new": [r["key"] for r in regions if r["status"] == "only_new"],
    }
