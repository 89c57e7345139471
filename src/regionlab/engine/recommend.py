"""Recommend: model cases, strategies and flags from the rulebook's other rules.

Region rules run once; initiative rules once per initiative, with the
initiative's stage, type, lead, funding, outcome and its lead's capacity added
to the region's values. A conclusion reached twice is listed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from regionlab.profile.models import Initiative
from regionlab.rules.rulebook import Evaluation, Rulebook, evaluate_all


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
    scoped = dict(env)
    scoped.update(stage=initiative.stage, type=initiative.type, lead=initiative.lead,
                  funding=initiative.funding, outcome=initiative.outcome,
                  lead_capacity=env.get(initiative.lead))
    return scoped


def conclusions(evaluations: list[Evaluation]) -> list[Conclusion]:
    out: dict[tuple[Any, ...], Conclusion] = {}
    for e in evaluations:
        if not e.fired:
            continue
        for item in e.rule.then:
            key = (e.rule.kind, item, e.initiative)
            if key not in out:
                out[key] = Conclusion(e.rule.kind, item, e.rule.id, e.rule.prerequisite,
                                      e.initiative)
    return list(out.values())
