"""The rulebook: loaded, checked and compiled once; evaluated per region.

A rulebook (`data/rulebook.yaml` by default, or an analyst's own with
`--rules`) holds named thresholds, named definitions and rules. Each rule has
an id, a kind (domain, grade, case, strategy, flag), a condition in the
expression language of `expr.py`, what it concludes, a rationale and the
section of the source it comes from. Problems are reported all at once, each
with its line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from regionlab.base import yamlio
from regionlab.base.schema import (
    CoreSchema,
    Schema,
    either,
    integer,
    list_of,
    mapping,
    number,
    one_of,
    record,
    text,
)
from regionlab.errors import InputError, Problem
from regionlab.policy import languages
from regionlab.policy.cache import cached, stamp
from regionlab.policy.catalogue import Catalogue, load_catalogue
from regionlab.policy.framework import Framework, load_framework
from regionlab.policy.packaged import packaged
from regionlab.profile.models import ACTORS, DOMAINS, FUNDING, OUTCOMES, STAGES, TYPES
from regionlab.rules.expr import (
    BOOL,
    NUMBER,
    TEXT,
    TEXT_SET,
    Comparison,
    Compiled,
    Env,
    ExprError,
    Missing,
    Symbol,
    Trace,
    compile_expr,
)

if TYPE_CHECKING:  # PyYAML is imported on a run's first parse (base/yamlio.py)
    from yaml import Node

KINDS = ("domain", "grade", "case", "strategy", "flag")
T = TypeVar("T")
_ID = text(pattern=r"^[a-z0-9][a-z0-9_-]*$")



def _rule_schema() -> CoreSchema:
    return record(
        required={"id": _ID, "kind": one_of(*KINDS), "when": text(min_length=1),
                  "then": either(_ID, list_of(_ID)),
                  # in English, or {en: ..., ko: ..., ja: ...}: shown in the chosen language
                  "rationale": either(text(), languages.texts()),
                  "source": text()},
        optional={"applies_to": (one_of("region", "initiative"), "region"),
                  "prerequisite": (_ID, None), "priority": (integer(), 0)},
    )


# built on first use: a rationale's schema reads the list of languages (languages.texts)
SCHEMA = Schema(lambda: record(
    required={"format": one_of("regionlab/rulebook/v1"), "id": _ID, "title": text(),
              "thresholds": mapping(either(number(), record(
                  required={"value": number()},
                  # the name of a threshold this one must stay above (checked by `rules check`)
                  optional={"description": (text(), None), "above": (text(), None)}))),
              "rules": list_of(_rule_schema())},
    optional={"description": (text(), None),
              "period": (record(optional={"start": (integer(), None), "end": (integer(), None)}),
                         {"start": None, "end": None}),
              "definitions": (mapping(record(required={"expr": text(min_length=1)},
                                             optional={"description": (text(), None)})), {})},
))


class Period(NamedTuple):
    start: int | None = None  # first year the rulebook applies to
    end: int | None = None  # last year, or open


class Rule(NamedTuple):
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
    translations: tuple[tuple[str, str], ...] = ()  # (language, rationale) besides English

    def rationale_in(self, lang: str) -> str:
        """The rationale in `lang` where the rulebook gives it, else in English; on one line."""
        text_ = dict(self.translations).get(lang) or self.rationale
        return " ".join(text_.split())


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
    # threshold -> the threshold it is declared to stay above (`above:`)
    threshold_order: dict[str, str] = field(default_factory=dict, repr=False)
    recommending: tuple[Rule, ...] = field(init=False, repr=False)  # case/strategy/flag rules
    initiative_rules: tuple[Rule, ...] = field(init=False, repr=False)
    _by_kind: dict[str, tuple[Rule, ...]] = field(init=False, repr=False)
    # What other parts work out from these rules once and reuse for every region
    # (threshold_sides' plan, what it would take's candidates, diff's compared
    # pairs), keyed by the function that works it out: see `derived`.
    _derived: dict[Callable[[Rulebook], Any], Any] = field(
        init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        # the rules of each phase, sorted out once rather than for every region
        by_kind = {k: tuple(r for r in self.rules if r.kind == k and r.applies_to == "region")
                   for k in KINDS}
        object.__setattr__(self, "_by_kind", by_kind)
        object.__setattr__(self, "recommending", tuple(
            r for r in self.rules if r.kind not in ("domain", "grade")
            and r.applies_to == "region"))
        object.__setattr__(self, "initiative_rules", tuple(
            r for r in self.rules if r.applies_to == "initiative"))

    def of_kind(self, kind: str, applies_to: str = "region") -> tuple[Rule, ...]:
        if applies_to == "region":
            return self._by_kind[kind]
        return tuple(r for r in self.rules if r.kind == kind and r.applies_to == applies_to)

    def derived(self, make: Callable[[Rulebook], T]) -> T:
        """`make(self)`, worked out the first time it is asked for and kept with this
        rulebook: it lives as long as the rulebook and no longer.

        A private per-instance cache rather than functools.cached_property: what is
        derived is worked out in trust/ and nation/, which rules/ must not import,
        so the rulebook cannot name it as a property. Either way the cache sits on
        the instance, which is what keeps it right: a rulebook file read again
        after a change is a new Rulebook, and a what-if's changed copy
        (`dataclasses.replace`, trust/whatifs.py) is built through `__init__` with
        a cache of its own, empty; nothing worked out from the old thresholds
        follows either of them."""
        try:
            found: T = self._derived[make]
        except KeyError:
            found = self._derived.setdefault(make, make(self))
        return found


def load_rulebook(path: Path | None = None) -> Rulebook:
    """The shipped rulebook, or an analyst's own; compiled once per path."""
    file = str(path or packaged("rulebook.yaml"))
    # compiled against the framework and catalogue: a change to any of them compiles
    # it again (an analyst editing a rulebook in a notebook sees the new thresholds)
    files: list[Path | str] = [file, *(packaged(n) for n in POLICY_FILES)]
    return _load(file, *map(stamp, files))


POLICY_FILES = ("framework.yaml", "catalogue.yaml", "ui.yaml")  # what a rulebook is read with


@lru_cache(maxsize=8)
def _load(path: str, *versions: tuple[str, int | None, int | None]) -> Rulebook:
    checked = cached(Path(path), "rulebook", _checked)
    return compile_rulebook(checked, lambda: yamlio.load_file(Path(path))[1], path,
                            load_framework(), load_catalogue())


def _checked(path: Path) -> dict[str, Any]:
    return check_file(path)[0]


def check_file(path: Path) -> tuple[dict[str, Any], Node]:
    """A rulebook file read and checked for structure, and its YAML node tree."""
    data, node = yamlio.load_file(path)
    checked = SCHEMA.check(data, node, str(path))
    # kept with the cached data, so that rule lines need no second parse
    checked["rule_lines"] = [yamlio.line_of(node, ("rules", i))
                             for i in range(len(checked["rules"]))]
    return checked, node


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


def compile_rulebook(book: dict[str, Any], node_of: Callable[[], Node | None], file: str,
                     framework: Framework, catalogue: Catalogue) -> Rulebook:
    """Compile checked rulebook data; `node_of()` gives the YAML nodes, parsed
    again only when there is a problem to locate."""
    problems: list[Problem] = []

    def problem(path: tuple[str | int, ...], code: str, message: str) -> None:
        problems.append(Problem(file, yamlio.line_of(node_of(), path), ".".join(map(str, path)),
                                code, message))

    symbols = base_symbols(framework, catalogue)
    # names that rules see besides these: a threshold or definition would be shadowed by them
    later = {**outcome_symbols(catalogue), **INITIATIVE_SYMBOLS}
    thresholds, order = {}, {}
    for name, value in book["thresholds"].items():
        if name in symbols:
            problem(("thresholds", name), "name-taken", f"'{name}' is already a profile value")
            continue
        if name in later:
            problem(("thresholds", name), "name-taken", f"'{name}' is already a name")
            continue
        thresholds[name] = value["value"] if isinstance(value, dict) else value
        if isinstance(value, dict) and value["above"] is not None:
            order[name] = value["above"]
        symbols[name] = Symbol(name, NUMBER, kind="threshold")
    definitions, depends = _definitions(book["definitions"], symbols, later, problem)
    rules = []
    seen_ids: dict[str, int] = {}
    for i, rule in enumerate(book["rules"]):
        if rule["id"] in seen_ids:
            problem(("rules", i, "id"), "duplicate-rule-id",
                    f"rule id '{rule['id']}' is used twice (also rule {seen_ids[rule['id']] + 1})")
        seen_ids.setdefault(rule["id"], i)
        line = book["rule_lines"][i] if "rule_lines" in book else None
        compiled = _rule(i, rule, symbols, catalogue, depends, line, problem)
        if compiled is not None:
            rules.append(compiled)
    if problems:
        raise InputError(problems)
    return Rulebook(book["id"], book["title"], file, Period(**book["period"]), thresholds,
                    definitions, tuple(rules), symbols, order)


Report = Callable[[tuple[str | int, ...], str, str], None]  # a problem at a path


def _definitions(given: dict[str, Any], symbols: dict[str, Symbol], later: dict[str, Symbol],
                 problem: Report) -> tuple[dict[str, Compiled], dict[str, frozenset[str]]]:
    definitions: dict[str, Compiled] = {}
    depends: dict[str, frozenset[str]] = {}
    for name, definition in given.items():
        path = ("definitions", name, "expr")
        if name in symbols or name in later:
            problem(("definitions", name), "name-taken", f"'{name}' is already a name")
            continue
        try:
            compiled = compile_expr(definition["expr"], symbols)
        except ExprError as e:
            problem(path, "bad-expression", _expr_message(e, definition["expr"]))
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


def _rule(i: int, rule: dict[str, Any], symbols: dict[str, Symbol], catalogue: Catalogue,
          depends: dict[str, frozenset[str]], line: int | None, problem: Report
          ) -> Rule | None:
    path = ("rules", i)
    kind, applies_to, when = rule["kind"], rule["applies_to"], rule["when"]
    scope = dict(symbols)
    if kind != "domain":
        scope.update(outcome_symbols(catalogue))
        if kind == "grade":
            scope.pop("grade")  # a grade rule cannot read the grade it decides
    if applies_to == "initiative":
        scope.update(INITIATIVE_SYMBOLS)
    ok = True
    try:
        condition = compile_expr(when, scope)
        if condition.type != BOOL:
            problem((*path, "when"), "not-a-condition",
                    f"'{when}' is {condition.type}; a condition must be true or false")
            ok = False
    except ExprError as e:
        problem((*path, "when"), "bad-expression", _expr_message(e, when))
        ok = False
    then = (rule["then"],) if isinstance(rule["then"], str) else tuple(rule["then"])
    ok &= _check_then(path, rule, then, catalogue, problem)
    if not ok:
        return None
    names = _closure(condition.names, depends)
    limits = tuple(sorted(n for n in names if scope[n].kind == "threshold"))
    rationale = rule["rationale"]
    base = languages.as_written()  # a rationale as plain text is in this language
    texts = rationale if isinstance(rationale, dict) else {base: rationale}
    return Rule(rule["id"], kind, applies_to, condition, then, rule["prerequisite"],
                rule["priority"], texts[base], rule["source"], line,
                tuple(sorted(names - set(limits))), limits,
                tuple(sorted((lang, t) for lang, t in texts.items() if lang != base and t)))


def _check_then(path: tuple[str | int, ...], rule: dict[str, Any], then: tuple[str, ...],
                catalogue: Catalogue, problem: Report) -> bool:
    kind, prerequisite = rule["kind"], rule["prerequisite"]
    known = catalogue.ids(kind)
    ok = True
    if kind in ("domain", "grade") and len(then) != 1:
        problem((*path, "then"), "one-conclusion", f"a {kind} rule concludes one {kind}")
        ok = False
    if kind in ("domain", "grade") and rule["applies_to"] == "initiative":
        problem((*path, "applies_to"), "invalid-value",
                f"a {kind} rule applies to the region, not to initiatives")
        ok = False
    for item in then:
        if item not in known:
            problem((*path, "then"), "unknown-id", catalogue.unknown(kind, item))
            ok = False
    if prerequisite is not None:
        if kind != "case":
            problem((*path, "prerequisite"), "invalid-value", "only case rules have a prerequisite")
            ok = False
        elif prerequisite not in catalogue.ids("strategy"):
            problem((*path, "prerequisite"), "unknown-id",
                    catalogue.unknown("strategy", prerequisite))
            ok = False
    return ok


def _expr_message(e: ExprError, source: str) -> str:
    where = f" (column {e.col})" if e.col and e.col > 0 else ""
    return f"{e}{where} in '{source.strip()}'"


# -- evaluation ---------------------------------------------------------------

class Evaluation:
    """One rule applied to one region (or initiative).

    Whether it fired is decided at once; the trace (each comparison made) and the
    values read are worked out only when asked for: a batch needs them for a few
    rules, `explain` for all. The values a rule reads never change after it is
    evaluated (later phases only add `domain` and `grade`, which earlier rules do
    not read), so working them out later gives what the rule saw.
    """

    __slots__ = ("rule", "fired", "missing", "initiative", "_env", "_comparisons")

    def __init__(self, rule: Rule, fired: bool, missing: str | None, env: Env,
                 initiative: str | None = None):
        self.rule = rule
        self.fired = fired
        self.missing = missing  # the name with no value, when the rule could not be decided
        self.initiative = initiative
        self._env = env
        self._comparisons: tuple[Comparison, ...] | None = None

    @property
    def comparisons(self) -> tuple[Comparison, ...]:
        """(text, left, op, right, result) for each comparison made, in order."""
        if self._comparisons is None:
            trace: Trace = []
            try:
                self.rule.condition(self._env, trace)
            except Missing:
                pass
            self._comparisons = tuple(trace)
        return self._comparisons

    @property
    def values(self) -> dict[str, Any]:
        return {n: self._env.get(n) for n in self.rule.reads}

    @property
    def thresholds(self) -> dict[str, Any]:
        return {n: self._env[n] for n in self.rule.threshold_names}


def compared(rule: Rule) -> set[tuple[str, str]]:
    """(name, threshold) pairs the rule's condition sets against each other directly,
    either way round (`residents < low`, `low <= residents`): where its outcome can
    turn, for what-it-takes, stability and diff's drivers."""
    out = set()
    for left, right in rule.condition.pairs:
        for name, limit in ((left, right), (right, left)):
            if limit in rule.threshold_names and name not in rule.threshold_names:
                out.add((name, limit))
    return out


def evaluate(rule: Rule, env: Env, initiative: str | None = None) -> Evaluation:
    return evaluate_all((rule,), env, initiative)[0]


def evaluate_all(rules: Iterable[Rule], env: Env, initiative: str | None = None,
                 trace: bool = True) -> list[Evaluation]:
    """Evaluate rules in order; without `trace` only the ones that fired are kept
    (a batch needs no record of the rules that did not apply)."""
    if not trace and isinstance(rules, tuple):
        return _fired(rules, env, initiative)
    out = []
    for rule in rules:
        try:
            fired = bool(rule.condition.fn(env, None))
            missing = None
        except Missing as m:
            fired, missing = False, m.name
        if fired or trace:
            out.append(Evaluation(rule, fired, missing, env, initiative))
    return out


def _fired(rules: tuple[Rule, ...], env: Env, initiative: str | None) -> list[Evaluation]:
    """The rules that fire, in order, as `evaluate_all` without a trace finds them, but
    evaluating only the rules whose guards hold (`Compiled.guards`): a rule with a
    guard that does not hold is not true, so it cannot fire, and a rule that is
    nothing but guards that hold fires without being evaluated. Of the shipped
    rulebook's 23 model-case, strategy and flag rules a region evaluates about 8."""
    guarded = _guarded(rules)
    candidates = guarded.candidates(env) if guarded.names else guarded.unguarded
    out = []
    for rule, certain in candidates:
        if not certain:
            try:
                if not rule.condition.fn(env, None):
                    continue
            except Missing:
                continue
        out.append(Evaluation(rule, True, None, env, initiative))
    return out


class _Guarded:
    """A sequence of rules sorted out by their guards: for each combination of the
    guarded names' values, the rules that may fire, each with whether it surely does."""

    def __init__(self, rules: tuple[Rule, ...]):
        self.rules = rules
        self.names = tuple(sorted({name for r in rules for name, _ in r.condition.guards}))
        self.table: dict[tuple[object, ...], tuple[tuple[Rule, bool], ...]] = {}
        self.unguarded = tuple((r, False) for r in rules)

    def candidates(self, env: Env) -> tuple[tuple[Rule, bool], ...]:
        """The rules that may fire on these values."""
        key = tuple(map(env.get, self.names))
        try:
            found = self.table.get(key)
        except TypeError:  # a value that cannot be a key (a set): worked out each time
            return self._candidates(env)
        if found is None:
            if len(self.table) >= _TABLE_MAX:  # bounded: a guard's values are a few
                self.table.clear()  # texts, but a name may take others
            found = self.table[key] = self._candidates(env)
        return found

    def _candidates(self, env: Env) -> tuple[tuple[Rule, bool], ...]:
        return tuple((rule, rule.condition.only_guards) for rule in self.rules
                     if all(_holds(env.get(name), values)
                            for name, values in rule.condition.guards))


def _holds(value: object, values: frozenset[object]) -> bool:
    try:
        return value in values
    except TypeError:  # unhashable: not one of the guard's texts
        return False


_TABLE_MAX = 1024
# id of a sequence of rules -> the sequence and its _Guarded: a rulebook's sequences
# live as long as it does, and an id is reused only once its sequence is gone
_GUARDED: dict[int, _Guarded] = {}


def _guarded(rules: tuple[Rule, ...]) -> _Guarded:
    found = _GUARDED.get(id(rules))
    if found is None or found.rules is not rules:
        if len(_GUARDED) >= 64:  # bounded: a what-if's rulebook has sequences of its own
            _GUARDED.clear()
        found = _GUARDED[id(rules)] = _Guarded(rules)
    return found


def with_definitions(rulebook: Rulebook, env: Env) -> Env:
    """Add the thresholds and each definition's value (None when it cannot be known)."""
    env.update(rulebook.thresholds)
    return definitions_on(rulebook, env)


def definitions_on(rulebook: Rulebook, env: Env) -> Env:
    """Each definition's value on the thresholds and values already in `env`."""
    for name, compiled in rulebook.definitions.items():
        try:  # its function called directly: Compiled.__call__ is one call more
            env[name] = compiled.fn(env, None)
        except Missing:
            env[name] = None
    return env
