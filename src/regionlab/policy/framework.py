"""The indicator framework: indicators per actor with goalposts and weights,
the context figures a profile may carry, the designations, and how a rating and
indicators combine into a capacity. Loaded from `data/framework.yaml`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from regionlab.base import yamlio
from regionlab.base.schema import (
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
from regionlab.policy.cache import cached, note_read, stamp
from regionlab.policy.languages import texts
from regionlab.policy.packaged import packaged, rows, table

# The four actors of the quadruple helix, in this order everywhere (profiles, scores,
# columns); declared here, with the framework that gives each its indicators, and
# read by the profile format (profile/models.py) above it.
ACTORS = ("municipality", "residents", "business_finance", "universities")
GOALPOSTS = "reference/kr_evidence_goalposts.csv"
PANEL = "reference/kr_evidence.csv"  # read by the check of coverage (panel_coverage)
GOALPOST_METHODS = ("p5-p95", "p10-p90", "min-max")  # the goalposts file's methods
TRANSFORMS = ("none", "log")

# built on first use: a label's schema reads the list of languages (languages.texts)
SCHEMA = Schema(lambda: record(required={
    "format": one_of("regionlab/framework/v1"),
    "rating": record(required={"min": number(), "max": number()}),
    "combine": record(required={"rating_weight": number(ge=0, le=1),
                                "indicators_weight": number(ge=0, le=1)},
                      optional={"disagreement_points": (number(gt=0), 25.0)}),
    "coverage": record(required={"min_weight_share": number(ge=0, le=1)}),
    "actors": record(required={a: record(optional={"indicators": (mapping(record(
        # source and note: in English, or in en/ko/ja (the report's annex in the language)
        required={"label": texts(), "unit": text(), "source": either(text(), texts())},
        # weight 0: shown beside the others, not counted (or counted by an alternative)
        optional={"direction": (one_of("up", "down"), "up"), "weight": (number(ge=0), 1.0),
                  # min/max: required unless the goalposts are `national` (then read
                  # from the evidence panel's goalposts file)
                  "min": (number(), None), "max": (number(), None),
                  "goalposts": (one_of("illustrative", "official", "national"),
                                "illustrative"),
                  "valid": (list_of(number()), None),
                  "group": (one_of("national", "local"), "local"),
                  "transform": (one_of(*TRANSFORMS), "none"),
                  "transform_note": (text(), None),
                  "max_lag": (integer(ge=0), None), "carry_back": (integer(ge=0), 0),
                  "note": (either(text(), texts()), None),
                  # breaks in the series: a diff across one says so
                  # `note` in English, or in en/ko/ja (the diff says it in the language)
                  "breaks": (list_of(record(required={"year": integer(),
                                                      "note": either(text(), texts())})),
                             [])},
    )), {})}) for a in ACTORS}),
    "context": mapping(record(
        required={"label": texts(), "unit": text(), "source": text()},
        optional={"min": (number(), 0.0), "max": (number(), None),
                  "derived_from": (list_of(text()), None)},
    )),
    "designations": mapping(record(required={"source": text()})),
}, optional={
    "national_goalposts": (one_of(*GOALPOST_METHODS), "p5-p95"),
    # the reasonable other choices of method: stability covers them (trust/stability.py)
    "alternatives": (mapping(record(
        required={"label": texts()},
        optional={"goalposts": (one_of(*GOALPOST_METHODS), None),
                  "transform": (one_of("none"), None),
                  "weights": (mapping(number(ge=0)), {})})), {}),
}))


class Indicator(NamedTuple):
    label: dict
    unit: str
    min: float
    max: float
    source: str
    direction: str = "up"
    weight: float = 1.0
    goalposts: str = "illustrative"
    valid: tuple[float, float] | None = None  # the values it can take at all
    group: str = "local"  # national: from the evidence panel; local: analyst-collected
    max_lag: int | None = None  # vintage rule: years a figure may be older than the profile
    carry_back: int = 0  # ... and years a later figure may be carried back
    note: str | None = None  # what it can and cannot stand for
    # (first year of the new series, what changed by language: en, and ko/ja if given)
    breaks: tuple[tuple[int, dict[str, str]], ...] = ()
    transform: str = "none"  # "log": scored on the natural log of value and goalposts
    transform_note: str | None = None  # why
    # the source and the note by language (en, and ko/ja where given); `source` and
    # `note` above are the English, which the code reads (the agencies of a source)
    source_in: dict[str, str] = {}
    note_in: dict[str, str] = {}

    @property
    def panel(self) -> bool:
        return self.group == "national"

    @property
    def counted(self) -> bool:
        """False for a figure kept beside the others at weight 0."""
        return self.weight > 0


class Alternative(NamedTuple):
    """A declared other choice of method (framework.yaml, alternatives)."""
    id: str
    label: dict
    goalposts: str | None = None  # another method of the goalposts file
    transform: str | None = None  # "none": every indicator untransformed
    weights: tuple[tuple[str, str, float], ...] = ()  # (actor, indicator, weight)


class ContextFigure(NamedTuple):
    label: dict
    unit: str
    source: str
    min: float = 0.0
    max: float | None = None
    derived_from: tuple[str, ...] | None = None


T = TypeVar("T")


@dataclass(frozen=True)
class Framework:
    file: str
    rating_min: float
    rating_max: float
    rating_weight: float
    indicators_weight: float
    min_weight_share: float
    indicators: dict[str, dict[str, Indicator]]  # actor -> name -> indicator
    context: dict[str, ContextFigure]
    designations: dict[str, str]  # id -> source
    total_weight: dict[str, dict[str, float]]  # actor -> group -> sum of its weights
    disagreement_points: float = 25.0  # rating vs evidence gap that is flagged
    national_method: str = "p5-p95"  # which goalposts the national indicators use
    alternatives: dict[str, Alternative] = field(default_factory=dict)
    # each alternative's framework and what it changes, made once per framework (variant, changes)
    _variants: dict = field(default_factory=dict, compare=False, repr=False)
    # what other parts work out from this framework once and reuse for every region,
    # keyed by the function that works it out: see `derived`
    _derived: dict[Callable[[Framework], Any], Any] = field(
        init=False, default_factory=dict, compare=False, repr=False)

    def indicator(self, actor: str, name: str) -> Indicator | None:
        return self.indicators[actor].get(name)

    def panel_indicators(self) -> list[tuple[str, str, Indicator]]:
        """(actor, name, indicator) of every indicator the evidence panel gives, in the
        framework's order; listed once per framework (a national year asks 226 times)."""
        found = self._variants.get(("panel",))
        if found is None:
            found = self._variants[("panel",)] = [
                (actor, name, ind) for actor, named in self.indicators.items()
                for name, ind in named.items() if ind.panel]
        return found

    def derived(self, make: Callable[[Framework], T]) -> T:
        """`make(self)`, worked out the first time it is asked for and kept with this
        framework, as `Rulebook.derived`: a framework made by `replace` (a variant, a
        test's changed weights) is built through `__init__` and starts with none."""
        try:
            found: T = self._derived[make]
        except KeyError:
            found = self._derived.setdefault(make, make(self))
        return found

    def variant(self, alternative: str) -> Framework:
        """This framework under a declared alternative: its goalposts method, no
        transformation, or its weights; with no alternatives of its own."""
        made = self._variants.get(alternative)
        if made is None:
            made = self._variants[alternative] = _variant(self, self.alternatives[alternative])
        return made

    def changes(self, alternative: str) -> dict[str, frozenset[str]]:
        """actor -> the indicators the alternative changes (goalposts, transformation or
        weight), worked out once per framework and alternative."""
        key = ("changes", alternative)
        found = self._variants.get(key)
        if found is None:
            variant = self.variant(alternative)
            found = self._variants[key] = {
                a: frozenset(n for n, ind in named.items()
                             if variant.indicators[a][n] != ind)
                for a, named in self.indicators.items()}
        return found

    def with_indicators(self, indicators: dict[str, dict[str, Indicator]]) -> Framework:
        """A copy with these indicators, their group weights summed again."""
        return replace(self, indicators=indicators, _variants={},
                       total_weight={a: _group_weights(i._asdict() for i in named.values())
                                     for a, named in indicators.items()})


def _variant(fw: Framework, alt: Alternative) -> Framework:
    weights = {(actor, name): w for actor, name, w in alt.weights}
    indicators = {}
    for actor, named in fw.indicators.items():
        out = {}
        for name, ind in named.items():
            changes: dict = {}
            if alt.goalposts and ind.goalposts == "national":
                changes["min"], changes["max"] = national_goalposts()[(name, alt.goalposts)]
            if alt.transform is not None:
                changes["transform"] = alt.transform
            if (actor, name) in weights:
                changes["weight"] = weights[(actor, name)]
            out[name] = ind._replace(**changes) if changes else ind
        indicators[actor] = out
    return replace(fw.with_indicators(indicators), alternatives={})


def load_framework(path: Path | None = None) -> Framework:
    """The framework, read again when its file has changed (a notebook's session)."""
    file = str(path or packaged("framework.yaml"))
    return _load(file, stamp(file))


@lru_cache(maxsize=8)  # a few versions of a few files: bounded
def _load(path: str, version: tuple) -> Framework:
    d = cached(Path(path), "framework", _checked)
    method = d["national_goalposts"]
    return Framework(
        file=path,
        rating_min=d["rating"]["min"],
        rating_max=d["rating"]["max"],
        rating_weight=d["combine"]["rating_weight"],
        indicators_weight=d["combine"]["indicators_weight"],
        min_weight_share=d["coverage"]["min_weight_share"],
        indicators={a: {n: _indicator(n, i, method)
                        for n, i in d["actors"][a]["indicators"].items()} for a in ACTORS},
        context={n: ContextFigure(**{**c, "derived_from": tuple(c["derived_from"])
                                     if c["derived_from"] else None})
                 for n, c in d["context"].items()},
        designations={k: v["source"] for k, v in d["designations"].items()},
        total_weight={a: _group_weights(d["actors"][a]["indicators"].values())
                      for a in ACTORS},
        disagreement_points=d["combine"]["disagreement_points"],
        national_method=method,
        alternatives={k: Alternative(k, a["label"], a["goalposts"], a["transform"],
                                     tuple((*key.split(".", 1), w)
                                           for key, w in sorted(a["weights"].items())))
                      for k, a in d["alternatives"].items()},
    )


def _group_weights(indicators) -> dict[str, float]:
    out: dict[str, float] = {}
    for i in indicators:
        out[i["group"]] = out.get(i["group"], 0.0) + i["weight"]
    return out


def _words(note) -> dict[str, str]:
    """A break's note by language: as given in each, or in the language the data are
    written in (English) alone."""
    return dict(note) if isinstance(note, dict) else {languages.as_written(): note}


def crossed_breaks(ind: Indicator, old: int, new: int, lang: str = "en") -> list[str]:
    """The notes of the indicator's series breaks between two vintages, in `lang` (its
    English where the framework gives none in it)."""
    low, high = min(old, new), max(old, new)
    base = languages.as_written()
    return [note.get(lang) or note[base] for year, note in ind.breaks if low < year <= high]


def _indicator(name: str, d: dict, method: str) -> Indicator:
    base = languages.as_written()
    source, note = _words(d["source"]), _words(d["note"]) if d["note"] else {}
    d = {**d, "valid": tuple(d["valid"]) if d["valid"] else None,
         "breaks": tuple((b["year"], _words(b["note"])) for b in d["breaks"]),
         "source": source[base], "note": note.get(base), "source_in": source,
         "note_in": note}
    if d["goalposts"] == "national":
        d["min"], d["max"] = national_goalposts()[(name, method)]
    return Indicator(**d)


def national_goalposts() -> dict[tuple[str, str], tuple[float, float]]:
    """(indicator, method) -> (low, high) from the evidence panel's goalposts file
    (scripts/build_reference.py computes them from the national distribution)."""
    note_read(packaged(GOALPOSTS))  # read once a process: a cached check still says so
    return _national_goalposts()


@cache
def _national_goalposts() -> dict[tuple[str, str], tuple[float, float]]:
    return {(r["indicator"], r["method"]): (float(r["low"]), float(r["high"]))
            for r in table(GOALPOSTS)}


def panel_coverage() -> dict[str, int]:
    """indicator -> how many municipalities the evidence panel has a figure of it for."""
    header, found = rows(PANEL)  # as lists, read once with korea/evidence.py's reading
    indicator, code = header.index("indicator"), header.index("code")
    counts: dict[str, int] = {}
    for name, _ in {(r[indicator], r[code]) for r in found}:
        counts[name] = counts.get(name, 0) + 1
    return counts


def coverage_problems(d: dict, coverage: dict[str, int]) -> list[tuple[str, str, str]]:
    """National indicators whose absence would take the evidence away from every
    municipality that has the others (issue 17): the coverage rule counts the weight
    given against the group's total, so a sparse indicator with a large weight leaves
    the rest below `min_weight_share` wherever it is missing. (actor, indicator, why)."""
    share = d["coverage"]["min_weight_share"]
    out = []
    for actor in ACTORS:
        weights = {n: i.get("weight", 1.0)
                   for n, i in (d["actors"][actor].get("indicators") or {}).items()
                   if i.get("group", "local") == "national" and i.get("weight", 1.0) > 0}
        total = sum(weights.values())
        for name, weight in weights.items():
            others = [coverage.get(n, 0) for n in weights if n != name]
            rest = (total - weight) / total if total else 0.0
            if not others or rest >= share or coverage.get(name, 0) >= max(others):
                continue
            lost = max(others) - coverage.get(name, 0)
            out.append((actor, name, (
                f"the evidence panel has '{name}' for {coverage.get(name, 0)} municipalities "
                f"and the other national figures of {actor} for up to {max(others)}; "
                f"without it they carry {rest:.0%} of the weight, below "
                f"coverage.min_weight_share ({share:g}), so {lost} municipalities would lose "
                f"their evidence: lower its weight to {total * (1 - share) / share:g} at "
                "most, or make it local")))
    return out


def _checked(path: Path) -> dict:
    data, node = yamlio.load_file(path)
    checked = SCHEMA.check(data, node, str(path))
    _check_meaning(checked, node, str(path))
    return checked


def _check_indicator(name: str, ind: dict, problem, methods: list[str]) -> None:
    if ind["goalposts"] == "national":
        known = sorted({n for n, _ in national_goalposts()})
        if ind["min"] is not None or ind["max"] is not None:
            problem("goalposts", "invalid-value", "national goalposts come from the evidence "
                    "panel: remove min and max, or set goalposts: illustrative")
        elif any((name, m) not in national_goalposts() for m in methods):
            problem("goalposts", "invalid-value", f"the evidence panel has no goalposts "
                    f"({', '.join(methods)}) for '{name}' ({GOALPOSTS}); known: "
                    f"{', '.join(known)}")
        elif ind["transform"] == "log" and any(
                national_goalposts()[(name, m)][0] <= 0 for m in methods):
            problem("transform", "invalid-value", "a log transformation needs goalposts "
                    "above 0; the evidence panel's low goalpost is not")
    elif ind["transform"] == "log" and ind["min"] is not None and ind["min"] <= 0:
        problem("transform", "invalid-value", "a log transformation needs goalposts above 0")
    elif ind["min"] is None or ind["max"] is None:
        problem("min" if ind["min"] is None else "max", "missing-field",
                "goalposts min and max are required unless goalposts: national")
    elif ind["max"] <= ind["min"]:
        problem("max", "out-of-range",
                f"goalpost max ({ind['max']:g}) must be greater than min ({ind['min']:g})")
    valid = ind["valid"]
    if valid is not None and (len(valid) != 2 or valid[0] >= valid[1]):
        problem("valid", "invalid-value", "valid is [lowest, highest], lowest below highest")


def _check_meaning(d: dict, node, file: str) -> None:
    problems = []

    def problem(path: tuple, code: str, message: str):
        problems.append(Problem(file, yamlio.line_of(node, path), ".".join(map(str, path)),
                                code, message))

    if d["rating"]["max"] <= d["rating"]["min"]:
        problem(("rating", "max"), "out-of-range", "max must be greater than min")
    if d["combine"]["rating_weight"] + d["combine"]["indicators_weight"] <= 0:
        problem(("combine",), "out-of-range", "at least one weight must be above 0")
    methods = sorted({d["national_goalposts"], *(a["goalposts"] for a in
                                                 d["alternatives"].values() if a["goalposts"])})
    for actor in ACTORS:
        for name, ind in d["actors"][actor]["indicators"].items():
            where = ("actors", actor, "indicators", name)
            _check_indicator(name, ind, lambda key, code, msg, w=where: problem((*w, key), code,
                                                                              msg), methods)
    for actor, name, message in coverage_problems(d, panel_coverage()):
        problem(("actors", actor, "indicators", name, "weight"), "out-of-range", message)
    for alt, a in d["alternatives"].items():
        for key in a["weights"]:
            actor, _, name = key.partition(".")
            if actor not in ACTORS or name not in d["actors"][actor]["indicators"]:
                known = [f"{x}.{n}" for x in ACTORS for n in d["actors"][x]["indicators"]]
                problem(("alternatives", alt, "weights", key), "invalid-value",
                        f"no indicator '{key}'; {', '.join(known)}")
    for name, figure in d["context"].items():
        parts = figure["derived_from"] or []
        if parts and (len(parts) != 2 or any(p not in d["context"] for p in parts)):
            problem(("context", name, "derived_from"), "invalid-value",
                    "derived_from names two context figures: numerator, denominator")
    if problems:
        raise InputError(problems)
