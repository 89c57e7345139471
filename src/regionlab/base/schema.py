"""Structure checks: schemas in, located `Problem`s out.

Every input file (profile, framework, rulebook, catalogue, rule cases) is first
checked against a schema that refuses unknown keys and never coerces types.
The schemas are pydantic-core's, written as the plain dicts they are: the same
validator and error types as pydantic models, without the ~40 ms that importing
`pydantic.BaseModel` and building model classes would add to every `regionlab
assess` (bench/). Validated data come back as plain dicts and lists.

Data that fit the schema are checked here in Python (`_fitted`), which gives what
pydantic-core would; pydantic-core itself is imported only for data this check is
not sure of, to find and word the problems. Importing it costs a start-up about a
sixth of what typer, PyYAML and rich cost (its schema helpers build hundreds of
typed dicts): most runs read only files that are fine (bench/startup.py).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from regionlab.base.yamlio import line_of, load_file
from regionlab.errors import MAX_PROBLEMS, InputError, Problem, too_many

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails, SchemaValidator, ValidationError
    from pydantic_core.core_schema import CoreSchema
else:
    CoreSchema = dict  # a schema is a plain dict at run time (pydantic-core's CoreSchema)

# -- building blocks: the dicts pydantic-core's core_schema helpers give ---------

_REQUIRED = object()

# A schema as the walkers below read it: any CoreSchema (a TypedDict) seen as the
# plain mapping it is, keyed by "type", "schema", "fields", "choices"...
Node = Mapping[str, Any]


def text(**constraints) -> CoreSchema:
    return {"type": "str", "strict": True, **constraints}


def integer(**constraints) -> CoreSchema:
    return {"type": "int", "strict": True, **constraints}


def number(**constraints) -> CoreSchema:
    """An int or a float (bools refused); always comes back as a float.

    Not .nan or .inf: YAML reads them as floats, and a NaN passes every range check."""
    return {"type": "float", "strict": True, "allow_inf_nan": False, **constraints}


def boolean() -> CoreSchema:
    return {"type": "bool", "strict": True}


def one_of(*values: str) -> CoreSchema:
    return {"type": "literal", "expected": list(values)}


def list_of(items: CoreSchema) -> CoreSchema:
    return {"type": "list", "items_schema": items, "strict": True}


def mapping(values: CoreSchema, keys: CoreSchema | None = None) -> CoreSchema:
    return {"type": "dict", "keys_schema": keys or text(), "values_schema": values,
            "strict": True}


def anything() -> CoreSchema:
    return {"type": "any"}


def either(*choices: CoreSchema) -> CoreSchema:
    return {"type": "union", "choices": list(choices)}


def record(required: dict[str, CoreSchema] | None = None,
           optional: dict[str, tuple[CoreSchema, Any]] | None = None) -> CoreSchema:
    """A mapping with known keys only. `optional` maps key -> (schema, default)."""
    fields: dict[str, dict[str, Any]] = {
        name: {"type": "typed-dict-field", "schema": schema}
        for name, schema in (required or {}).items()}
    for name, (schema, default) in (optional or {}).items():
        inner = {"type": "nullable", "schema": schema} if default is None else schema
        given: dict[str, Any] = {"type": "default", "schema": inner}
        if isinstance(default, dict | list) and not default:  # fresh, without a deep copy
            given["default_factory"] = type(default)
        else:
            given["default"] = default
        fields[name] = {"type": "typed-dict-field", "schema": given, "required": False}
    return {"type": "typed-dict", "fields": fields, "strict": True, "extra_behavior": "forbid"}


class Invalid(Exception):
    """Data that do not fit a schema: pydantic-core's error, kept for `some_problems`."""

    def __init__(self, error: ValidationError):
        super().__init__(str(error))
        self.error = error


class Schema:
    """A compiled schema; `check` returns plain data or raises located problems.

    Given a function, the schema is built on first use: a schema that depends on a
    data file (the languages of policy/languages.py) reads it when a file is checked,
    where a problem with it is reported, not when its module is imported."""

    def __init__(self, schema: CoreSchema | Callable[[], CoreSchema]):
        self._schema = schema
        self._validator: SchemaValidator | None = None
        self._refused: Any = None  # pydantic-core's ValidationError, set by for_many

    @property
    def schema(self) -> CoreSchema:
        if callable(self._schema):
            self._schema = self._schema()
        return self._schema

    def check(self, data: Any, node, file: str) -> Any:
        try:
            return self.errors_or_data(data)
        except Invalid as e:
            raise InputError(self.problems(e, node, file)) from None

    def check_file(self, path) -> Any:
        data, node = load_file(path)
        return self.check(data, node, str(path))

    def errors_or_data(self, data: Any) -> Any:
        """The data as checked, or `Invalid` with pydantic-core's error."""
        if self._validator is None:
            try:
                return _fitted(self.schema, data)
            except _Unsure:
                pass
        validator = self.for_many()
        try:
            return validator.validate_python(data)
        except self._refused as e:  # pydantic-core's ValidationError (for_many)
            raise Invalid(e) from None

    def for_many(self) -> SchemaValidator:
        """pydantic-core's validator, built once; from then on it checks every file.
        Importing it is worth it for many files (a batch): it checks a profile in
        about a fifth of the time the Python check takes."""
        if self._validator is None:
            # imported here, not above: `assess` of one file never needs pydantic-core
            from pydantic_core import SchemaValidator, ValidationError

            self._refused = ValidationError  # kept: a batch would import it per file
            self._validator = SchemaValidator(self.schema)
        return self._validator

    def problems(self, error: Invalid, node, file: str) -> list[Problem]:
        """The first MAX_PROBLEMS problems, then one that counts the rest."""
        shown, more = self.some_problems(error, node, file, MAX_PROBLEMS)
        return shown + ([too_many(file, more)] if more else [])

    def some_problems(self, error: Invalid, node, file: str, limit: int
                      ) -> tuple[list[Problem], int]:
        """The first `limit` problems, and how many more there are."""
        out = []
        errors = _at_unions(error.error.errors(include_url=False), self.schema)
        for err in errors[:limit]:
            loc = data_path(self.schema, err["loc"])
            if err["type"] == "invalid_key" and loc:  # the key itself, not its spelling
                loc = (*loc[:-1], err.get("input"))
            code, message = _describe(err, self.schema, loc)
            out.append(Problem(file, line_of(node, loc), field_name(loc), code, message))
        return out, max(len(errors) - limit, 0)


def field_name(loc: tuple) -> str:
    """A dotted field as the file writes it: a null key as `~`, true as `true`."""
    return ".".join("~" if step is None else str(step).lower() if isinstance(step, bool)
                    else str(step) for step in loc)


def data_path(schema: Node, loc: tuple) -> tuple:
    """An error's path in the data: without the member names ("float", "typed-dict",
    "list[str]") that a union adds after its own place. Only steps at a union are
    dropped: a key in the data may well be called "float" or "str"."""
    out: list = []
    current: Node | None = schema
    for step in loc:
        current = _unwrap(current) if current is not None else None
        if current is not None and current.get("type") == "union":
            current = _member(current, step)
            continue
        out.append(step)
        current = _step(current, step) if current is not None else None
    return tuple(out)


# what a choice of a union expects, when the value is not of its kind at all
_EXPECTED = {"float_type": "a number", "float_parsing": "a number", "int_type": "a whole number",
             "int_parsing": "a whole number", "string_type": "text", "bool_type": "true or false",
             "dict_type": "a mapping (key: value lines)", "typed_dict_type":
             "a mapping (key: value lines)", "model_type": "a mapping (key: value lines)",
             "list_type": "a list", "tuple_type": "a list"}


def _at_unions(errors: list[ErrorDetails], schema: Node) -> list[ErrorDetails]:
    """pydantic-core reports a value that fits none of a union's choices once per
    choice. When the value has the kind of a choice (a mapping for a record, text
    for text), only that choice's errors say what is wrong; when it has the kind of
    none, one error names them all: "expected a number or a mapping, got 'abc'"."""
    at: dict[tuple, list[tuple[int, str, bool]]] = {}
    for i, err in enumerate(errors):
        found = _union_step(schema, err["loc"])
        if found:
            place, member, own = found
            at.setdefault(place, []).append((i, member, own and err["type"] in _EXPECTED))
    drop: set[int] = set()
    merged: dict[int, ErrorDetails] = {}
    for items in at.values():
        if len({member for _, member, _ in items}) < 2:
            continue
        fitting = {member for _, member, kind_only in items if not kind_only}
        if fitting:  # the value has these choices' kind: the others say nothing useful
            drop |= {i for i, member, _ in items if member not in fitting}
        else:
            first = errors[items[0][0]]
            expected = list(dict.fromkeys(_EXPECTED[errors[i]["type"]] for i, _, _ in items))
            merged[items[0][0]] = {**first, "type": "union_type", "ctx": {"expected": expected}}
            drop |= {i for i, _, _ in items[1:]}
    return [merged.get(i, err) for i, err in enumerate(errors) if i not in drop]


def _union_step(schema: Node, loc: tuple) -> tuple[tuple, str, bool] | None:
    """Where `loc` passes the first union: its place in the data, the choice, and
    whether the error is at the choice itself (not inside it)."""
    out: list = []
    current: Node | None = schema
    for n, step in enumerate(loc):
        current = _unwrap(current) if current is not None else None
        if current is None:
            return None
        if current.get("type") == "union":
            if step == "[key]":  # a mapping's key that failed, not a choice of its value
                return None
            return tuple(out), str(step), n == len(loc) - 1
        out.append(step)
        current = _step(current, step)
    return None


def _member(union: Node, name) -> Node | None:
    # pydantic-core names a member by its schema type: "float", "list[literal['a']]"
    kind = str(name).split("[", 1)[0]
    for choice in union["choices"]:
        choice = choice[0] if isinstance(choice, tuple) else choice
        if kind in (choice.get("type"), _unwrap(choice).get("type")):
            return choice
    return None


def _describe(err: ErrorDetails, schema: Node, loc: tuple) -> tuple[str, str]:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = fields_at(schema, loc[:-1])
        return "unknown-key", f"unknown key '{loc[-1]}'; {suggest(loc[-1], allowed)}" \
                              f"allowed: {', '.join(allowed)}"
    if kind == "missing":
        return "missing-key", f"required key '{loc[-1]}' is missing"
    if kind == "literal_error":
        options = [o.strip().strip("'") for o in ctx["expected"].replace(" or ", ", ").split(",")]
        return "invalid-value", (f"'{value}' is not allowed; {suggest(value, options)}"
                                 f"allowed: {', '.join(options)}")
    if kind == "union_type":
        return "wrong-type", f"expected {' or '.join(ctx['expected'])}, got {show(value)}"
    if kind == "string_type":
        # a boolean's `show` says to quote it already
        quote = "; quote it" if isinstance(value, int | float) and not isinstance(
            value, bool) else ""
        return "wrong-type", f"expected text, got {show(value)}{quote}"
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
        want = "a whole number" if kind.startswith("int") else "a number"
        return "wrong-type", f"expected {want}, got {show(value)}"
    if kind == "invalid_key":
        quote = "" if isinstance(value, bool) else "; quote it if it is"  # show says it
        return "invalid-key", f"a key must be text, not {show(value)}{quote}"
    if kind == "finite_number":
        return "invalid-value", f"expected a finite number, got {show(value)}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return "out-of-range", f"{show(value)} is out of range: {err['msg'].lower()}"
    if kind in ("dict_type", "model_type", "typed_dict_type"):
        return "wrong-type", f"expected a mapping (key: value lines), got {show(value)}"
    if kind in ("list_type", "tuple_type"):
        return "wrong-type", f"expected a list, got {show(value)}"
    if kind == "bool_type":
        return "wrong-type", f"expected true or false, got {show(value)}"
    if kind in ("string_too_short", "too_short"):
        return "empty-value", "must not be empty"
    if kind == "string_pattern_mismatch":
        return "invalid-value", f"{show(value)} does not match the pattern {ctx.get('pattern')}"
    return kind.replace("_", "-"), f"{err['msg']} (got {show(value)})"


def suggest(name, known: list[str]) -> str:
    import difflib  # only on the error path

    hint = difflib.get_close_matches(str(name), [str(k) for k in known], n=1, cutoff=0.6)
    return f"did you mean '{hint[0]}'? " if hint else ""


def show(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false; quote it)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, datetime.date):  # `year: 2025-01-01`: YAML reads a date
        return f"the date {value.isoformat()} (write the year alone, e.g. {value.year})"
    text_ = stable_repr(value)
    return text_ if len(text_) <= 60 else text_[:57] + "..."


def stable_repr(value: Any, depth: int = 0) -> str:
    """`repr(value)`, with each set's members in one order. A set (`!!set {a, b}`)
    holds text in the order of its hashes, which Python seeds anew in every process:
    the same file would be described differently from one run to the next."""
    if depth > 20:  # deeper than any message shows
        return repr(value)
    if type(value) is set and value:
        return "{" + ", ".join(sorted(stable_repr(v, depth + 1) for v in value)) + "}"
    if type(value) is list:
        return "[" + ", ".join(stable_repr(v, depth + 1) for v in value) + "]"
    if type(value) is dict:
        return "{" + ", ".join(f"{stable_repr(k, depth + 1)}: {stable_repr(v, depth + 1)}"
                               for k, v in value.items()) + "}"
    return repr(value)


def fields_at(schema: Node, loc: tuple) -> list[str]:
    """The keys allowed at `loc` (for 'did you mean' and 'allowed: ...')."""
    current: Node = schema
    for step in loc:
        found = _step(_unwrap(current), step)
        if found is None:
            return []
        current = found
    current = _unwrap(current)
    if current.get("type") == "union":  # an unknown key: the record among the choices
        current = _unwrap(_member(current, "typed-dict") or current)
    return list(current["fields"]) if current.get("type") == "typed-dict" else []


def _unwrap(schema: Node) -> Node:
    while schema.get("type") in ("default", "nullable"):
        schema = schema["schema"]
    return schema


def _step(schema: Node, step) -> Node | None:
    kind = schema.get("type")
    if kind == "typed-dict":
        field = schema["fields"].get(str(step))
        return field["schema"] if field else None
    if kind == "list":
        return schema.get("items_schema")
    if kind == "dict":
        return schema.get("values_schema")
    if kind == "union":  # a key inside a choice: the record among the choices
        member = _member(schema, "typed-dict")
        return _step(_unwrap(member), step) if member else None
    return None


# -- data that fit, checked in Python ---------------------------------------------


class _Unsure(Exception):
    """The data may not fit, or fit in a way `_fitted` does not decide: pydantic-core
    decides (and words what is wrong)."""


# the keys of each kind of schema that _fitted knows; a schema with any other
# (a constraint it does not check) is left to pydantic-core
_KNOWN = {"str": {"type", "strict", "min_length", "max_length", "pattern"},
          "int": {"type", "strict", "ge", "le", "gt", "lt"},
          "float": {"type", "strict", "allow_inf_nan", "ge", "le", "gt", "lt"},
          "bool": {"type", "strict"}, "literal": {"type", "expected"},
          "list": {"type", "items_schema", "strict"},
          "dict": {"type", "keys_schema", "values_schema", "strict"}, "any": {"type"},
          "union": {"type", "choices"}, "nullable": {"type", "schema"},
          "default": {"type", "schema", "default", "default_factory"},
          "typed-dict": {"type", "fields", "strict", "extra_behavior"}}


def _fitted(schema: Node, value: Any) -> Any:
    """`value` as pydantic-core's validator gives it when it fits `schema` (a
    number as a float, a record's keys in the schema's order, defaults filled in),
    or `_Unsure`. Never more lenient than pydantic-core: a type is taken only as
    exactly itself (no subclasses, no bools for numbers), and whatever is not
    plainly fine is left to it (tests/test_schema_fast.py holds the two to the same
    answers)."""
    kind = schema["type"]
    if not _KNOWN.get(kind, set()).issuperset(schema):
        raise _Unsure
    if kind == "typed-dict":
        if type(value) is not dict or schema.get("extra_behavior") != "forbid":
            raise _Unsure
        fields = schema["fields"]
        for key in value:
            if key not in fields or type(key) is not str:
                raise _Unsure
        out = {}
        for name, field in fields.items():
            inner = field["schema"]
            if name in value:
                if inner["type"] == "default":
                    inner = inner["schema"]
                out[name] = _fitted(inner, value[name])
            elif field.get("required", True) or inner["type"] != "default":
                raise _Unsure  # missing
            elif "default_factory" in inner:
                out[name] = inner["default_factory"]()
            elif isinstance(inner["default"], dict | list | set):
                raise _Unsure  # pydantic-core copies it
            else:
                out[name] = inner["default"]
        return out
    if kind == "float":
        if type(value) is not float and type(value) is not int:
            raise _Unsure
        try:
            value = float(value)
        except OverflowError:
            raise _Unsure from None
        if not math.isfinite(value):
            raise _Unsure
        _bounds(schema, value)
        return value
    if kind == "str":
        if type(value) is not str:
            raise _Unsure
        if len(value) < schema.get("min_length", 0) or len(value) > schema.get(
                "max_length", len(value)):
            raise _Unsure
        pattern = schema.get("pattern")
        # ASCII on one line: where Python's and Rust's regular expressions agree
        if pattern is not None and not (value.isascii() and "\n" not in value
                                        and _search(pattern, value)):
            raise _Unsure
        return value
    if kind == "int":
        if type(value) is not int:
            raise _Unsure
        _bounds(schema, value)
        return value
    if kind == "bool":
        if type(value) is not bool:
            raise _Unsure
        return value
    if kind == "literal":
        if type(value) is not str or value not in schema["expected"] or not all(
                type(e) is str for e in schema["expected"]):
            raise _Unsure
        return value
    if kind == "list":
        if type(value) is not list:
            raise _Unsure
        items = schema["items_schema"]
        return [_fitted(items, v) for v in value]
    if kind == "dict":
        if type(value) is not dict:
            raise _Unsure
        keys, values = schema["keys_schema"], schema["values_schema"]
        return {_fitted(keys, k): _fitted(values, v) for k, v in value.items()}
    if kind == "any":
        return value
    if kind == "nullable":
        return None if value is None else _fitted(schema["schema"], value)
    if kind == "union":  # taken only when exactly one choice fits
        found = []
        for choice in schema["choices"]:
            if isinstance(choice, tuple):
                raise _Unsure
            try:
                found.append(_fitted(choice, value))
            except _Unsure:
                continue
        if len(found) != 1:
            raise _Unsure
        return found[0]
    raise _Unsure  # "default" outside a record


def _bounds(schema: Node, value: float) -> None:
    if ("ge" in schema and not value >= schema["ge"]) or (
            "le" in schema and not value <= schema["le"]) or (
            "gt" in schema and not value > schema["gt"]) or (
            "lt" in schema and not value < schema["lt"]):
        raise _Unsure


_PATTERNS: dict[str, re.Pattern] = {}


def _search(pattern: str, value: str) -> bool:
    compiled = _PATTERNS.get(pattern)
    if compiled is None:
        compiled = _PATTERNS[pattern] = re.compile(pattern)
    return compiled.search(value) is not None
