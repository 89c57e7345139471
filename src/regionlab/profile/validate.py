"""Load and validate one region profile: structure (models.py) and meaning
(names checked against the indicator framework), every problem at once."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from regionlab.base import yamlio
from regionlab.base.schema import Invalid, stable_repr, suggest
from regionlab.errors import MAX_PROBLEMS, InputError, Problem, too_many
from regionlab.policy.framework import Framework, Indicator
from regionlab.profile.codes import code_problems
from regionlab.profile.models import ACTORS, FORMAT, PROFILE, Profile

if TYPE_CHECKING:  # PyYAML is imported on a run's first parse (base/yamlio.py)
    from yaml import Node

Where = tuple[Any, ...]  # a path in the profile: keys and list positions
Message = str | Callable[[], str]  # words, or what words them when they are shown
Pending = tuple[str, "Node | None", Where, str, Message]  # a problem found, not yet worded
Report = Callable[[Where, str, Message], None]  # notes a problem found (see _meaning)


def load_profile(path: Path, framework: Framework) -> Profile:
    """One profile file, checked. The garbage collector is left alone here (a library
    does not switch it for its callers): the commands that read many or hostile files
    pause it themselves (base/gc_pause.py)."""
    data, node = yamlio.load_file(path)
    return check_profile(data, node, str(path), framework)


def check_profile(data: Any, node: Node | None, file: str, framework: Framework) -> Profile:
    if not isinstance(data, dict):
        raise InputError([Problem(file, yamlio.line_of(node, ()), "", "not-a-mapping",
                                  f"a profile is a mapping of keys (format, region, year, "
                                  f"actors, ...), not {_kind(data)}")])
    data = _nothing_is_none(data)
    found = _meaning(data, file, framework, node)
    problems = [_made(p) for p in found[:MAX_PROBLEMS]]
    more = max(len(found) - MAX_PROBLEMS, 0)  # counted, never worded nor located
    try:
        checked = PROFILE.errors_or_data(data)
    except Invalid as e:
        shown, hidden = PROFILE.some_problems(e, node, file, MAX_PROBLEMS - len(problems))
        problems += shown
        more += hidden
    if more:
        problems.append(too_many(file, more))
    if problems:
        raise InputError(problems)
    return Profile.from_data(checked)


# Keys whose empty value (`initiatives:` with nothing after it) means "none", as
# `rating:` left empty means "not rated": a list or mapping with nothing in it.
_NONE_MEANS_EMPTY = {"context": dict, "initiatives": list, "sources": list}


def _nothing_is_none(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with each empty list or mapping given as nothing made empty: a copy where
    there is one (the caller's data are left as they are), else `data` itself, as
    nearly every file of a batch has none."""
    out = data
    for key, kind in _NONE_MEANS_EMPTY.items():
        if key in data and data[key] is None:
            out = out if out is not data else {**data}
            out[key] = kind()
    context = out.get("context")
    if isinstance(context, dict) and "designations" in context \
            and context["designations"] is None:
        out = out if out is not data else {**data}
        out["context"] = {**context, "designations": []}
    actors = out.get("actors")
    if isinstance(actors, dict):
        for entry in actors.values():
            if entry is None or _no_empty_indicators(entry) is not entry:
                out = out if out is not data else {**data}
                out["actors"] = {a: {} if entry is None else _no_empty_indicators(entry)
                                 for a, entry in actors.items()}
                break
    return out


def _no_empty_indicators(entry: object) -> object:
    """The actor's entry, or a copy with `indicators:` given as nothing made empty."""
    if isinstance(entry, dict) and "indicators" in entry and entry["indicators"] is None:
        return {**entry, "indicators": {}}
    return entry


def _kind(data: Any) -> str:
    return "a list" if isinstance(data, list) else f"a single value ({stable_repr(data):.40})"


def _made(pending: Pending) -> Problem:
    """A problem `_meaning` found, located and worded (a message may be a function:
    words cost time, and past MAX_PROBLEMS they are never read)."""
    file, node, path, code, message = pending
    return Problem(file, yamlio.line_of(node, path), ".".join(map(str, path)), code,
                   message() if callable(message) else message)


def _meaning(data: dict[str, Any], file: str, fw: Framework, node: Node | None
             ) -> list[Pending]:
    """Every problem of meaning, in the order of the file's parts, unworded. The checks
    note each in one list (`problem`) rather than yield it: they run for every profile
    of a batch and find nothing wrong with nearly all of them, and a generator for
    each part cost more than the checks of a valid file."""
    found: list[Pending] = []

    def problem(path: Where, code: str, message: Message) -> None:
        found.append((file, node, path, code, message))  # made a Problem by `_made`, if shown

    fmt = data.get("format")
    if isinstance(fmt, str) and fmt != FORMAT:
        problem(("format",), "unsupported-format",
                f"'{fmt}' is not a format this regionlab reads; use '{FORMAT}'")
    region, year = data.get("region"), data.get("year")
    if isinstance(region, dict) and region.get("country", "KR") == "KR" \
            and isinstance(region.get("code"), str) and _is_year(year):
        for field, code, message in code_problems(region["code"], region.get("name"),
                                                  region.get("name_local"), year):
            problem(tuple(field.split(".")), code, message)
    context = data.get("context")
    if isinstance(context, dict):
        _context(context, fw, problem)
    actors = data.get("actors")
    if isinstance(actors, dict):
        for actor in ACTORS:
            entry = actors.get(actor)
            if not isinstance(entry, dict):
                continue
            indicators = entry.get("indicators")
            if indicators and isinstance(indicators, dict):  # none given: nothing to check
                _indicators(actor, indicators, fw, problem, data.get("year"))
            if entry.get("rating_spread") is not None or entry.get("raters") is not None:
                _panel(actor, entry, fw, problem)  # a panel's rating
    return found


def _context(context: dict[Any, Any], fw: Framework, problem: Report) -> None:
    figures = fw.context
    for name, value in context.items():
        if not isinstance(name, str):
            continue  # a key such as 2019 or null: the schema says it must be text
        if name == "designations":
            _designations(value, fw, problem)
            continue
        figure = figures.get(name)
        # the common case, checked first (as _is_number, without a call for each figure)
        if figure is not None and isinstance(value, _NUMBER) and value.__class__ is not bool \
                and math.isfinite(value) and figure.min <= value \
                and (figure.max is None or value <= figure.max):
            continue
        path = ("context", name)
        if figure is None:
            problem(path, "unknown-context", partial(
                _unknown, name, [*fw.context, "designations"], "context figure"))
        elif not _is_number(value):
            problem(path, "wrong-type", f"expected a number, got {stable_repr(value):.40}")
        elif not math.isfinite(value):  # .nan would pass the range check below
            problem(path, "invalid-value", f"expected a finite number, got {value}")
        else:  # out of range (a value within it is passed over above)
            limits = (f"at least {figure.min}" if figure.max is None
                      else f"between {figure.min} and {figure.max}")
            problem(path, "out-of-range", f"{value} is out of range: {limits} ({figure.unit})")
    _derived(context, fw, problem)


def _is_year(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, _NUMBER) and not isinstance(value, bool)


_NUMBER = (int, float)  # a tuple: `int | float` would make a union object at every call


def _derived(context: dict[Any, Any], fw: Framework, problem: Report) -> None:
    """A derived figure given by hand must agree with the one computed from its parts."""
    for name, parts in fw.derived(_derived_figures):
        given = context.get(name)
        if not _is_number(given):  # a wrong type is reported by _context
            continue
        values = [context.get(p) for p in parts]
        if all(_is_number(v) for v in values) and values[1]:
            computed = values[0] / values[1]
            if abs(computed - given) > 0.005:
                problem(("context", name), "conflicting-figure",
                        f"{given} disagrees with {parts[0]} / {parts[1]} = {computed:.3f}; "
                        f"remove it (it is computed) or correct the parts")


def _derived_figures(fw: Framework) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(figure, its parts) of each context figure worked out from two others, in the
    framework's order (kept with the framework: asked for every profile)."""
    return tuple((name, figure.derived_from) for name, figure in fw.context.items()
                 if figure.derived_from)


def _designations(value: object, fw: Framework, problem: Report) -> None:
    if not isinstance(value, list):
        problem(("context", "designations"), "wrong-type",
                "expected a list such as [industrial_crisis], got "
                f"{stable_repr(value):.40}")
        return
    for i, item in enumerate(value):
        if not isinstance(item, str) or item not in fw.designations:  # [a] is unhashable
            problem(("context", "designations", i), "unknown-designation",
                    partial(_unknown, item, list(fw.designations), "designation"))


def _indicators(actor: str, indicators: dict[Any, Any], fw: Framework, problem: Report,
                year: object) -> None:
    known = fw.indicators[actor]
    for name, given in indicators.items():
        if not isinstance(name, str):
            continue  # a key that is not text: the schema says so
        ind = known.get(name)
        if ind is not None:
            _figure(actor, name, given, ind, year, problem)
            continue
        path = ("actors", actor, "indicators", name)
        owner = next((a for a in ACTORS if fw.indicator(a, name)), None)
        if owner:
            msg = f"'{name}' is an indicator of {owner}, not of {actor}"
            problem(path, "unknown-indicator", msg)
        else:
            problem(path, "unknown-indicator", partial(
                _unknown, name, list(fw.indicators[actor]), f"indicator of {actor}"))


def _figure(actor: str, name: str, given: object, ind: Indicator, year: object,
            problem: Report) -> None:
    """The value within the indicator's valid range; its year within the vintage rule."""
    value, vintage = (given.get("value"), given.get("year")) if isinstance(given, dict) \
        else (given, None)
    valid = ind.valid
    # a value that is not a finite number is the schema's to report, once
    if valid and _is_number(value) and math.isfinite(value) \
            and not valid[0] <= value <= valid[1]:
        path = ("actors", actor, "indicators", name, *(("value",) if isinstance(given, dict)
                                                      else ()))
        problem(path, "out-of-range", f"{value:g} is out of range: between "
                f"{valid[0]:g} and {valid[1]:g} ({ind.unit})")
    if not (isinstance(vintage, int) and isinstance(year, int)) or isinstance(vintage, bool) \
            or not 1900 <= vintage <= 2100:  # out of the schema's range: reported there
        return
    where = ("actors", actor, "indicators", name, "year")  # given is a mapping
    if vintage > year and vintage - year > ind.carry_back:
        allowed = (f"lets this indicator be carried back at most {ind.carry_back} year(s)"
                   if ind.carry_back else "does not let this indicator be carried back")
        problem(where, "figure-from-later-year",
                f"a figure of {vintage} cannot stand for {year}: the framework {allowed}")
    elif ind.max_lag is not None and year - vintage > ind.max_lag:
        problem(where, "figure-too-old",
                f"a figure of {vintage} is {year - vintage} years older than the "
                f"profile; the framework allows at most {ind.max_lag}")


def _panel(actor: str, entry: dict[str, Any], fw: Framework, problem: Report) -> None:
    """A panel's spread and count of raters (`regionlab ratings apply`) describe its
    rating: they need one, and the spread fits on the rating scale."""
    spread, raters = entry.get("rating_spread"), entry.get("raters")
    if spread is None and raters is None:  # the common case (its caller passes it over)
        return
    for key in ("rating_spread", "raters"):
        if entry.get(key) is not None and entry.get("rating") is None:
            problem(("actors", actor, key), "panel-without-rating",
                    f"{key} describes a panel's rating, and {actor} has no rating; "
                    "give the rating too, or remove it")
    width = fw.rating_max - fw.rating_min
    if _is_number(spread) and spread > width:
        problem(("actors", actor, "rating_spread"), "out-of-range",
                f"{spread:g} is wider than the rating scale ({fw.rating_min:g}-"
                f"{fw.rating_max:g}): a spread is at most {width:g}")
    elif _is_number(spread) and spread > 0 and raters == 1:
        problem(("actors", actor, "rating_spread"), "inconsistent-panel",
                f"one rater's rating has no spread, and this one is {spread:g}; "
                "correct raters or set rating_spread to 0")


def _unknown(name: object, known: list[str], what: str) -> str:
    shown = stable_repr(name) if type(name) in (set, list, dict) else name  # as str() does
    return f"unknown {what} '{shown}'; {suggest(shown, known)}allowed: {', '.join(sorted(known))}"

