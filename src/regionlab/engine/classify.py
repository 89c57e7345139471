"""Classify: run the rulebook's domain and grade rules on a region's values.

Pure functions. Among the rules of a kind that fire, the one with the highest
priority wins (file order breaks ties); when none fires, for instance because a
capacity is missing, the verdict is None rather than a guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from regionlab.rules.expr import Missing
from regionlab.rules.rulebook import Evaluation, Rulebook, evaluate_all


def decide(rulebook: Rulebook, kind: str, env: dict[str, Any], trace: bool = True
           ) -> tuple[Evaluation | None, list[Evaluation]]:
    """The winning evaluation of a kind (or None), and the evaluations to keep."""
    evaluations = evaluate_all(rulebook.of_kind(kind), env, trace=trace)
    # without a trace only the rules that fired are kept: most often one
    fired = [e for e in evaluations if e.fired] if trace else evaluations
    if len(fired) < 2:
        return (fired[0] if fired else None), evaluations
    return max(fired, key=lambda e: e.rule.priority), evaluations  # max keeps the first


def verdict(rules: Iterable[Any], env: dict[str, Any]) -> str | None:
    """What `decide` concludes, without keeping any record: for the many quick
    re-decisions of stability and what-it-would-take."""
    best = None
    for rule in rules:
        try:
            fired = rule.condition.fn(env, None)
        except Missing:
            continue
        if fired and (best is None or rule.priority > best.priority):
            best = rule
    return best.then[0] if best else None


def classify(rulebook: Rulebook, env: dict[str, Any], trace: bool = True
             ) -> tuple[str | None, str | None, list[Evaluation], list[Evaluation]]:
    """Domain first, then grade (grade rules may read the domain). Returns the
    domain, the grade, the rules behind them, and the evaluations (all of them
    with `trace`, else the fired ones).

    A region with an actor that has no capacity is not classified, whatever the
    rules would say from the other actors (docs/profile-format.md): the rules are
    still evaluated, so the trace shows what they read.
    """
    complete = not env.get("missing_actors")
    winners: list[Evaluation] = []
    evaluations: list[Evaluation] = []
    found: dict[str, str | None] = {}
    for kind in ("domain", "grade"):
        winner, considered = decide(rulebook, kind, env, trace)
        evaluations += considered
        verdict = winner.rule.then[0] if winner is not None and complete else None
        env[kind] = found[kind] = verdict
        if winner is not None and verdict:
            winners.append(winner)
    return found["domain"], found["grade"], winners, evaluations
