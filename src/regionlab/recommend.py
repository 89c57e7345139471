"""Recommend: model cases, strategies and flags from the rulebook's other rules.

Region rules run once; initiative rules once per initiative, with the
initiative's stage, type, lead, funding, outcome and its lead's capacity added
to the region's values. A conclusion reached twice is listed once.
"""

from __future__ import annotations

from dataclasses import dataclass

from regionlab.models import Initiative
from regionlab.rules import Evaluation, Rulebook, evaluate


@dataclass(frozen=True)
class Conclusion:
    kind: str  # case | strategy | flag
    id: str
    rule: str
    prerequisite: str | None = None
    initiative: str | None = None


def recommend(rulebook: Rulebook, env: dict, initiatives: list[Initiative]):
    evaluations = []
    for rule in rulebook.rules:
        if rule.kind in ("domain", "grade"):
            continue
        if rule.applies_to == "region":
            evaluations.append(evaluate(rule, env))
        else:
            for initiative in initiatives:
                evaluations.append(evaluate(rule, initiative_env(env, initiative),
                                            initiative.name))
    return conclusions(evaluations), evaluations


def initiative_env(env: dict, initiative: Initiative) -> dict:
    scoped = dict(env)
    scoped.update(stage=initiative.stage, type=initiative.type, lead=initiative.lead,
                  funding=initiative.funding, outcome=initiative.outcome,
                  lead_capacity=env.get(initiative.lead))
    return scoped


def conclusions(evaluations: list[Evaluation]) -> list[Conclusion]:
    out: dict[tuple, Conclusion] = {}
    for e in evaluations:
        if not e.fired:
            continue
        for item in e.rule.then:
            key = (e.rule.kind, item, e.initiative)
            if key not in out:
                out[key] = Conclusion(e.rule.kind, item, e.rule.id, e.rule.prerequisite,
                                      e.initiative)
    return list(out.values())
