"""Structure checks: pydantic models in, located `Problem`s out.

Every input file (profile, framework, rulebook, catalogue, rule cases) is first
checked against a pydantic model with ``extra="forbid"``; this module turns
pydantic's errors into problems with the file, the line, the field path, a
stable code and a message that says what is allowed.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from regionlab.errors import InputError, Problem
from regionlab.yamlio import line_of

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Base of all input models: unknown keys refused, no silent type coercion."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def validate(model: type[M], data: Any, node: yaml.Node, file: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise InputError(problems_from(e, model, node, file)) from None


def problems_from(error: ValidationError, model: type[BaseModel], node, file: str) -> list[Problem]:
    problems = []
    for err in error.errors(include_url=False):
        loc = tuple(_clean_loc(err["loc"]))
        field = ".".join(str(p) for p in loc)
        code, message = _describe(err, model, loc)
        problems.append(Problem(file, line_of(node, loc), field, code, message))
    return problems


def _clean_loc(loc):
    # pydantic adds the member's type name to the path of union members
    for step in loc:
        if isinstance(step, str) and ("[" in step or step in _TYPE_STEPS):
            continue
        yield step


_TYPE_STEPS = {"str", "int", "float", "bool", "list", "dict", "function-after", "function-plain"}


def _describe(err: dict, model: type[BaseModel], loc: tuple) -> tuple[str, str]:
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        allowed = fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        extra = f"did you mean '{hint[0]}'? " if hint else ""
        return "unknown-key", f"unknown key '{loc[-1]}'; {extra}allowed: {', '.join(allowed)}"
    if kind == "missing":
        return "missing-key", f"required key '{loc[-1]}' is missing"
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        hint = difflib.get_close_matches(str(value), options, n=1)
        extra = f"; did you mean '{hint[0]}'?" if hint else ""
        return "invalid-value", f"'{value}' is not allowed{extra} (allowed: {', '.join(options)})"
    if kind == "string_type":
        quote = "; quote it" if isinstance(value, int | float | bool) else ""
        return "wrong-type", f"expected text, got {_show(value)}{quote}"
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
        want = "a whole number" if kind.startswith("int") else "a number"
        return "wrong-type", f"expected {want}, got {_show(value)}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return "out-of-range", f"{_show(value)} is out of range: {err['msg'].lower()}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "wrong-type", f"expected a mapping (key: value lines), got {_show(value)}"
    if kind in ("list_type", "tuple_type", "set_type", "frozen_set_type"):
        return "wrong-type", f"expected a list, got {_show(value)}"
    if kind == "bool_type":
        return "wrong-type", f"expected true or false, got {_show(value)}"
    if kind in ("value_error", "assertion_error"):
        return err.get("ctx", {}).get("code", "invalid-value"), str(err["msg"]).removeprefix(
            "Value error, "
        )
    return kind.replace("_", "-"), f"{err['msg']} (got {_show(value)})"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false; quote it)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed at `loc` inside `model` (for 'did you mean')."""
    current: Any = model
    for step in loc:
        current = _step_into(_strip_optional(current), step)
        if current is None:
            return []
    current = _strip_optional(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _step_into(annotation: Any, step) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(step))
        return field.annotation if field else None
    origin = getattr(annotation, "__origin__", None)
    args = getattr(annotation, "__args__", ())
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _strip_optional(annotation: Any) -> Any:
    """X | None -> X (the first member that is a model or a container)."""
    args = getattr(annotation, "__args__", None)
    if args and getattr(annotation, "__origin__", None) not in (list, tuple, dict):
        for member in args:
            if member is not type(None):
                return member
    return annotation
