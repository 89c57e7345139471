"""The rule condition language: a small, checked subset of Python expressions.

Conditions such as ``residents < low and municipality >= low`` are parsed once
with `ast`, checked against a symbol table (names, types, allowed text values)
and compiled into nested closures.  Nothing is ever handed to `eval`, so a
rulebook from an analyst cannot run code; anything outside the grammar below is
a compile error with its column.

Grammar: numbers, 'text', true/false; names; ``and or not``; comparisons
``< <= > >= == !=`` (chains allowed); ``in`` / ``not in`` against a list literal
or a set-valued name; ``+ - * /``; functions ``min max mean abs count known``.
"""

from __future__ import annotations

import ast
import operator
import warnings
from collections.abc import Callable
from typing import Any, NamedTuple, NoReturn, TypeGuard, cast

from regionlab.base.schema import suggest

NUMBER, TEXT, BOOL, TEXT_SET = "number", "text", "true/false", "set of text"


class Symbol(NamedTuple):
    name: str
    type: str
    allowed: frozenset[str] | None = None  # for text and sets of text
    kind: str = "value"  # value | threshold | definition | outcome


class ExprError(Exception):
    def __init__(self, message: str, col: int | None = None):
        super().__init__(message)
        self.col = col


class Missing(Exception):
    """A name the condition reads has no value for this region."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


# One entry of a trace for each comparison made: (its text, left value, operator, right
# value, result).
Comparison = tuple[str, Any, str, Any, bool]
Trace = list[Comparison]

Env = dict[str, Any]  # a region's values by name: numbers, texts, sets of texts
Fn = Callable[[Env, Trace | None], object]
# the same, once the checker has found its type a number or a set of texts
NumberFn = Callable[[Env, Trace | None], float]
SetFn = Callable[[Env, Trace | None], frozenset[str]]


class Compiled(NamedTuple):
    source: str
    type: str
    names: frozenset[str]
    fn: Fn
    # (left, right) names an ordering comparison sets against each other directly,
    # e.g. ("residents", "low"): what a diff reports as a threshold crossed
    pairs: frozenset[tuple[str, str]] = frozenset()
    # True when every comparison sets two names against each other (none against a
    # literal, no membership test): the condition then depends only on `pairs`
    direct: bool = False
    # (name, values): the condition is false (or undecided) unless the name's value is
    # one of these; from its parts joined by `and` that test one name, such as
    # `domain == 'social'`, `stage in ['scaling', 'systemic']` or a definition that is
    # true or false (values: {True}). See `guards`.
    guards: tuple[tuple[str, frozenset[object]], ...] = ()
    # the condition is its guards and nothing else: true wherever they all hold
    only_guards: bool = False

    def __call__(self, env: Env, trace: Trace | None = None) -> object:
        return self.fn(env, trace)


# The operands are two numbers or two texts: the checker has matched their types
# (visit_Compare), which Python's types cannot say of values read from an Env.
_COMPARE: dict[type[ast.cmpop], tuple[str, Callable[[Any, Any], bool]]] = {
    ast.Lt: ("<", operator.lt),
    ast.LtE: ("<=", operator.le),
    ast.Gt: (">", operator.gt),
    ast.GtE: (">=", operator.ge),
    ast.Eq: ("==", operator.eq),
    ast.NotEq: ("!=", operator.ne),
}
_ARITH = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}
_LISTS = (ast.List, ast.Tuple, ast.Set)
_ListNode = ast.List | ast.Tuple | ast.Set
FUNCTIONS = ("abs", "count", "known", "max", "mean", "min")
_BOOL_NAMES = ("true", "True", "false", "False")
MAX_DEPTH = 50  # nesting of a condition; far beyond any real rule, well within Python's stack


def compile_expr(source: str, symbols: dict[str, Symbol]) -> Compiled:
    text = source.strip()
    if not text:
        raise ExprError("the condition is empty")
    try:
        with warnings.catch_warnings():  # Python's "<unknown>:1: SyntaxWarning" is noise here
            warnings.simplefilter("ignore")
            tree = ast.parse(text, mode="eval")
    except SyntaxError as e:
        col = e.offset if e.offset != 0 else len(text.rsplit("\n", 1)[-1]) + 1  # 0: at the end
        raise ExprError(f"syntax error: {e.msg}", col) from None
    except (RecursionError, MemoryError):  # the parser's own stack
        raise ExprError("the condition is nested too deeply") from None
    checker = _Compiler(text, symbols)
    fn, typ = checker.visit(tree.body)
    found, only = guards(tree.body, symbols) if typ == BOOL else ((), False)
    return Compiled(text, typ, frozenset(checker.names), fn, frozenset(checker.pairs),
                    checker.direct, found, only)


def guards(node: ast.expr, symbols: dict[str, Symbol]
           ) -> tuple[tuple[tuple[str, frozenset[object]], ...], bool]:
    """The guards of a checked condition (see `Compiled.guards`), and whether it is
    nothing but them.

    A part joined by `and` that is false makes the whole false, and one that cannot be
    decided (its name has no value) leaves the whole undecided or false: so wherever
    a guard's name has no value in the guard's set, the condition is not true,
    whatever its other parts say. Only tests whose truth is plain membership are
    guards: a name of text set equal to a text or in a list of texts (texts are equal
    exactly when they hash alike, so a set tells it), and a name whose value is true
    or false on its own (a definition such as economic_crisis)."""
    parts = node.values if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And) \
        else [node]
    found = []
    for part in parts:
        guard = _guard(part, symbols)
        if guard is not None:
            found.append(guard)
    return tuple(found), len(found) == len(parts)


def _guard(node: ast.expr, symbols: dict[str, Symbol]) -> tuple[str, frozenset[object]] | None:
    def read(n: ast.expr, typ: str) -> str | None:  # a name read from the values, of `typ`
        if isinstance(n, ast.Name) and n.id not in _BOOL_NAMES:
            sym = symbols.get(n.id)
            if sym is not None and sym.type == typ:
                return n.id
        return None

    def texts(n: ast.expr) -> frozenset[object] | None:
        values = n.elts if isinstance(n, _LISTS) else [n]
        if values and all(isinstance(v, ast.Constant) and isinstance(v.value, str)
                          for v in values):
            return frozenset(cast(ast.Constant, v).value for v in values)
        return None

    if isinstance(node, ast.Name):
        name = read(node, BOOL)
        return None if name is None else (name, frozenset((True,)))
    if not isinstance(node, ast.Compare) or len(node.ops) != 1:
        return None
    left, op, right = node.left, node.ops[0], node.comparators[0]
    if isinstance(op, ast.Eq) and not isinstance(right, _LISTS):
        for name_node, value_node in ((left, right), (right, left)):
            name, values = read(name_node, TEXT), texts(value_node)
            if name is not None and values is not None:
                return name, values
    if isinstance(op, ast.In) and isinstance(right, _LISTS):
        name, values = read(left, TEXT), texts(right)
        if name is not None and values is not None:
            return name, values
    return None


class _Compiler:
    def __init__(self, source: str, symbols: dict[str, Symbol]):
        self.source = source
        self.symbols = symbols
        self.names: set[str] = set()
        self.pairs: set[tuple[str, str]] = set()
        self.direct = True  # until a comparison with something other than two names
        self.ascii = source.isascii()  # ast's col_offset counts UTF-8 bytes, not characters
        self.depth = 0

    def fail(self, node: ast.expr, message: str) -> NoReturn:
        raise ExprError(message, self.column(node))

    def column(self, node: ast.expr) -> int:
        offset = getattr(node, "col_offset", -1)
        if self.ascii or offset < 0:
            return offset + 1
        line = self.source.replace("\r\n", "\n").replace("\r", "\n").split("\n")[node.lineno - 1]
        return len(line.encode()[:offset].decode(errors="replace")) + 1

    def text(self, node: ast.expr) -> str:
        if self.ascii and node.lineno == node.end_lineno == 1:  # the usual case, cheaply
            return self.source[node.col_offset:node.end_col_offset]
        return ast.get_source_segment(self.source, node) or "?"

    def visit(self, node: ast.expr) -> tuple[Fn, str]:
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            self.fail(node, f"'{self.text(node)}' is not allowed in a condition")
        self.depth += 1
        if self.depth > MAX_DEPTH:  # evaluation recurses as deep: keep it far from the limit
            self.fail(node, f"the condition is nested too deeply (more than {MAX_DEPTH} levels)")
        try:
            visited: tuple[Fn, str] = method(node)
            return visited
        finally:
            self.depth -= 1

    def expect(self, node: ast.expr, typ: str) -> Fn:
        fn, got = self.visit(node)
        if got != typ:
            self.fail(node, f"'{self.text(node)}' is {got}; {typ} expected here")
        return fn

    def number(self, node: ast.expr) -> NumberFn:
        return cast(NumberFn, self.expect(node, NUMBER))  # at compile time, not per evaluation

    def text_set(self, node: ast.expr) -> SetFn:
        return cast(SetFn, self.expect(node, TEXT_SET))

    # -- leaves
    def visit_Constant(self, node: ast.Constant) -> tuple[Fn, str]:
        v = node.value
        if isinstance(v, bool):
            return (lambda env, tr: v), BOOL
        if isinstance(v, int | float):
            return (lambda env, tr: v), NUMBER
        if isinstance(v, str):
            return (lambda env, tr: v), TEXT
        self.fail(node, f"the value {v!r} is not allowed")

    def visit_Name(self, node: ast.Name) -> tuple[Fn, str]:
        name = node.id
        if name in _BOOL_NAMES[:2]:
            return (lambda env, tr: True), BOOL
        if name in _BOOL_NAMES[2:]:
            return (lambda env, tr: False), BOOL
        sym = self.symbols.get(name)
        if sym is None:
            self.fail(node, f"unknown name '{name}'; {suggest(name, list(self.symbols))}"
                            f"see the list of names in docs/rules.md")
        self.names.add(name)

        def read(env: Env, tr: Trace | None) -> object:
            value = env.get(name)
            if value is None:
                raise Missing(name)
            return value

        return read, sym.type

    # -- logic
    def visit_BoolOp(self, node: ast.BoolOp) -> tuple[Fn, str]:
        parts = [self.expect(v, BOOL) for v in node.values]
        if len(parts) == 2:  # the usual case, without a generator per evaluation
            first, second = parts
            if isinstance(node.op, ast.And):
                return (lambda env, tr: first(env, tr) and second(env, tr)), BOOL
            return (lambda env, tr: first(env, tr) or second(env, tr)), BOOL
        if isinstance(node.op, ast.And):
            return (lambda env, tr: all(p(env, tr) for p in parts)), BOOL
        return (lambda env, tr: any(p(env, tr) for p in parts)), BOOL

    def visit_UnaryOp(self, node: ast.UnaryOp) -> tuple[Fn, str]:
        if isinstance(node.op, ast.Not):
            inner = self.expect(node.operand, BOOL)
            return (lambda env, tr: not inner(env, tr)), BOOL
        if isinstance(node.op, ast.USub):
            number = self.number(node.operand)
            return (lambda env, tr: -number(env, tr)), NUMBER
        self.fail(node, f"the operator in '{self.text(node)}' is not allowed")

    def visit_BinOp(self, node: ast.BinOp) -> tuple[Fn, str]:
        left = self.expect(node.left, NUMBER)
        right = self.expect(node.right, NUMBER)
        text = self.text(node)
        if isinstance(node.op, ast.Div):
            divisor = self.text(node.right)

            def div(env: Env, tr: Trace | None) -> object:
                r = right(env, tr)
                if r == 0:
                    raise Missing(divisor)  # undefined, like a missing value
                return _finite(text, operator.truediv, left(env, tr), r)
            return div, NUMBER
        op = _ARITH.get(type(node.op))
        if op is None:
            self.fail(node, f"the operator in '{text}' is not allowed; use + - * /")
        return (lambda env, tr: _finite(text, op, left(env, tr), right(env, tr))), NUMBER

    # -- comparisons
    def visit_Compare(self, node: ast.Compare) -> tuple[Fn, str]:
        nodes = [node.left, *node.comparators]
        # list literals are only meaningful as the right side of `in`; not visited
        operands = [None if isinstance(n, _LISTS) else self.visit(n) for n in nodes]
        if operands[0] is None:
            self.fail(node.left, "a list [...] can only stand after 'in'")
        steps = [
            self._comparison(nodes[i], operands[i], op, nodes[i + 1], operands[i + 1])
            for i, op in enumerate(node.ops)
        ]
        if len(steps) == 1:
            return steps[0], BOOL
        return (lambda env, tr: all(step(env, tr) for step in steps)), BOOL

    def _comparison(self, left_node: ast.expr, left: tuple[Fn, str] | None, op: ast.cmpop,
                    right_node: ast.expr, right: tuple[Fn, str] | None) -> Fn:
        if left is None:
            self.fail(left_node, "a list [...] can only stand after 'in'")
        left_fn, left_t = left
        if isinstance(op, ast.In | ast.NotIn):
            return self._membership(left_node, left_fn, left_t, op, right_node, right)
        found = _COMPARE.get(type(op))
        if found is None:
            self.fail(right_node, "this comparison is not allowed; use < <= > >= == != in")
        symbol, fn_op = found
        if right is None:
            self.fail(right_node, f"a list [...] can only stand after 'in', not '{symbol}'")
        right_fn, right_t = right
        if isinstance(left_node, ast.Name) and isinstance(right_node, ast.Name):
            self.pairs.add((left_node.id, right_node.id))
        else:
            self.direct = False
        if symbol in ("<", "<=", ">", ">=") and left_t != NUMBER:
            self.fail(left_node,
                      f"'{self.text(left_node)}' is {left_t}; '{symbol}' compares numbers")
        if left_t != right_t:
            self.fail(right_node, f"cannot compare {left_t} '{self.text(left_node)}' "
                                  f"with {right_t} '{self.text(right_node)}'")
        if left_t == TEXT:
            self._check_text(left_node, right_node)
            self._check_text(right_node, left_node)
        text = f"{self.text(left_node)} {symbol} {self.text(right_node)}"
        if self._is_read(left_node) and (self._is_read(right_node)
                                         or isinstance(right_node, ast.Constant)):
            # `residents < low` and `domain == 'overlap'`, the commonest tests by far:
            # names read here rather than through a call each (visit_Name's `read`),
            # a value as written (visit_Constant gives it as it is)
            left_name = left_node.id
            right_name = right_node.id if isinstance(right_node, ast.Name) else None
            value = right_node.value if isinstance(right_node, ast.Constant) else None

            def compare_inline(env: Env, tr: Trace | None) -> bool:
                a = env.get(left_name)
                if a is None:
                    raise Missing(left_name)
                b = value
                if right_name is not None:
                    b = env.get(right_name)
                    if b is None:
                        raise Missing(right_name)
                result = fn_op(a, b)
                if tr is not None:
                    tr.append((text, a, symbol, b, result))
                return result

            return compare_inline

        if isinstance(right_node, ast.Constant):  # `count(missing_actors) > 0`
            constant = right_node.value

            def compare_constant(env: Env, tr: Trace | None) -> bool:
                a = left_fn(env, tr)
                result = fn_op(a, constant)
                if tr is not None:
                    tr.append((text, a, symbol, constant, result))
                return result

            return compare_constant

        def compare(env: Env, tr: Trace | None) -> bool:
            a = left_fn(env, tr)
            b = right_fn(env, tr)
            result = fn_op(a, b)
            if tr is not None:
                tr.append((text, a, symbol, b, result))
            return result

        return compare

    def _is_read(self, node: ast.expr) -> TypeGuard[ast.Name]:
        """A name visit_Name turned into a read of the values (not true/false)."""
        return (isinstance(node, ast.Name) and node.id not in _BOOL_NAMES
                and node.id in self.symbols)

    def _membership(self, left_node: ast.expr, left_fn: Fn, left_t: str, op: ast.cmpop,
                    right_node: ast.expr, right: tuple[Fn, str] | None) -> Fn:
        negate = isinstance(op, ast.NotIn)
        self.direct = False
        symbol = "not in" if negate else "in"
        text = f"{self.text(left_node)} {symbol} {self.text(right_node)}"
        if right is None:
            # a list literal: visit_Compare leaves only those unvisited
            pool = self._literal_pool(left_node, left_t, cast(_ListNode, right_node))

            def member(env: Env, tr: Trace | None) -> bool:
                a = left_fn(env, tr)
                result = (a in pool) != negate
                if tr is not None:
                    tr.append((text, a, symbol, sorted(pool), result))
                return result

            return member
        right_fn, right_t = right
        members = cast(SetFn, right_fn)  # a set of texts, checked below
        if right_t != TEXT_SET:
            self.fail(right_node, f"'{self.text(right_node)}' is {right_t}; "
                                  "'in' needs a list [...] or a set such as designations")
        if left_t != TEXT:
            self.fail(left_node, f"'{self.text(left_node)}' is {left_t}; text expected")
        self._check_text(left_node, right_node)
        if isinstance(left_node, ast.Constant) and self._is_read(right_node):
            # `'industrial_crisis' in designations`: the set read here, the text as written
            value, name = left_node.value, right_node.id

            def member_inline(env: Env, tr: Trace | None) -> bool:
                pool = env.get(name)
                if pool is None:
                    raise Missing(name)
                result = (value in pool) != negate
                if tr is not None:
                    tr.append((text, value, symbol, sorted(pool), result))
                return result

            return member_inline

        def member_of_set(env: Env, tr: Trace | None) -> bool:
            a = left_fn(env, tr)
            pool = members(env, tr)
            result = (a in pool) != negate
            if tr is not None:
                tr.append((text, a, symbol, sorted(pool), result))
            return result

        return member_of_set

    def _literal_pool(self, left_node: ast.expr, left_t: str, list_node: _ListNode
                      ) -> frozenset[str | int | float]:
        if left_t not in (TEXT, NUMBER):
            self.fail(left_node, f"'{self.text(left_node)}' is {left_t}; "
                                 "'in [...]' needs text or a number")
        values = []
        for elt in list_node.elts:
            if (not isinstance(elt, ast.Constant) or isinstance(elt.value, bool)
                    or not isinstance(elt.value, str | int | float)):
                self.fail(elt, "a list in a condition holds plain values only")
            elt_t = TEXT if isinstance(elt.value, str) else NUMBER
            if elt_t != left_t:
                self.fail(elt, f"'{self.text(elt)}' is {elt_t}; {left_t} expected")
            if elt_t == TEXT:
                self._check_text(elt, left_node)
            values.append(elt.value)
        return frozenset(values)

    def _check_text(self, literal_node: ast.expr, other_node: ast.expr) -> None:
        """A text literal compared with a name must be one of the name's values."""
        if not (isinstance(literal_node, ast.Constant) and isinstance(literal_node.value, str)
                and isinstance(other_node, ast.Name)):
            return
        sym = self.symbols.get(other_node.id)
        if sym is None or sym.allowed is None or literal_node.value in sym.allowed:
            return
        self.fail(literal_node, f"'{literal_node.value}' is never a value of {sym.name}; "
                                f"{suggest(literal_node.value, sorted(sym.allowed))}"
                                f"allowed: {', '.join(sorted(sym.allowed))}")

    # -- functions
    def visit_Call(self, node: ast.Call) -> tuple[Fn, str]:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            self.fail(node, f"unknown function '{self.text(node.func)}'; "
                            f"allowed: {', '.join(FUNCTIONS)}")
        if node.keywords:
            self.fail(node, "functions take no keyword arguments")
        name = node.func.id
        if name == "known":
            return self._known(node)
        if name == "count":
            if len(node.args) != 1:
                self.fail(node, "count() takes one set, e.g. count(designations)")
            members = self.text_set(node.args[0])
            if self._is_read(node.args[0]):  # count(missing_actors): the set read here
                name = node.args[0].id

                def count_inline(env: Env, tr: Trace | None) -> int:
                    found = env.get(name)
                    if found is None:
                        raise Missing(name)
                    return len(found)

                return count_inline, NUMBER
            return (lambda env, tr: len(members(env, tr))), NUMBER
        args = [self.number(a) for a in node.args]
        if not args or (name == "abs" and len(args) != 1):
            self.fail(node, f"{name}() needs {'one number' if name == 'abs' else 'numbers'}")
        if name == "abs":
            return (lambda env, tr: abs(args[0](env, tr))), NUMBER
        values = self._arguments(node.args, args)
        if name == "mean":
            text = self.text(node)
            return (lambda env, tr: _finite(text, _mean, values(env, tr))), NUMBER
        agg = min if name == "min" else max
        return (lambda env, tr: agg(values(env, tr))), NUMBER

    def _arguments(self, nodes: list[ast.expr], args: list[NumberFn]
                   ) -> Callable[[Env, Trace | None], list[float]]:
        """The values of a function's arguments, in order; the first that has none is
        Missing. `mean(municipality, residents, ...)`, the usual case, reads names
        only: read all at once rather than through a call each."""
        if not all(self._is_read(n) for n in nodes):
            return lambda env, tr: [a(env, tr) for a in args]
        names = tuple(cast(ast.Name, n).id for n in nodes)

        def read_all(env: Env, tr: Trace | None) -> list[float]:
            found: list[Any] = list(map(env.get, names))
            if None in found:
                raise Missing(names[found.index(None)])
            return found

        return read_all

    def _known(self, node: ast.Call) -> tuple[Fn, str]:
        if len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
            self.fail(node, "known() takes one name, e.g. known(fiscal_self_reliance_pct)")
        inner, _ = self.visit(node.args[0])

        def known(env: Env, tr: Trace | None) -> bool:
            try:
                inner(env, tr)
            except Missing:
                return False
            return True

        return known, BOOL


def _finite(text: str, op: Callable[..., float], *values: Any) -> float:
    """`op(*values)`; a result too large for a float (huge whole numbers) is undefined too."""
    try:
        return op(*values)
    except OverflowError:
        raise Missing(text) from None


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)
