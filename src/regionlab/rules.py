"""The rulebook: loaded, checked and compiled once; evaluated per region.

A rulebook (`data/rulebook.yaml` by default, or an analyst's own with
`--rules`) holds named thresholds, named definitions and rules. Each rule has
an id, a kind (domain, grade, case, strategy, flag), a condition in the
expression language of `expr.py`, what it concludes, a rationale and the
section of the source it comes from. Problems are reported all at once, each
with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from regionlab import yamlio
from regionlab.catalogue import Catalogue, load_catalogue
from regionlab.datafiles import packaged
from regionlab.errors import InputError, Problem
from regionlab.expr import (
    BOOL, NUMBER, TEXT, TEXT_SET, Compiled, ExprError, Missing, Symbol, compile_expr,
)
from regionlab.framework import Framework, load_framework
from regionlab.models import ACTORS, DOMAINS, FUNDING, OUTCOMES, STAGES, TYPES
from regionlab.schema import Strict, validate

KINDS = ("domain", "grade", "case", "strategy", "flag")
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Number = int | float


class ThresholdModel(Strict):
    value: Number
    description: str | None = None


class DefinitionModel(Strict):
    expr: str
    description: str | None = None


class RuleModel(Strict):
    id: Id
    kind: Literal["domain", "grade", "case", "strategy", "flag"]
    applies_to: Literal["region", "initiative"] = "region"
    when: str
    then: Id | list[Id]
    prerequisite: Id | None = None
    priority: int = 0
    rationale: str
    source: str


class Period(Strict):
    start: int | None = None  # first year the rulebook applies to
    end: int | None = None  # last year, or open


class RulebookModel(Strict):
    format: Literal["regionlab/rulebook/v1"]
    id: Id
    title: str
    description: str | None = None
    period: Period = Period()
    thresholds: dict[str, Number | ThresholdModel]
    definitions: dict[str, DefinitionModel] = {}
    rules: list[RuleModel]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    applies_to: str
    condition: Compiled
    then: tuple[str, ...]
    prerequisite: str | None
    priority: int
    rationale: str
    source: str
    line: int | None
    reads: tuple[str, ...]  # values read (through definitions), sorted
    threshold_names: tuple[str, ...]  # thresholds read, sorted


@dataclass(frozen=True)
class Rulebook:
    id: str
    title: str
    file: str
    period: Period
    thresholds: dict[str, float]
    definitions: dict[str, Compiled]
    rules: tuple[Rule, ...]
    symbols: dict[str, Symbol] = field(repr=False)

    def of_kind(self, kind: str, applies_to: str = "region") -> list[Rule]:
        return [r for r in self.rules if r.kind == kind and r.applies_to == applies_to]


def load_rulebook(path: Path | None = None) -> Rulebook:
    """The shipped rulebook, or an analyst's own; compiled once per path."""
    return _load(str(path or packaged("rulebook.yaml")))


@cache
def _load(path: str) -> Rulebook:
    data, node = yamlio.load_file(Path(path))
    model = validate(RulebookModel, data, node, path)
    return compile_rulebook(model, node, path, load_framework(), load_catalogue())


def base_symbols(framework: Framework, catalogue: Catalogue) -> dict[str, Symbol]:
    actors = frozenset(ACTORS)
    symbols = {a: Symbol(a, NUMBER) for a in ACTORS}
    symbols.update({name: Symbol(name, NUMBER) for name in framework.context})
    symbols["designations"] = Symbol("designations", TEXT_SET, frozenset(framework.designations))
    symbols["year"] = Symbol("year", NUMBER)
    symbols["missing_actors"] = Symbol("missing_actors", TEXT_SET, actors)
    symbols["low_coverage_actors"] = Symbol("low_coverage_actors", TEXT_SET, actors)
    return symbols


def outcome_symbols(catalogue: Catalogue) -> dict[str, Symbol]:
    return {
        "domain": Symbol("domain", TEXT, frozenset(DOMAINS), kind="outcome"),
        "grade": Symbol("grade", TEXT, frozenset(catalogue.grades), kind="outcome"),
    }


INITIATIVE_SYMBOLS = {
    "stage": Symbol("stage", TEXT, frozenset(STAGES)),
    "type": Symbol("type", TEXT, frozenset(TYPES)),
    "lead": Symbol("lead", TEXT, frozenset(ACTORS)),
    "funding": Symbol("funding", TEXT, frozenset(FUNDING)),
    "outcome": Symbol("outcome", TEXT, frozenset(OUTCOMES)),
    "lead_capacity": Symbol("lead_capacity", NUMBER),
}


def compile_rulebook(model: RulebookModel, node, file: str, framework: Framework,
                     catalogue: Catalogue) -> Rulebook:
    problems: list[Problem] = []

    def problem(path: tuple, code: str, message: str):
        problems.append(Problem(file, yamlio.line_of(node, path), ".".join(map(str, path)),
                                code, message))

    symbols = base_symbols(framework, catalogue)
    thresholds = {}
    for name, value in model.thresholds.items():
        if name in symbols:
            problem(("thresholds", name), "name-taken", f"'{name}' is already a profile value")
            continue
        thresholds[name] = float(value.value if isinstance(value, ThresholdModel) else value)
        symbols[name] = Symbol(name, NUMBER, kind="threshold")
    definitions, depends = _definitions(model, symbols, problem)
    rules = []
    seen_ids: dict[str, int] = {}
    for i, rule in enumerate(model.rules):
        if rule.id in seen_ids:
            problem(("rules", i, "id"), "duplicate-rule-id",
                    f"rule id '{rule.id}' is used twice (also rule {seen_ids[rule.id] + 1})")
        seen_ids.setdefault(rule.id, i)
        compiled = _rule(i, rule, symbols, catalogue, depends, node, problem)
        if compiled is not None:
            rules.append(compiled)
    if problems:
        raise InputError(problems)
    return Rulebook(model.id, model.title, file, model.period, thresholds, definitions,
                    tuple(rules), symbols)


def _definitions(model, symbols, problem):
    definitions: dict[str, Compiled] = {}
    depends: dict[str, frozenset[str]] = {}
    for name, definition in model.definitions.items():
        path = ("definitions", name, "expr")
        if name in symbols:
            problem(("definitions", name), "name-taken", f"'{name}' is already a name")
            continue
        try:
            compiled = compile_expr(definition.expr, symbols)
        except ExprError as e:
            problem(path, "bad-expression", _expr_message(e, definition.expr))
            continue
        definitions[name] = compiled
        depends[name] = _closure(compiled.names, depends)
        symbols[name] = Symbol(name, compiled.type, kind="definition")
    return definitions, depends


def _closure(names: frozenset[str], depends: dict[str, frozenset[str]]) -> frozenset[str]:
    out = set(names)
    for n in names:
        out |= depends.get(n, frozenset())
    return frozenset(out)


def _rule(i, rule: RuleModel, symbols, catalogue: Catalogue, depends, node, problem):
    path = ("rules", i)
    scope = dict(symbols)
    if rule.kind != "domain":
        scope.update(outcome_symbols(catalogue))
        if rule.kind == "grade":
            scope.pop("grade")  # a grade rule cannot read the grade it decides
    if rule.applies_to == "initiative":
        scope.update(INITIATIVE_SYMBOLS)
    ok = True
    try:
        condition = compile_expr(rule.when, scope)
        if condition.type != BOOL:
            problem((*path, "when"), "not-a-condition",
                    f"'{rule.when}' is {condition.type}; a condition must be true or false")
            ok = False
    except ExprError as e:
        problem((*path, "when"), "bad-expression", _expr_message(e, rule.when))
        ok = False
    then = (rule.then,) if isinstance(rule.then, str) else tuple(rule.then)
    ok &= _check_then(path, rule, then, catalogue, problem)
    if not ok:
        return None
    names = _closure(condition.names, depends)
    limits = tuple(sorted(n for n in names if scope[n].kind == "threshold"))
    return Rule(rule.id, rule.kind, rule.applies_to, condition, then, rule.prerequisite,
                rule.priority, rule.rationale, rule.source, yamlio.line_of(node, path),
                tuple(sorted(names - set(limits))), limits)


def _check_then(path, rule: RuleModel, then, catalogue: Catalogue, problem) -> bool:
    known = catalogue.ids(rule.kind)
    ok = True
    if rule.kind in ("domain", "grade") and len(then) != 1:
        problem((*path, "then"), "one-conclusion", f"a {rule.kind} rule concludes one {rule.kind}")
        ok = False
    if rule.kind in ("domain", "grade") and rule.applies_to == "initiative":
        problem((*path, "applies_to"), "invalid-value",
                f"a {rule.kind} rule applies to the region, not to initiatives")
        ok = False
    for item in then:
        if item not in known:
            problem((*path, "then"), "unknown-id", catalogue.unknown(rule.kind, item))
            ok = False
    if rule.prerequisite is not None:
        if rule.kind != "case":
            problem((*path, "prerequisite"), "invalid-value", "only case rules have a prerequisite")
            ok = False
        elif rule.prerequisite not in catalogue.ids("strategy"):
            problem((*path, "prerequisite"), "unknown-id",
                    catalogue.unknown("strategy", rule.prerequisite))
            ok = False
    return ok


def _expr_message(e: ExprError, source: str) -> str:
    where = f" (column {e.col})" if e.col and e.col > 0 else ""
    return f"{e}{where} in '{source.strip()}'"


# -- evaluation ---------------------------------------------------------------

@dataclass(frozen=True)
class Evaluation:
    rule: Rule
    fired: bool
    missing: str | None  # the name with no value, when the rule could not be decided
    comparisons: tuple  # (text, left, op, right, result) for each comparison made
    values: dict  # the values the rule read
    thresholds: dict  # the thresholds it read
    initiative: str | None = None


def evaluate(rule: Rule, env: dict, initiative: str | None = None) -> Evaluation:
    trace: list = []
    try:
        fired = bool(rule.condition(env, trace))
        missing = None
    except Missing as m:
        fired, missing = False, m.name
    values = {n: env.get(n) for n in rule.reads}
    limits = {n: env[n] for n in rule.threshold_names}
    return Evaluation(rule, fired, missing, tuple(trace), values, limits, initiative)


def with_definitions(rulebook: Rulebook, env: dict) -> dict:
    """Add the thresholds and each definition's value (None when it cannot be known)."""
    env.update(rulebook.thresholds)
    for name, compiled in rulebook.definitions.items():
        try:
            env[name] = compiled(env)
        except Missing:
            env[name] = None
    return env
