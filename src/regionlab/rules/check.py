"""`regionlab rules check`: every problem of a rulebook, at once, each with its line.

Loading reports what a rulebook says wrongly: syntax, unknown names, type
errors, conclusions not in the catalogue. This module adds what it means
wrongly, by trying the rules on every combination of a grid of inputs:

- ``threshold-order`` / ``unknown-threshold``: a threshold with ``above: other``
  that is not above it, or names no threshold;
- ``unreachable-domain`` / ``unreachable-grade`` / ``unreachable-case``: a
  domain, grade or model case of the catalogue that no profile can ever get;
- ``domain-conflict`` / ``grade-conflict``: two rules of the same priority that
  both fire, as the highest, for the same inputs and conclude differently (file
  order decides silently);
- ``domain-gap`` / ``grade-gap``: inputs with all four capacities known for
  which no rule decides;
- ``never-fires``: a rule whose condition is false for every input;
- ``never-wins``: a domain or grade rule that fires only where a rule of higher
  priority fires too.

The grid. Every number a rule reads (capacities 0-100, context figures within
their framework limits, the year, an initiative's lead capacity) takes its
limits, every boundary the conditions set on it and a value just above each
(0, 0.1, 40, 40.1, 100 for ``residents < low``): one value in every stretch
between boundaries as well as the boundaries. Boundaries are found per comparison:
the value at which its two sides are equal when all the numbers it reads are
equal (``mean(...) >= 60`` gives 60 for each capacity; ``residents - 10 < low``
gives 50), and each number written in it. A set (designations, missing and
low-coverage actors) takes its subsets; a text (stage, funding, ...) each of its
values; a figure a profile may leave out is also tried missing. Only the values
a rule reads (through definitions) are combined for it. Domain and grade are
decided by their own rules over the grid of everything those rules read, so a
case rule that reads ``domain == 'social'`` sees exactly the inputs under which
the domain is social. For single comparisons of a value with thresholds and
numbers the grid covers every case; for arithmetic across values it is a close
sample. A search larger than `LIMIT` points is sampled: it still reports what
it finds (a conflict, a gap) but claims nothing is impossible.
"""

from __future__ import annotations

import ast
import itertools
import math
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from regionlab.base import yamlio
from regionlab.base.schema import suggest
from regionlab.errors import InputError, Problem
from regionlab.policy.catalogue import Catalogue, load_catalogue
from regionlab.policy.framework import Framework, load_framework
from regionlab.policy.packaged import packaged
from regionlab.profile.models import ACTORS, FUNDING, OUTCOMES
from regionlab.rules.expr import TEXT_SET, Compiled, Env, ExprError, Missing, compile_expr
from regionlab.rules.rulebook import (
    INITIATIVE_SYMBOLS,
    Rule,
    Rulebook,
    check_file,
    compile_rulebook,
    outcome_symbols,
    with_definitions,
)

if TYPE_CHECKING:  # PyYAML is imported on a run's first parse (base/yamlio.py)
    from yaml import Node

LIMIT = 200_000  # grid points per search; beyond, a fixed sample of this many
OUTCOMES_ = ("domain", "grade")
CAPACITY = (0.0, 100.0)
YEARS = (1900.0, 2100.0)  # the profile format's limits
OPTIONAL_TEXT = {"funding": FUNDING, "outcome": OUTCOMES}  # an initiative may leave them out

Point = dict[str, Any]  # a point of the grid: a value (or None) for each name read


def check(path: Path | None = None) -> list[Problem]:
    """Every problem of the rulebook at `path` (the shipped one by default), sorted
    by line; empty when it passes. The file is read afresh, not from any cache."""
    file = Path(path) if path is not None else packaged("rulebook.yaml")
    try:
        rulebook, node = load_fresh(file)
    except InputError as e:
        return list(e.problems)
    return analyse(rulebook, node)


def load_fresh(path: Path) -> tuple[Rulebook, Node]:
    """The rulebook compiled from the file as it is now, and its YAML node tree."""
    book, node = check_file(path)
    rulebook = compile_rulebook(book, lambda: node, str(path), load_framework(),
                                load_catalogue())
    return rulebook, node


def analyse(rulebook: Rulebook, node: Node | None = None, framework: Framework | None = None,
            catalogue: Catalogue | None = None) -> list[Problem]:
    """The problems of a compiled rulebook; `node` (its YAML tree) locates them
    more precisely than the rules' own lines."""
    return _Checker(rulebook, node, framework or load_framework(),
                    catalogue or load_catalogue()).run()


# -- the grid ---------------------------------------------------------------------------------


class _Space:
    """The candidate values of every name a rule can read."""

    def __init__(self, rulebook: Rulebook, framework: Framework, catalogue: Catalogue):
        self.rb = rulebook
        self.symbols = {**rulebook.symbols, **outcome_symbols(catalogue), **INITIATIVE_SYMBOLS}
        self.ranges: dict[str, tuple[float, float | None]] = {a: CAPACITY for a in ACTORS}
        self.ranges.update({n: (f.min, f.max) for n, f in framework.context.items()})
        self.ranges["year"] = YEARS
        self.ranges["lead_capacity"] = CAPACITY
        self.optional = set(framework.context) | {"lead_capacity", *OPTIONAL_TEXT}
        self.bounds: dict[str, set[float]] = {n: set() for n in self.ranges}
        self.mentions: dict[str, set[str]] = {}
        self.base_of: dict[str, frozenset[str]] = {}  # definition -> the values it reads
        self.knowing: set[str] = set()  # definitions that call known()
        for name, compiled in rulebook.definitions.items():
            self.base_of[name] = self.base(compiled.names)
            if _calls_known(compiled.source, self.knowing):
                self.knowing.add(name)
        for source in [c.source for c in rulebook.definitions.values()] + [
                r.condition.source for r in rulebook.rules]:
            self._collect(source)
        self._cache: dict[tuple[str, bool], list[Any]] = {}

    def base(self, names: Iterable[str]) -> frozenset[str]:
        """The values (not thresholds, not definitions) behind names."""
        out: set[str] = set()
        for n in names:
            if n in self.base_of:
                out |= self.base_of[n]
            elif n not in self.rb.thresholds:
                out.add(n)
        return frozenset(out)

    def uses_known(self, rule: Rule) -> bool:
        return bool(self.knowing & set(rule.reads)) or _calls_known(rule.condition.source, set())

    # boundaries ------------------------------------------------------------------------
    def _collect(self, source: str) -> None:
        tree = ast.parse(source, mode="eval")
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            for left, op, right in zip(sides, node.ops, sides[1:], strict=False):
                if isinstance(op, ast.In | ast.NotIn):
                    self._membership(source, left, right)
                else:
                    self._boundary(source, left, right)

    def _membership(self, source: str, left: ast.AST, right: ast.AST) -> None:
        if isinstance(right, ast.List | ast.Tuple | ast.Set):
            for elt in right.elts:
                if isinstance(elt, ast.Constant) and isinstance(elt.value, int | float):
                    self._boundary(source, left, elt)
            return
        if isinstance(left, ast.Constant) and isinstance(left.value, str) \
                and isinstance(right, ast.Name):
            for name in self.base([right.id]):
                if self.symbols.get(name) and self.symbols[name].type == TEXT_SET:
                    self.mentions.setdefault(name, set()).add(left.value)

    def _boundary(self, source: str, left: ast.AST, right: ast.AST) -> None:
        segment = ast.get_source_segment
        text = f"({segment(source, left)}) - ({segment(source, right)})"
        try:
            diff = compile_expr(text, self.symbols)
        except ExprError:  # text, sets: not numbers
            return
        numbers = [n for n in self.base(diff.names) if n in self.ranges]
        if not numbers:
            return
        root = self._root(diff, numbers)
        if root is not None:
            found = {root}
        else:  # e.g. residents == municipality + 10: the numbers written in it
            found = {v for side in (left, right) for v in self._constants(side)}
        for n in numbers:
            self.bounds[n] |= found

    def _constants(self, node: ast.AST) -> Iterator[float]:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, int | float) \
                    and not isinstance(sub.value, bool):
                yield float(sub.value)
            elif isinstance(sub, ast.Name) and sub.id in self.rb.thresholds:
                yield float(self.rb.thresholds[sub.id])

    def _root(self, diff: Compiled, numbers: list[str]) -> float | None:
        """Where `left - right` is 0 with every number it reads set to the same t (secant)."""
        def f(t: float) -> float | None:
            env: Env = {n: t for n in numbers}
            env.update(self.rb.thresholds)
            for name, compiled in self.rb.definitions.items():
                try:
                    env[name] = compiled(env)
                except Missing:
                    env[name] = None
            try:
                value = diff(env)
            except (Missing, TypeError, ArithmeticError):
                return None
            return float(cast(float, value))  # `diff` is a number: compiled from a difference

        a, b = 0.0, 1.0
        fa, fb = f(a), f(b)
        for _ in range(30):
            if fa is None or fb is None or fa == fb or not math.isfinite(fa + fb):
                return None
            c = b - fb * (b - a) / (fb - fa)
            fc = f(c)
            if fc is None:
                return None
            if abs(fc) <= 1e-9 * max(1.0, abs(c)):
                return round(c, 9)
            a, fa, b, fb = b, fb, c, fc
        return None

    # values -------------------------------------------------------------------------------
    def values(self, name: str, with_none: bool = False) -> list[Any]:
        key = (name, with_none)
        if key not in self._cache:
            self._cache[key] = self._values(name, with_none)
        return self._cache[key]

    def _values(self, name: str, with_none: bool) -> list[Any]:
        sym = self.symbols[name]
        if name in self.ranges:
            out: list[Any] = _numbers(self.ranges[name], self.bounds[name],
                                 1.0 if name == "year" else 0.1)
        elif sym.type == TEXT_SET:
            out = _subsets(sym.allowed or frozenset(), self.mentions.get(name, set()))
        elif sym.allowed is not None:
            out = sorted(sym.allowed)
        else:  # a value of a kind the checker does not know: never claim anything about it
            raise _Unknown(name)
        if (name in self.optional or with_none) and None not in out:
            out.append(None)
        return out


class _Unknown(Exception):
    pass


def _calls_known(source: str, knowing: set[str]) -> bool:
    tree = ast.parse(source, mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "known":
            return True
        if isinstance(node, ast.Name) and node.id in knowing:
            return True
    return False


def _numbers(limits: tuple[float, float | None], bounds: set[float], step: float
             ) -> list[float]:
    lo, hi = limits
    points = {lo} | {b for b in bounds if b >= lo and (hi is None or b <= hi)}
    if hi is not None:
        points.add(hi)
    ordered = sorted(points)
    if hi is None:  # beyond the largest boundary
        ordered.append(ordered[-1] + max(1.0, abs(ordered[-1])))
    out: list[float] = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        e = step
        while 2 * e >= b - a:
            e /= 10
        out += [a, _nice(a + e)]  # the boundary and the open interval above it
    out.append(ordered[-1])
    return [int(v) if float(v).is_integer() else v for v in dict.fromkeys(out)]


def _nice(v: float) -> float:
    return round(v, 9)


def _subsets(allowed: frozenset[str], mentioned: set[str]) -> list[frozenset[str]]:
    """Every subset of the values the rules mention, each with none, one or more of
    the others (all subsets of them when they are few): counts and memberships alike."""
    mentioned = set(mentioned) & set(allowed) if allowed else set(mentioned)
    others = sorted(set(allowed) - mentioned)
    if len(others) <= 3:
        extras = [c for k in range(len(others) + 1) for c in itertools.combinations(others, k)]
    else:
        extras = [(), *((o,) for o in others), *(tuple(others[:k]) for k in
                                                 range(2, len(others) + 1))]
    own = sorted(mentioned)
    picks = [c for k in range(len(own) + 1) for c in itertools.combinations(own, k)]
    out = dict.fromkeys(frozenset(p) | frozenset(x) for p in picks for x in extras)
    return sorted(out, key=lambda s: (len(s), sorted(s)))


def _points(dims: list[list[Point]]) -> tuple[Iterator[Point], bool]:
    """Every combination of the dimensions' parts, merged in order (later parts win);
    a fixed sample when there are more than LIMIT. Returns the points and whether
    they are all of them."""
    size = math.prod(len(d) for d in dims)
    if size <= LIMIT:
        return (_merge(combo) for combo in itertools.product(*dims)), True
    rng = random.Random(0)

    def sample() -> Iterator[Point]:
        for _ in range(LIMIT):
            yield _merge([d[rng.randrange(len(d))] for d in dims])

    return sample(), False


def _merge(parts: Iterable[Point]) -> Point:
    out: Point = {}
    for part in parts:
        out.update(part)
    return out


def _fires(rule: Rule, env: Env) -> bool:
    try:
        return bool(rule.condition.fn(env, None))
    except Missing:
        return False


# -- the checks ---------------------------------------------------------------------------


class _Checker:
    def __init__(self, rulebook: Rulebook, node: Node | None, framework: Framework,
                 catalogue: Catalogue):
        self.rb = rulebook
        self.node = node
        self.catalogue = catalogue
        self.space = _Space(rulebook, framework, catalogue)
        self.problems: list[Problem] = []
        self.index = {r.id: i for i, r in enumerate(rulebook.rules)}
        self.fired: dict[str, bool | None] = {}  # rule id -> fires somewhere (None: unknown)
        self.won: dict[str, bool | None] = {}
        self.table: list[Point] = []  # the domain/grade grid: values, domain, grade
        self.table_names: frozenset[str] = frozenset()
        self.table_complete = True
        self.decided = False  # the domain/grade grid was searched
        self._rows: dict[tuple[tuple[str, ...], bool, bool], list[Point]] = {}
        self.unreached: set[tuple[str, str]] = set()  # (domain or grade, id) no region gets

    def run(self) -> list[Problem]:
        self._threshold_order()
        try:
            self._decisions()
            self.decided = True
        except _Unknown:
            pass
        for rule in self.rb.rules:
            if rule.kind not in OUTCOMES_ or rule.applies_to != "region":
                self.fired[rule.id] = self._ever_fires(rule)
        for rule in self.rb.rules:
            if self.fired.get(rule.id) is False:
                self._never_fires(rule)
        self._reach("case")
        return sorted(self.problems, key=lambda p: (p.line or 0, p.field, p.code, p.message))

    # where ----------------------------------------------------------------------------------
    def add(self, path: tuple[str | int, ...], code: str, message: str,
            line: int | None = None) -> None:
        if line is None:
            line = yamlio.line_of(self.node, path) if self.node is not None else None
        self.problems.append(Problem(self.rb.file, line, ".".join(map(str, path)), code,
                                     message))

    def rule_at(self, rule: Rule, key: str | None = None
                ) -> tuple[tuple[str | int, ...], int | None]:
        path = ("rules", self.index[rule.id])
        if key is None or self.node is None:
            return path, rule.line
        return (*path, key), yamlio.line_of(self.node, (*path, key))

    def where(self, rule: Rule) -> str:
        return f"'{rule.id}' (line {rule.line})" if rule.line else f"'{rule.id}'"

    # thresholds ----------------------------------------------------------------------------
    def _threshold_order(self) -> None:
        values = self.rb.thresholds
        for name, above in self.rb.threshold_order.items():
            path = ("thresholds", name, "above")
            if above not in values:
                self.add(path, "unknown-threshold",
                         f"'{name}' is to stay above '{above}', which is not a threshold; "
                         f"{suggest(above, list(values))}thresholds: {', '.join(values)}")
            elif not values[name] > values[above]:
                self.add(("thresholds", name, "value"), "threshold-order",
                         f"'{name}' ({values[name]:g}) must be above '{above}' "
                         f"({values[above]:g}), as its 'above: {above}' says; raise {name} "
                         f"or lower {above}")

    # domain and grade ----------------------------------------------------------------------
    def _names(self, rules: Iterable[Rule]) -> frozenset[str]:
        return self.space.base(n for r in rules for n in r.reads)

    def _dims(self, names: Iterable[str], complete: bool, knows: bool = False
              ) -> list[list[Point]]:
        """One list of parts per name; a missing actor's capacity is None."""
        names = _order(set(names) - set(OUTCOMES_))
        dims = []
        missing: list[dict[str, object]] | None = None  # one part per set of missing actors
        for n in names:
            if n == "missing_actors":
                if complete:
                    missing = [{n: frozenset()}]
                else:
                    missing = [{n: s, **dict.fromkeys(s)} for s in self.space.values(n)]
                continue
            with_none = knows and not complete and n in ACTORS
            dims.append([{n: v} for v in self.space.values(n, with_none)])
        if missing is not None:
            dims.append(missing)  # last: it blanks the capacities of the actors it names
        return dims

    def _env(self, point: Point) -> Env:
        return with_definitions(self.rb, dict(point))

    def _decisions(self) -> None:
        domain_rules = self.rb.of_kind("domain")
        grade_rules = self.rb.of_kind("grade")
        d_names = self._names(domain_rules)
        domain = _Decision("domain", domain_rules, _order(d_names - set(OUTCOMES_)))
        points, whole = _points(self._dims(d_names, complete=True))
        for point in points:
            domain.see(point, self._env(point))
        self._report(domain, whole)

        c_names = (d_names | self._names(grade_rules)) - set(OUTCOMES_)
        grade = _Decision("grade", grade_rules, _order(self._names(grade_rules)))
        points, whole = _points(self._dims(c_names, complete=True))
        d_key = _order(d_names)
        winners: dict[tuple[object, ...], str | None] = {}  # the domain depends on d_names only
        for point in points:
            env = self._env(point)
            key = tuple(point.get(n) for n in d_key)
            if key not in winners:
                winners[key] = domain.winner(env)
            point["domain"] = env["domain"] = winners[key]
            grade.see(point, env, decided=point["domain"] is not None)
            point["grade"] = grade.last
            self.table.append(point)
        self.table_names, self.table_complete = c_names, whole
        self._report(grade, whole)

    def _report(self, decision: _Decision, whole: bool) -> None:
        kind = decision.kind
        for rule in decision.rules:
            self.fired[rule.id] = True if rule.id in decision.fired else (False if whole else None)
            self.won[rule.id] = True if rule.id in decision.won else (False if whole else None)
            if self.fired[rule.id] and self.won[rule.id] is False:
                before = [self.where(r) for r in decision.rules if r.priority > rule.priority
                          or (r.priority == rule.priority
                              and self.index[r.id] < self.index[rule.id])]
                path, line = self.rule_at(rule, "priority")
                self.add(path, "never-wins",
                         f"{kind} rule '{rule.id}' fires only where a rule that comes first "
                         f"(higher priority, or the same and earlier in the file) fires too: "
                         f"{', '.join(before)}; so it never decides the {kind}. Raise its "
                         "priority, narrow the others' conditions or remove it", line)
        for (a, b), example in decision.conflicts.items():
            path, line = self.rule_at(b)
            self.add(path, f"{kind}-conflict",
                     f"rules {self.where(a)} and {self.where(b)} both fire with priority "
                     f"{a.priority} and conclude different {kind}s ('{a.then[0]}', "
                     f"'{b.then[0]}') for the same inputs, e.g. "
                     f"{_show(example, decision.shown(a, b))}; file order picks '{a.id}'. "
                     "Make the conditions exclusive or give one rule a higher priority", line)
        if decision.gap is not None and decision.rules:  # no rules: unreachable says it
            first = decision.rules[0]
            path, line = self.rule_at(first)
            what = ("all four capacities known" if kind == "domain"
                    else "all four capacities known and a domain decided")
            self.add(path, f"{kind}-gap",
                     f"no {kind} rule fires for {_show(decision.gap, decision.show_names)} "
                     f"({what}): such a region gets no {kind}; add a rule or widen a condition "
                     "to cover it", line)
        self._reach(kind, decision, whole)

    def _reach(self, kind: str, decision: _Decision | None = None, whole: bool = True) -> None:
        rules_of = [r for r in self.rb.rules if r.kind == kind]
        for item in self.catalogue.ids(kind):
            concluding = [r for r in rules_of if item in r.then]
            if not concluding:
                self.unreached.add((kind, item))
                self.add(("rules",), f"unreachable-{kind}",
                         f"{kind} '{item}' can never be reached: no rule concludes it; add a "
                         f"{kind} rule with 'then: {item}'")
                continue
            if decision is not None:
                reached = item in decision.reached
                known = whole
            else:
                reached = any(self.fired.get(r.id) for r in concluding)
                known = all(self.fired.get(r.id) is False for r in concluding)
            if reached or not known:
                continue
            if any(self.fired.get(r.id) for r in concluding):
                which = ", ".join(self.where(r) for r in concluding)
                why = (f"{'its rule' if len(concluding) == 1 else 'its rules'} {which} "
                       f"{'fires' if len(concluding) == 1 else 'fire'} only where another "
                       f"{kind} rule decides first; raise a priority")
            elif len(concluding) == 1:
                why = f"its rule {self.where(concluding[0])} never fires; fix its condition"
            else:
                why = (f"its rules ({', '.join(self.where(r) for r in concluding)}) never fire; "
                       "fix their conditions")
            self.unreached.add((kind, item))
            path, line = self.rule_at(concluding[0])
            self.add(path, f"unreachable-{kind}", f"{kind} '{item}' can never be reached: {why}",
                     line)

    # any rule ------------------------------------------------------------------------------
    def _ever_fires(self, rule: Rule) -> bool | None:
        """True if some point fires the rule, False if none does, None if not known."""
        names = self.space.base(rule.reads)
        knows = self.space.uses_known(rule)
        try:
            if names & set(OUTCOMES_):
                if not self.decided:
                    return None
                dims = [self._outcome_rows(rule, names, knows)]
                rest = names - self.table_names - set(OUTCOMES_) - {"missing_actors"}
                dims += self._dims(rest, complete=False, knows=knows)
                whole_table = self.table_complete
            else:
                dims = self._dims(names, complete=False, knows=knows)
                whole_table = True
        except _Unknown:
            return None
        points, whole = _points(dims)
        for point in points:
            if _fires(rule, self._env(point)):
                return True
        return False if whole and whole_table else None

    def _outcome_rows(self, rule: Rule, names: frozenset[str], knows: bool) -> list[Point]:
        """The domain/grade grid seen through what the rule reads: each distinct
        combination of its values there with the domain and grade they get, and
        the same values with actors missing (then neither is decided)."""
        reads_missing = "missing_actors" in names
        shared = _order(names & self.table_names)
        cache_key = (tuple(shared), reads_missing, knows)
        if cache_key in self._rows:
            return self._rows[cache_key]
        keep = [*shared, *OUTCOMES_]
        rows: dict[tuple[object, ...], Point] = {}
        for p in self.table:
            key = tuple(p[n] for n in keep)
            if key not in rows:
                rows[key] = dict(zip(keep, key, strict=True))
                if reads_missing:
                    rows[key]["missing_actors"] = frozenset()
        if reads_missing or knows:
            for missing in self.space.values("missing_actors"):
                if not missing:
                    continue
                free = [n for n in shared if n not in missing]
                dims = [[{n: v} for v in self.space.values(n)] for n in free]
                for combo in itertools.product(*dims):
                    row = {n: None for n in keep}
                    row.update(_merge(combo))
                    if reads_missing:
                        row["missing_actors"] = missing
                    rows.setdefault(tuple(row.values()), row)
        self._rows[cache_key] = list(rows.values())
        return self._rows[cache_key]

    def _never_fires(self, rule: Rule) -> None:
        path, line = self.rule_at(rule, "when")
        names = _order(self.space.base(rule.reads) - set(OUTCOMES_))
        outcomes = [n for n in OUTCOMES_ if n in rule.reads]
        if names:
            over = f"every combination of the values it reads ({', '.join(names)})"
            if outcomes:
                over += ", given how the domain and grade rules decide"
        elif outcomes:
            over = f"every {' and '.join(outcomes)} the rules can decide"
        else:
            over = "every input"
        if rule.kind in OUTCOMES_:
            over += " with all four capacities known"
        # a domain or grade it asks for that no region gets: the likely cause
        cause = "".join(f" ({kind} '{item}' is never reached)"
                        for kind, item in sorted(self.unreached)
                        if kind in outcomes and f"'{item}'" in rule.condition.source)
        self.add(path, "never-fires",
                 f"rule '{rule.id}' never fires: '{rule.condition.source}' is false for "
                 f"{over}{cause}; fix the condition or remove the rule", line)


class _Decision:
    """Domain or grade over a grid: which rules fire and win, what is reached,
    conflicts between rules of equal priority, and a gap."""

    def __init__(self, kind: str, rules: tuple[Rule, ...], show_names: list[str]):
        self.kind = kind
        self.rules = rules
        self.show_names = show_names
        self.fired: set[str] = set()
        self.won: set[str] = set()
        self.reached: set[str] = set()
        self.conflicts: dict[tuple[Rule, Rule], Point] = {}
        self.gap: Point | None = None
        self.last: str | None = None
        self._reads = {r.id: set(r.reads) for r in rules}

    def winner(self, env: Env) -> str | None:
        best = None
        for rule in self.rules:
            if (best is None or rule.priority > best.priority) and _fires(rule, env):
                best = rule
        return best.then[0] if best else None

    def see(self, point: Point, env: Env, decided: bool = True) -> None:
        fired = [r for r in self.rules if _fires(r, env)]
        if not fired:
            self.last = None
            if decided and self.gap is None:
                self.gap = dict(point)
            return
        top = max(r.priority for r in fired)
        contenders = [r for r in fired if r.priority == top]
        self.fired.update(r.id for r in fired)
        self.won.add(contenders[0].id)
        self.last = contenders[0].then[0]
        self.reached.add(self.last)
        for a, b in itertools.combinations(contenders, 2):
            if a.then != b.then and (a, b) not in self.conflicts:
                self.conflicts[(a, b)] = dict(point)

    def shown(self, a: Rule, b: Rule) -> list[str]:
        reads = self._reads[a.id] | self._reads[b.id]
        return [n for n in self.show_names if n in reads] or self.show_names


def _order(names: Iterable[str]) -> list[str]:
    """Actors in their usual order, then the rest alphabetically."""
    names = set(names)
    return [a for a in ACTORS if a in names] + sorted(names - set(ACTORS))


def _show(point: Point, names: list[str]) -> str:
    parts = []
    for n in names:
        v = point.get(n)
        if v is None:
            shown = "missing" if n in ACTORS else "not given"
        elif isinstance(v, frozenset):
            shown = "[" + ", ".join(sorted(v)) + "]"
        elif isinstance(v, str):
            shown = f"'{v}'"
        elif isinstance(v, float):
            shown = f"{v:g}"
        else:
            shown = str(v)
        parts.append(f"{n}={shown}")
    return ", ".join(parts) if parts else "every input"
