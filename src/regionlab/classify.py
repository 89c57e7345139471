"""Classify: run the rulebook's domain and grade rules on a region's values.

Pure functions. Among the rules of a kind that fire, the one with the highest
priority wins (file order breaks ties); when none fires, for instance because a
capacity is missing, the verdict is None rather than a guess.
"""

from __future__ import annotations

from regionlab.rules import Evaluation, Rulebook, evaluate


def decide(rulebook: Rulebook, kind: str, env: dict) -> tuple[str | None, list[Evaluation]]:
    evaluations = [evaluate(rule, env) for rule in rulebook.of_kind(kind)]
    fired = [e for e in evaluations if e.fired]
    if not fired:
        return None, evaluations
    winner = max(fired, key=lambda e: e.rule.priority)  # max keeps the first of equals
    return winner.rule.then[0], evaluations


def winning(evaluations: list[Evaluation], verdict: str | None) -> list[Evaluation]:
    """The evaluation behind a verdict (first fired rule concluding it, by priority)."""
    fired = [e for e in evaluations if e.fired and e.rule.then[0] == verdict]
    return [max(fired, key=lambda e: e.rule.priority)] if fired else []


def classify(rulebook: Rulebook, env: dict) -> tuple[str | None, str | None, list[Evaluation]]:
    """Domain first, then grade (grade rules may read the domain).

    A region with an actor that has no capacity is not classified, whatever the
    rules would say from the other actors (PROFILE-FORMAT.md): the rules are
    still evaluated, so the trace shows what they read.
    """
    complete = not env.get("missing_actors")
    domain, domain_evals = decide(rulebook, "domain", env)
    env["domain"] = domain = domain if complete else None
    grade, grade_evals = decide(rulebook, "grade", env)
    env["grade"] = grade = grade if complete else None
    return domain, grade, domain_evals + grade_evals
