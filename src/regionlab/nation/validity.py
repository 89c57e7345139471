"""What the evidence measures, for one national year (`regionlab evidence check`).

Every municipality is initialised from the shipped evidence (as `init --all` does) and
assessed on the evidence alone; then the verdicts are held against what a sceptical
reviewer asks of them:

- for each actor, the correlation of its capacity with the share of residents aged
  65+, with population (log) and its mean by kind of local government; the same for
  every figure of the actor, counted or shown beside; the correlations between the
  counted figures of one actor;
- domains by kind of local government and by designation;
- where the presentation's named regions land (data/validity.yaml: no rule or
  framework entry reads that file), and where places known for a resource rank;
- how many verdicts each declared method alternative changes (framework.yaml,
  alternatives), and how many verdicts every alternative leaves alone.

The population and 65+ share are those of June 2025 (the only age structure shipped);
the figures are the ones the vintage rule picks for the year.
"""

from __future__ import annotations

import math
import statistics
import tempfile
from collections import Counter
from pathlib import Path

from regionlab.base.schema import Schema, list_of, number, one_of, record, text
from regionlab.engine.assess import Assessment, assess
from regionlab.korea import reference
from regionlab.nation.init_profiles import init_all, template
from regionlab.policy.framework import ACTORS
from regionlab.policy.packaged import packaged
from regionlab.trust.engine import Engine

DOMAINS = ("government", "overlap", "social")

SCHEMA = Schema(record(required={
    "format": one_of("regionlab/validity/v1"),
    "presentation": list_of(record(required={"code": text(), "year": number(),
                                             "case": text(), "source": text()})),
    "top_share": number(gt=0, le=1),
    "known": list_of(record(required={"code": text(), "actor": one_of(*ACTORS),
                                      "why": text()})),
}))


def load_expectations(path: Path | None = None) -> dict:
    return SCHEMA.check_file(path or packaged("validity.yaml"))


def check(year: int, expectations: Path | None = None) -> dict:
    """The validity report of `year` as plain data (the JSON of `evidence check`)."""
    want = load_expectations(expectations)
    engine = Engine()
    with tempfile.TemporaryDirectory() as folder:
        init_all(year, Path(folder))
        done = engine.assess_folder(folder)
    rows = [_row(a) for a in done]
    decided = [r for r in rows if r["domain"] is not None]
    report = {
        "year": year,
        "municipalities": len(rows),
        "with_domain": len(decided),
        "domains": {d: sum(r["domain"] == d for r in rows) for d in DOMAINS},
        "actors": {actor: _actor(actor, rows, done) for actor in ACTORS},
        "domains_by_kind": _crossed(rows, lambda r: [r["kind"]]),
        "domains_by_designation": _crossed(rows, lambda r: r["designations"] or ["none"]),
        "stability": {
            "one": sum(r["stability"] == 1.0 for r in decided),
            "near_threshold": sum("near-threshold" in r["flags"] for r in decided),
        },
        "alternatives": _alternatives(engine, done),
        "known": _known(want, rows, year),
        "presentation": _presentation(want, engine),
    }
    if not decided:
        report["no_domain_because"] = _why_none(done)
    return report


# --- rows -------------------------------------------------------------------------------------


def _row(a: Assessment) -> dict:
    code = a.profile.region.code
    gov = reference.in_force_in(code, a.profile.year)
    ctx = reference.context_2025(code) or {}
    population = ctx.get("population")
    return {
        "code": code, "name": a.profile.region.name,
        "kind": gov.kind if gov else "?",
        "share65": (ctx["population_65plus"] / population * 100) if population else None,
        "log_population": math.log(population) if population else None,
        "domain": a.domain,
        "capacities": dict(a.capacities),
        "figures": {(actor, i.name): i.value for actor in ACTORS
                    for i in a.scores[actor].indicators},
        "counted": {(actor, i.name) for actor in ACTORS for i in a.scores[actor].indicators
                    if i.weight > 0},
        "designations": sorted(a.context.get("designations") or ()),  # type: ignore[call-overload]
        "flags": {c.id for c in a.of_kind("flag")},
        "stability": a.stability.domain if a.stability else None,
    }


def _r(xs: list, ys: list) -> float | None:
    pairs = [(x, y) for x, y in zip(xs, ys, strict=True) if x is not None and y is not None]
    if len(pairs) < 3:
        return None
    a, b = zip(*pairs, strict=True)
    if len(set(a)) < 2 or len(set(b)) < 2:
        return None
    return round(statistics.correlation(a, b), 2)


def _actor(actor: str, rows: list[dict], done: list[Assessment]) -> dict:
    caps = [r["capacities"][actor] for r in rows]
    by_kind = {}
    for kind in sorted({r["kind"] for r in rows}):
        values = [r["capacities"][actor] for r in rows
                  if r["kind"] == kind and r["capacities"][actor] is not None]
        by_kind[kind] = round(statistics.fmean(values), 1) if values else None
    names = sorted({name for r in rows for (a, name) in r["figures"] if a == actor})
    figures = {}
    for name in names:
        values = [r["figures"].get((actor, name)) for r in rows]
        figures[name] = {
            "counted": any((actor, name) in r["counted"] for r in rows),
            "n": sum(v is not None for v in values),
            "r_65plus": _r(values, [r["share65"] for r in rows]),
            "r_log_population": _r(values, [r["log_population"] for r in rows]),
        }
    counted = [n for n in names if figures[n]["counted"]]
    between = [{"a": x, "b": y, "r": _r([r["figures"].get((actor, x)) for r in rows],
                                        [r["figures"].get((actor, y)) for r in rows])}
               for i, x in enumerate(counted) for y in counted[i + 1:]]
    return {
        "n": sum(c is not None for c in caps),
        "r_65plus": _r(caps, [r["share65"] for r in rows]),
        "r_log_population": _r(caps, [r["log_population"] for r in rows]),
        "mean_by_kind": by_kind,
        "figures": figures,
        "between_counted": between,
    }


def _crossed(rows: list[dict], keys) -> dict:
    out: dict[str, Counter] = {}
    for r in rows:
        for key in keys(r):
            out.setdefault(key, Counter())[r["domain"] or "none"] += 1
    return {k: {d: c[d] for d in (*DOMAINS, "none") if c[d]} for k, c in sorted(out.items())}


# --- method alternatives ----------------------------------------------------------------------


def _cases(a: Assessment) -> tuple[str, ...]:
    return tuple(sorted(c.id for c in a.of_kind("case")))


def _alternatives(engine: Engine, done: list[Assessment]) -> dict:
    """Per alternative, how many verdicts it changes: the domain (what stability covers),
    and the grade and model cases (which read every actor)."""
    fw = engine.framework
    changed_by: dict[str, int] = {}
    grades: dict[str, int] = {}
    cases: dict[str, int] = {}
    moved: set[str] = set()
    for alt in sorted(fw.alternatives):
        variant = fw.variant(alt)
        n = g = c = 0
        for a in done:
            there = assess(a.profile, engine.rulebook, variant, a.file, False, None)
            if a.domain is not None and there.domain != a.domain:
                n += 1
                moved.add(a.profile.region.code)
            g += there.grade != a.grade
            c += _cases(there) != _cases(a)
        changed_by[alt], grades[alt], cases[alt] = n, g, c
    return {"changed": changed_by, "any": len(moved), "grades_changed": grades,
            "cases_changed": cases}


# --- named places -----------------------------------------------------------------------------


def _known(want: dict, rows: list[dict], year: int) -> list[dict]:
    out = []
    for k in want["known"]:
        actor = k["actor"]
        ranked = sorted((r for r in rows if r["capacities"][actor] is not None),
                        key=lambda r: -r["capacities"][actor])
        top = max(1, round(want["top_share"] * len(ranked)))
        mine = next((r for r in ranked if reference.same_region(
            r["code"], reference.date_for_year(year), k["code"],
            reference.date_for_year(year))), None)
        if mine is None:
            out.append({**k, "name": None, "rank": None, "of": len(ranked), "top": top,
                        "holds": False})
            continue
        value = mine["capacities"][actor]
        rank = 1 + sum(r["capacities"][actor] > value for r in ranked)  # ties share a rank
        tied = sum(r["capacities"][actor] == value for r in ranked)
        out.append({**k, "name": mine["name"], "capacity": value, "rank": rank,
                    "tied": tied, "of": len(ranked), "top": top, "holds": rank <= top})
    return out


def _presentation(want: dict, engine: Engine) -> list[dict]:
    out = []
    with tempfile.TemporaryDirectory() as folder:
        for p in want["presentation"]:
            year = p["year"] = int(p["year"])
            gov = reference.in_force_in(p["code"], year)
            if gov is None:
                out.append({**p, "name": None, "cases": [], "domain": None, "holds": False})
                continue
            path = Path(folder) / f"{p['code']}-{year}.yaml"
            path.write_text(template(gov, year), encoding="utf-8")
            a = engine.assess_file(path, trace=False)
            cases = [c.id for c in a.of_kind("case")]
            fw = engine.framework
            breaks = [alt for alt in sorted(fw.alternatives) if p["case"] not in _cases(
                assess(a.profile, engine.rulebook, fw.variant(alt), a.file, False, None))]
            out.append({**p, "name": gov.name_en, "domain": a.domain, "cases": cases,
                        "capacities": dict(a.capacities), "holds": p["case"] in cases,
                        "lost_under": breaks})
    return out


def _why_none(done: list[Assessment]) -> str:
    missing = Counter(actor for a in done for actor in ACTORS if a.capacities[actor] is None)
    if not missing:
        return ""
    return "; ".join(f"{actor}: no figure in {n} of {len(done)}"
                     for actor, n in missing.most_common())
