"""Recommend: model cases, strategies and flags from the rulebook's other rules.

Region rules run once; initiative rules once per initiative, with the
initiative's stage, type, lead, funding, outcome and its lead's capacity added
to the region's values. A conclusion reached twice is listed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from regionlab.profile.models import Initiative
from regionlab.rules.rulebook import Evaluation, Rule, Rulebook, evaluate_all


class Conclusion(NamedTuple):
    kind: str  # case | strategy | flag
    id: str
    rule: str
    prerequisite: str | None = None
    initiative: str | None = None
    detail: str | None = None  # e.g. which actor is near which threshold


def recommend(rulebook: Rulebook, env: dict[str, Any], initiatives: Sequence[Initiative],
              trace: bool = True) -> tuple[list[Conclusion], list[Evaluation]]:
    """Region rules in rulebook order, then each initiative's rules in turn."""
    evaluations = evaluate_all(rulebook.recommending, env, trace=trace)
    for initiative in initiatives:
        evaluations += evaluate_all(rulebook.initiative_rules, initiative_env(env, initiative),
                                    initiative.name, trace)
    return conclusions(evaluations), evaluations


def initiative_env(env: dict[str, Any], initiative: Initiative) -> dict[str, Any]:
    # a dict display: one copy with the initiative's values, not a copy then an update
    return {**env, "stage": initiative.stage, "type": initiative.type, "lead": initiative.lead,
            "funding": initiative.funding, "outcome": initiative.outcome,
            "lead_capacity": env.get(initiative.lead)}


def conclusions(evaluations: list[Evaluation]) -> list[Conclusion]:
    out: dict[tuple[Any, ...], Conclusion] = {}
    for e in evaluations:
        if not e.fired:
            continue
        if e.initiative is None:  # a region's: the same conclusions for every region
            for key, made in _region_conclusions(e.rule):
                out.setdefault(key, made)
            continue
        for item in e.rule.then:
            key = (e.rule.kind, item, e.initiative)
            if key not in out:
                out[key] = Conclusion(e.rule.kind, item, e.rule.id, e.rule.prerequisite,
                                      e.initiative)
    return list(out.values())


# id of a rule -> the rule and, for each item it concludes, (key, Conclusion) for a
# region: made once per rule rather than for every region that fires it (a rule is
# kept here with its id, which is reused only once it is gone)
_MADE: dict[int, tuple[Rule, tuple[tuple[tuple[Any, ...], Conclusion], ...]]] = {}


def _region_conclusions(rule: Rule) -> tuple[tuple[tuple[Any, ...], Conclusion], ...]:
    found = _MADE.get(id(rule))
    if found is None or found[0] is not rule:
        if len(_MADE) >= 4096:  # bounded: every what-if or rulebook read has rules of its own
            _MADE.clear()
        found = _MADE[id(rule)] = rule, tuple(
            ((rule.kind, item, None), Conclusion(rule.kind, item, rule.id, rule.prerequisite))
            for item in rule.then)
    return found[1]
