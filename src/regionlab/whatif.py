"""What it would take: the smallest change in one actor's capacity that would move
a region into each other domain, or bring a model case it does not have yet.

Only one actor changes at a time; the others keep their values. The candidate
values are where the rules' outcomes can change: each threshold an actor is
compared with (and the value just below it, capacities having one decimal), and
a fine sweep when the rules read the actor through a definition such as a mean.
"""

from __future__ import annotations

from typing import NamedTuple

from regionlab.assess import Assessment, region_env
from regionlab.classify import classify, verdict
from regionlab.framework import Framework
from regionlab.models import ACTORS
from regionlab.recommend import recommend
from regionlab.rules import Rulebook, compared, definitions_on
from regionlab.scoring import rating_for


class Step(NamedTuple):
    kind: str  # "domain" or "case"
    target: str  # the domain or case id it brings
    actor: str
    before: float
    after: float
    rating_before: float | None  # the ratings that map to the capacities, when the
    rating_after: float | None  # actor's capacity comes from its rating alone

    @property
    def change(self) -> float:
        return round(self.after - self.before, 1)

    def text(self) -> str:
        rating = ""
        if self.rating_before is not None:
            rating = f"; rating {self.rating_before:.1f} → {self.rating_after:.1f}"
        return (f"{self.actor} {self.before:.1f} → {self.after:.1f} "
                f"({self.change:+.1f}{rating}) → {self.target}")


def what_it_takes(a: Assessment, fw: Framework, cases: bool = True) -> list[Step]:
    """The smallest single-actor change for each other domain (and, with `cases`,
    each model case not yet recommended), sorted by target then size."""
    if a.domain is None:
        return []
    rulebook = a.rulebook
    base = region_env(a.profile, a.scores, a.context)
    base.update(rulebook.thresholds)
    definitions_on(rulebook, base)
    have = {c.id for c in a.of_kind("case")}
    best: dict[tuple[str, str], Step] = {}
    kinds = ("domain", "case") if cases else ("domain",)
    candidates = _all_candidates(rulebook, kinds)
    for actor, values in candidates.items():
        now = a.capacities[actor]
        for value in sorted(values, key=lambda v: abs(v - now)):
            if value == now:
                continue
            for kind, target in _outcomes(base, actor, value, a, rulebook, cases):
                if (kind == "domain" and target == a.domain) or (kind == "case" and target in have):
                    continue
                key = (kind, target)
                if key not in best or abs(value - now) < abs(best[key].change):
                    best[key] = _step(kind, target, actor, now, value, a, fw)
    return sorted(best.values(), key=lambda s: (s.kind != "domain", s.target, abs(s.change)))


def _outcomes(base: dict, actor: str, value: float, a: Assessment, rulebook: Rulebook,
              cases: bool) -> list[tuple[str, str]]:
    if not cases:  # the batch column: the domain alone, decided lean, on `base` itself
        was, base[actor] = base[actor], value
        if _domain_reads_definitions(rulebook):
            definitions_on(rulebook, base)
        domain = verdict(rulebook.of_kind("domain"), base)
        base[actor] = was
        return [("domain", domain)] if domain else []
    env = dict(base)
    env[actor] = value
    if rulebook.definitions:
        definitions_on(rulebook, env)
    domain, _, _, _ = classify(rulebook, env, trace=False)
    found = [("domain", domain)] if domain else []
    conclusions, _ = recommend(rulebook, env, (), trace=False)
    return found + [("case", c.id) for c in conclusions if c.kind == "case"]


def _domain_reads_definitions(rulebook: Rulebook) -> bool:
    return any(name in rulebook.definitions for rule in rulebook.of_kind("domain")
               for name in rule.reads)


_CANDIDATES: dict[tuple[int, tuple], tuple[Rulebook, dict]] = {}


def _all_candidates(rulebook: Rulebook, kinds: tuple[str, ...]) -> dict[str, tuple[float, ...]]:
    """Candidate values per actor, worked out once per rulebook (a batch asks for
    them for every region). Only actors the rules of these kinds read can change
    their outcome, so the others get none."""
    key = (id(rulebook), kinds)
    entry = _CANDIDATES.get(key)
    if entry is None or entry[0] is not rulebook:  # the entry keeps its rulebook alive
        read = _read_indirectly(rulebook)
        rules = [r for r in rulebook.rules if r.kind in kinds and r.applies_to == "region"]
        actors = [a for a in ACTORS if any(a in r.reads or any(a in read.get(n, ()) for n in
                                                              r.reads) for r in rules)]
        entry = _CANDIDATES[key] = (rulebook, {a: tuple(sorted(_candidates(a, rulebook, kinds)))
                                               for a in actors})
    return entry[1]


def _candidates(actor: str, rulebook: Rulebook, kinds: tuple[str, ...]) -> set[float]:
    values = {0.0, 100.0}
    swept = False
    indirect = _read_indirectly(rulebook)
    for rule in rulebook.rules:
        if rule.kind not in kinds or rule.applies_to != "region":
            continue
        for name, limit in compared(rule):
            if name == actor:
                t = rulebook.thresholds[limit]
                values |= {round(t, 1), round(t - 0.1, 1)}
        if any(actor in indirect.get(name, ()) for name in rule.reads):
            swept = True  # read through a mean, a minimum or the grade: no single boundary
    if swept:
        values |= {v / 10 for v in range(0, 1001)}
    return {v for v in values if 0 <= v <= 100}


def _read_indirectly(rulebook: Rulebook) -> dict[str, set[str]]:
    """The actors behind each definition, and behind `grade` (its rules' inputs)."""
    behind: dict[str, set[str]] = {}
    for name, compiled in rulebook.definitions.items():  # in order: earlier ones first
        behind[name] = {n for n in compiled.names if n in ACTORS}
        for used in compiled.names:
            behind[name] |= behind.get(used, set())
    behind["grade"] = {a for rule in rulebook.of_kind("grade") for a in rule.reads if a in ACTORS}
    return behind


def _step(kind, target, actor, now, value, a: Assessment, fw: Framework) -> Step:
    rated = a.scores[actor].basis == "rating"
    return Step(kind, target, actor, now, value,
                round(rating_for(now, fw), 2) if rated else None,
                round(rating_for(value, fw), 2) if rated else None)
