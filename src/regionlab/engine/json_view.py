"""An assessment as plain data: the stable JSON core of docs/profile-format.md plus
the details (actor scores, context, trace). Used by JSON output and batch files.

Key order and number formatting are fixed so that the same inputs always give
the same bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from regionlab.engine.recommend import Conclusion
from regionlab.engine.scoring import ActorScore, IndicatorScore
from regionlab.policy.catalogue import Catalogue
from regionlab.policy.packaged import packaged
from regionlab.rules.rulebook import Evaluation

if TYPE_CHECKING:  # for the type only: assess.py imports this module
    from regionlab.engine.assess import Assessment


def assessment_dict(a: Assessment, cat: Catalogue, lang: str = "en") -> dict[str, Any]:
    region = a.profile.region
    return {
        "region": _drop_none({"code": region.code, "name": region.name,
                              "name_local": region.name_local, "parent": region.parent,
                              "country": region.country}),
        "year": a.profile.year,
        "capacities": dict(a.capacities),  # a copy: the assessment keeps its own
        "domain": a.domain,
        "grade": a.grade,
        "cases": [_case(c, cat, lang) for c in a.of_kind("case")],
        "strategies": [_strategy(c, cat, lang) for c in a.of_kind("strategy")],
        "flags": [_flag(c, cat, lang) for c in a.of_kind("flag")],
        "reasons": [evaluation_dict(e) for e in a.reasons],
        "stability": _stability(a),
        "actors": {name: _actor(s, a.profile.year) for name, s in a.scores.items()},
        "context": {k: plain(v) for k, v in sorted(a.context.items())},
        # "shipped" rather than where regionlab happens to be installed
        "rulebook": {"id": a.rulebook.id, "file": "shipped"
                     if a.rulebook.file == str(packaged("rulebook.yaml")) else a.rulebook.file},
        "file": a.file,
    }


def _case(c: Conclusion, cat: Catalogue, lang: str) -> dict[str, Any]:
    return {"id": c.id, "title": cat.title("cases", c.id, lang), "rule": c.rule,
            "prerequisite": c.prerequisite}


def _strategy(c: Conclusion, cat: Catalogue, lang: str) -> dict[str, Any]:
    return {"id": c.id, "title": cat.title("strategies", c.id, lang),
            "domain": cat.entry("strategies", c.id)["domain"], "rule": c.rule}


def _flag(c: Conclusion, cat: Catalogue, lang: str) -> dict[str, Any]:
    return {"id": c.id, "title": cat.title("flags", c.id, lang),
            "severity": cat.entry("flags", c.id)["severity"], "rule": c.rule,
            "initiative": c.initiative, "detail": c.detail}


def _stability(a: Assessment) -> dict[str, Any] | None:
    s = a.stability
    if s is None:
        return None
    return {"domain": s.domain, "samples": s.samples, "near": list(s.near),
            "fragile": s.fragile, "alternatives": s.alternatives, "noise": s.noise,
            "methods_changing_domain": [{"alternative": alt, "domain": there}
                                        for alt, there in s.methods]}


def evaluation_dict(e: Evaluation) -> dict[str, Any]:
    rule = e.rule
    out = {
        "rule": rule.id,
        "kind": rule.kind,
        "concludes": list(rule.then) if len(rule.then) > 1 else rule.then[0],
        "condition": rule.condition.source,
        "fired": e.fired,
        "values": {n: plain(v) for n, v in e.values.items()},
        "thresholds": e.thresholds,
        "comparisons": [comparison_text(c) for c in e.comparisons],
        "rationale": rule.rationale.strip(),
        "source": rule.source,
    }
    if rule.prerequisite:
        out["prerequisite"] = rule.prerequisite
    if e.missing:
        out["missing"] = e.missing
    if e.initiative:
        out["initiative"] = e.initiative
    return out


def comparison_text(c: tuple[Any, ...]) -> str:
    text, left, op, right, result = c
    return f"{text}: {number(left)} {op} {number(right)} -> {'true' if result else 'false'}"


def _actor(s: ActorScore, year: int) -> dict[str, Any]:
    return {
        "capacity": s.capacity,
        "basis": s.basis,
        "rating": s.rating,
        "rating_score": _round(s.rating_score),
        "indicator_score": _round(s.indicator_score),
        "coverage": s.coverage,
        "indicators": {i.name: _indicator(i, year) for i in s.indicators},
    }


def _indicator(i: IndicatorScore, year: int) -> dict[str, Any]:
    """The figure's vintage (null where the profile gives none) and how it stands to the
    profile's year: lag = profile year - figure year, negative when carried back."""
    out = {"value": i.value, "score": _round(i.score), "year": i.year,
           "counted": i.weight > 0}
    if i.year is not None:
        out.update(carried_back=i.year > year, lag=year - i.year)
    return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def plain(v: Any) -> Any:
    """Sets become sorted lists, so JSON is deterministic."""
    if isinstance(v, frozenset | set):
        return sorted(v)
    return v


def number(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}" if abs(v) >= 1e-4 or v == 0 else f"{v:.6f}"
    if isinstance(v, list):
        return "[" + ", ".join(number(x) for x in v) + "]"
    if isinstance(v, frozenset | set):
        return number(sorted(v))
    return str(v)


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}
