"""Rulebook test cases: partial profiles in, expected verdicts out.

In the manner of OpenFisca's YAML tests, a cases file lists named cases, each
with only what matters (some capacities, a designation, an initiative) and the
verdict expected. `regionlab rules test` runs them against a rulebook and names
each case that failed and what differed; it also names every rule no case
exercises. The shipped rulebook's own cases are `data/rulebook-cases.yaml`.

Unspecified actors default to a rating of 3 (capacity 50, the middle band), so
a case says only what it is about. `capacities:` sets an actor's capacity
directly (as the rating that maps to it), which makes boundary cases exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from regionlab.base import yamlio
from regionlab.base.schema import (
    Schema,
    anything,
    integer,
    list_of,
    mapping,
    number,
    one_of,
    record,
    text,
)
from regionlab.engine.assess import Assessment
from regionlab.engine.json_view import comparison_text
from regionlab.errors import InputError, Problem
from regionlab.policy.packaged import packaged
from regionlab.profile.models import ACTORS, FORMAT
from regionlab.profile.validate import check_profile
from regionlab.trust.engine import Engine

SETS = ("cases", "strategies", "flags")
_IDS = list_of(text())
_EXPECT = record(optional={
    "domain": (text(), None), "grade": (text(), None),
    **{f"{name}{suffix}": (_IDS, None) for name in SETS
       for suffix in ("", "_include", "_exclude")},
})
CASES = Schema(record(
    required={"format": one_of("regionlab/rule-cases/v1"),
              "cases": list_of(record(
                  required={"name": text(min_length=1), "expect": _EXPECT},
                  optional={"year": (integer(), None),
                            "capacities": (mapping(number(ge=0, le=100)), {}),
                            "profile": (mapping(anything()), {})}))},
    optional={"description": (text(), None)},
))
DEFAULT_RATING = 3


@dataclass
class CaseResult:
    name: str
    file: str
    line: int | None
    differences: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.differences


@dataclass
class Report:
    results: list[CaseResult]
    unexercised: list[tuple[str, int | None]]  # rules no case made fire: (id, line)
    rulebook: str

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results) and not self.unexercised


def shipped_cases() -> Path:
    return packaged("rulebook-cases.yaml")


def run(case_files: list[Path], rules: Path | None = None) -> Report:
    engine = Engine(rules)
    results, fired = [], set()
    for path in case_files:
        for result, assessment in _run_file(path, engine):
            results.append(result)
            if assessment is not None:
                fired |= {e.rule.id for e in assessment.reasons}
    unexercised = [(r.id, r.line) for r in engine.rulebook.rules if r.id not in fired]
    return Report(results, unexercised, engine.rulebook.file)


def _run_file(path: Path, engine: Engine):
    data, node = yamlio.load_file(path)
    checked = CASES.check(data, node, str(path))
    for i, case in enumerate(checked["cases"]):
        line = yamlio.line_of(node, ("cases", i))
        result = CaseResult(case["name"], str(path), line)
        try:
            assessment = engine.assess(_profile(case, engine, node, path, i), str(path))
        except InputError as e:
            result.differences += [f"the case's profile is invalid: {p.field}: {p.message}"
                                   for p in e.problems]
            yield result, None
            continue
        given = set(data["cases"][i]["expect"])  # `domain: null` is an expectation too
        result.differences = _unknown_ids(case["expect"], engine) + differences(
            case["expect"], assessment, given)
        yield result, assessment


def _profile(case: dict, engine: Engine, node, path: Path, i: int):
    given = case["profile"]
    actors = {a: {"rating": DEFAULT_RATING} for a in ACTORS}
    if not isinstance(given.get("actors") or {}, dict):
        where = ("cases", i, "profile", "actors")
        raise InputError([Problem(str(path), yamlio.line_of(node, where),
                                  ".".join(map(str, where)), "wrong-type",
                                  "expected a mapping of actors (municipality: {rating: 3})")])
    actors.update(given.get("actors") or {})
    fw = engine.framework
    for actor, capacity in case["capacities"].items():
        if actor not in ACTORS:
            where = ("cases", i, "capacities", actor)
            raise InputError([Problem(str(path), yamlio.line_of(node, where),
                                      ".".join(map(str, where)), "unknown-actor",
                                      f"'{actor}' is not an actor; use one of "
                                      f"{', '.join(ACTORS)}")])
        # the rating that maps exactly to this capacity
        rating = fw.rating_min + capacity / 100 * (fw.rating_max - fw.rating_min)
        actors[actor] = {"rating": rating}
    # no real region: country XX, so the code is not looked up among Korean ones
    data = {"format": FORMAT, "region": {"code": "CASE", "name": case["name"], "country": "XX"},
            "year": case["year"] or engine.rulebook.period.start or 2025,
            **{k: v for k, v in given.items() if k != "actors"}, "actors": actors}
    return check_profile(data, None, f"{path}: case '{case['name']}'", fw)


def _unknown_ids(expect: dict, engine: Engine) -> list[str]:
    """An expected id the catalogue does not know is a typo in the case, not a
    verdict that differs: say so."""
    cat = engine.catalogue
    out = []
    for key, value in expect.items():
        kind = {"domain": "domain", "grade": "grade"}.get(key) or key.split("_")[0][:-1]
        if kind == "strategie":
            kind = "strategy"
        ids = [value] if isinstance(value, str) else (value or [])
        out += [f"{key}: {cat.unknown(kind, i)}" for i in ids if i not in cat.ids(kind)]
    return out


def differences(expect: dict, a: Assessment, given: set[str]) -> list[str]:
    out = []
    for key, actual in (("domain", a.domain), ("grade", a.grade)):
        if key in given and expect[key] != actual:
            out.append(f"{key}: expected {expect[key]}, got {actual}{_why(a, key)}")
    for name in SETS:
        got = {c.id for c in a.of_kind(name[:-1] if name != "strategies" else "strategy")}
        want = expect.get(name)
        if want is not None and set(want) != got:
            out.append(f"{name}: expected {sorted(want)}, got {sorted(got)}")
        missing = set(expect.get(f"{name}_include") or ()) - got
        if missing:
            out.append(f"{name}: expected to include {sorted(missing)}, got {sorted(got)}")
        unwanted = set(expect.get(f"{name}_exclude") or ()) & got
        if unwanted:
            out.append(f"{name}: expected not to include {sorted(unwanted)}")
    return out


def _why(a: Assessment, kind: str) -> str:
    """The rule that decided, with its comparisons: what an analyst needs to see."""
    for e in a.reasons:
        if e.rule.kind == kind:
            shown = "; ".join(comparison_text(c) for c in e.comparisons)
            return f" (rule {e.rule.id}: {shown})"
    return f" (no {kind} rule fired)"
