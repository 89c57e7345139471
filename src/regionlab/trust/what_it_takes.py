"""What it would take: the smallest change in one actor's capacity that would move
a region into each other domain, or bring a model case it does not have yet.

Only one actor changes at a time; the others keep their values. The candidate
values are where the rules' outcomes can change: each threshold an actor is
compared with (and the value just below it, capacities having one decimal), and
a fine sweep when the rules read the actor through a definition such as a mean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple, cast

from regionlab.engine.assess import Assessment, region_env
from regionlab.engine.classify import classify, verdict
from regionlab.engine.recommend import recommend
from regionlab.engine.scoring import rating_for
from regionlab.policy.framework import Framework
from regionlab.profile.models import ACTORS
from regionlab.rules.rulebook import Rulebook, compared, definitions_on
from regionlab.trust import threshold_sides


class Step(NamedTuple):
    kind: str  # "domain" or "case"
    target: str  # the domain or case id it brings
    actor: str
    before: float
    after: float
    rating_before: float | None  # the ratings that map to the capacities, when the
    rating_after: float | None  # actor's capacity comes from its rating alone
    # for an actor on evidence alone (a profile init wrote): the rating that, combined
    # with the evidence as the framework combines them, gives `after` (None: out of scale)
    rating_with_evidence: float | None = None

    @property
    def change(self) -> float:
        return round(self.after - self.before, 1)

    def text(self) -> str:
        rating = ""
        if self.rating_before is not None:
            rating = f"; rating {self.rating_before:.1f} → {self.rating_after:.1f}"
        elif self.rating_with_evidence is not None:
            rating = f"; a rating of {self.rating_with_evidence:.1f} with the evidence"
        return (f"{self.actor} {self.before:.1f} → {self.after:.1f} "
                f"({self.change:+.1f}{rating}) → {self.target}")


def what_it_takes(a: Assessment, fw: Framework, cases: bool = True) -> list[Step]:
    """The smallest single-actor change for each other domain (and, with `cases`,
    each model case not yet recommended), sorted by target then size."""
    if a.domain is None:
        return []
    known = _known(a.rulebook)
    if cases:
        return _search(a, fw, known.candidates_of(a.rulebook, ("domain", "case")), _full(a))
    return list(domain_steps(a, fw))


def domain_steps(a: Assessment, fw: Framework) -> tuple[Step, ...]:
    """`what_it_takes(a, fw, cases=False)` as a tuple: the batch column, asked for every
    region. Regions rated alike get the same tuple (when the sides decide), so a
    caller may keep what it makes of one by the tuple."""
    if a.domain is None:
        return ()
    known = _known(a.rulebook)
    candidates = known.candidates[("domain",)]
    if not known.plan.by_sides:
        return tuple(_search(a, fw, candidates, _lean(a, known)))
    # Decided by sides, the steps depend only on the capacities of the actors the
    # domain rules read (and whether they come from ratings): regions rated alike
    # share them.
    # (the basis, "rating+indicators", is which of the two scores there are)
    key = tuple([(s.capacity, s.rating_score is None, s.indicator_score is None)
                 for s in map(a.scores.__getitem__, known.plan.actors)])
    found = known.steps.get(key)
    if found is None or found[0] is not fw:
        if len(known.steps) >= _MEMO_MAX:  # bounded: memory must not grow with a batch
            known.steps.clear()
        found = known.steps[key] = fw, tuple(_search(a, fw, candidates, _by_sides(a, known)))
    return found[1]


Outcomes = Callable[[str, float], Iterable[tuple[str, str]]]  # (actor, value) -> (kind, id)


def _search(a: Assessment, fw: Framework, candidates: dict[str, tuple[float, ...]],
            outcomes: Outcomes) -> list[Step]:
    have: set[str] | None = None  # the model cases the region has, once a case is met
    best: dict[tuple[str, str], Step] = {}
    capacities = a.capacities
    domain = a.domain
    for actor, values in candidates.items():
        now = capacities[actor]
        if now is None:  # no capacity: nothing to move from (candidates come from capacities)
            continue
        here: float = now
        for value in sorted(values, key=lambda v: abs(v - here)):
            if value == now:
                continue
            for kind, target in outcomes(actor, value):
                if kind == "domain":
                    if target == domain:
                        continue
                elif kind == "case":
                    if have is None:
                        have = {c.id for c in a.conclusions if c.kind == "case"}
                    if target in have:
                        continue
                key = (kind, target)
                found = best.get(key)
                if found is None or abs(value - now) < abs(found.change):
                    best[key] = _step(kind, target, actor, now, value, a, fw)
    if len(best) < 2:
        return list(best.values())
    return sorted(best.values(), key=lambda s: (s.kind != "domain", s.target, abs(s.change)))


def _with(env: dict, actor: str, value: float) -> Callable[[], dict]:
    """The values with one actor's changed, made only if the sides do not decide."""
    return lambda: {**env, actor: value}


def _base(a: Assessment) -> dict:
    base = region_env(a.profile, a.scores, a.context)
    base.update(a.rulebook.thresholds)
    return definitions_on(a.rulebook, base)


def _full(a: Assessment) -> Outcomes:
    """The domain and the model cases, with everything the rules conclude."""
    rulebook, base = a.rulebook, _base(a)

    def outcomes(actor: str, value: float) -> list[tuple[str, str]]:
        env = dict(base)
        env[actor] = value
        if rulebook.definitions:
            definitions_on(rulebook, env)
        domain, _, _, _ = classify(rulebook, env, trace=False)
        found = [("domain", domain)] if domain else []
        conclusions, _ = recommend(rulebook, env, (), trace=False)
        return found + [("case", c.id) for c in conclusions if c.kind == "case"]

    return outcomes


def _lean(a: Assessment, known: _Known) -> Outcomes:
    """The domain alone, decided on one set of values changed in place."""
    rulebook, base = a.rulebook, _base(a)
    rules = rulebook.of_kind("domain")

    def outcomes(actor: str, value: float) -> list[tuple[str, str]]:
        was, base[actor] = base[actor], value
        if known.domain_reads_definitions:
            definitions_on(rulebook, base)
        domain = verdict(rules, base)
        base[actor] = was
        return [("domain", domain)] if domain else []

    return outcomes


def _by_sides(a: Assessment, known: _Known) -> Outcomes:
    """The domain alone, when it depends only on the sides of thresholds the actors
    are on (threshold_sides.py): then the domain every candidate value brings depends only on
    the sides the region's actors are on, and many regions share those."""
    rulebook, plan = a.rulebook, known.plan
    # the sides decide only where every actor has a capacity (the plan's condition),
    # as every actor has where there is a domain
    capacities, thresholds = cast(dict[str, float], a.capacities), rulebook.thresholds
    now = tuple(threshold_sides.side(capacities[actor], thresholds[limit])
                for actor, limit in plan.pairs)
    found = known.by_sides.get(now)
    if found is None:
        env: dict[str, float] = dict(thresholds)
        env.update({k: v for k, v in capacities.items() if v is not None})
        found = {}
        for actor, values in known.candidates[("domain",)].items():
            for value in values:
                these = tuple(threshold_sides.side(value if who == actor else env[who], env[limit])
                              for who, limit in plan.pairs)
                domain = threshold_sides.domain_by_sides(plan, rulebook, these,
                                                         _with(env, actor, value))
                found[actor, value] = (("domain", domain),) if domain else ()
        if len(known.by_sides) < _MEMO_MAX:
            known.by_sides[now] = found
    return lambda actor, value: found[actor, value]


class _Known(NamedTuple):
    """What a rulebook tells once for all its regions (kept with it: `_known`)."""
    plan: threshold_sides.Plan
    candidates: dict[tuple[str, ...], dict[str, tuple[float, ...]]]  # by rule kinds
    domain_reads_definitions: bool
    by_sides: dict  # the regions' sides -> what each candidate brings (_by_sides)
    steps: dict  # capacities -> (framework, steps), decided by sides (what_it_takes)

    def candidates_of(self, rulebook: Rulebook, kinds: tuple[str, ...]
                      ) -> dict[str, tuple[float, ...]]:
        """The candidates for these kinds of rules, worked out when first asked for: a
        batch asks only for the domain's, and the model cases' take a sweep of 1,001
        values per actor a definition reads (about 2 ms, once per batch)."""
        found = self.candidates.get(kinds)
        if found is None:
            found = self.candidates[kinds] = _all_candidates(rulebook, kinds)
        return found


_MEMO_MAX = 4096


def _known(rulebook: Rulebook) -> _Known:
    """Once per rulebook, and kept with it (`Rulebook.derived`): the candidates hang
    on its threshold values, so a what-if's changed copy works out its own."""
    return rulebook.derived(_make_known)


def _make_known(rulebook: Rulebook) -> _Known:
    domain_rules = rulebook.of_kind("domain")
    return _Known(
        threshold_sides.plan(rulebook),
        {("domain",): _all_candidates(rulebook, ("domain",))},
        any(name in rulebook.definitions for rule in domain_rules for name in rule.reads),
        {}, {})


def _all_candidates(rulebook: Rulebook, kinds: tuple[str, ...]) -> dict[str, tuple[float, ...]]:
    """Candidate values per actor. Only actors the rules of these kinds read can
    change their outcome, so the others get none."""
    read = _read_indirectly(rulebook)
    rules = [r for r in rulebook.rules if r.kind in kinds and r.applies_to == "region"]
    actors = [a for a in ACTORS if any(a in r.reads or any(a in read.get(n, ()) for n in r.reads)
                                       for r in rules)]
    return {a: tuple(sorted(_candidates(a, rulebook, kinds))) for a in actors}


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
                # both sides of it whatever the comparison (< or <=): capacities
                # have one decimal
                values |= {round(t - 0.1, 1), round(t, 1), round(t + 0.1, 1)}
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
    s = a.scores[actor]
    if s.indicator_score is None:  # on the rating alone (it has one: it has a capacity)
        return Step(kind, target, actor, now, value, round(rating_for(now, fw), 2),
                    round(rating_for(value, fw), 2), None)
    return Step(kind, target, actor, now, value, None, None,
                _with_evidence(value, s, fw) if s.rating_score is None else None)


def _with_evidence(value: float, s, fw: Framework) -> float | None:
    """The rating that, combined with the actor's evidence score by the framework's
    weights, gives `value` (None when no rating on the scale would)."""
    wr, wi = fw.rating_weight, fw.indicators_weight
    if wr <= 0 or s.indicator_score is None:
        return None
    needed = ((wr + wi) * value - wi * s.indicator_score) / wr  # a rating's 0-100 score
    if not 0 <= needed <= 100:
        return None
    return round(rating_for(needed, fw), 2)
