"""Assess one profile: score -> classify -> recommend (`assess`).

The result, `Assessment`, carries everything a renderer needs, so renderers
never reach back into loaders or rules. How far to trust the domain (`Stability`) is
worked out a layer above (trust/stability.py) and handed in as `steadiness`; the
`Engine` that loads the policy data once and composes both is trust/engine.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, NamedTuple

from regionlab.engine.classify import classify
from regionlab.engine.json_view import assessment_dict
from regionlab.engine.recommend import Conclusion, recommend
from regionlab.engine.scoring import ActorScore, context_values, score
from regionlab.korea import designations
from regionlab.policy.catalogue import load_catalogue
from regionlab.policy.framework import Framework, Indicator, load_framework
from regionlab.profile.models import ACTORS, Profile
from regionlab.rules import flag_words
from regionlab.rules.rulebook import Evaluation, Rulebook, with_definitions


class Near(NamedTuple):
    """An actor a perturbation could bring to the other side of a threshold."""
    actor: str
    value: float  # its capacity
    limit: str  # the threshold's name
    threshold: float  # its value
    spread: float | None = None  # its panel's rating spread, where recorded (and > 0)
    raters: int | None = None  # ... and how many raters

    @property
    def gap(self) -> float:
        return abs(self.value - self.threshold)

    @property
    def side(self) -> str:
        return "above" if self.value >= self.threshold else "below"

    def text(self) -> str:
        """In English, with ids: 'residents 42.0 is 2.0 above low (40)' (rules/flag_words)."""
        return flag_words.near_text(self, load_catalogue(), "en")


class Stability(NamedTuple):
    """How stable the domain is under plausible error (trust/stability.py works it
    out; an assessment carries it)."""
    domain: float | None  # share of perturbed runs keeping the domain; None if unclassified
    samples: int  # runs made (0 when no perturbation could change the domain)
    near: tuple[str, ...]  # e.g. "residents 42.0 is 2.0 above low (40)"
    fragile: bool
    nearest: tuple[Near, ...] = ()  # what `near` says, as data (for other languages)
    # declared method alternatives under which the domain differs: (alternative id, its
    # domain, or None where it cannot decide); trust/methods.py
    methods: tuple[tuple[str, str | None], ...] = ()
    alternatives: int = 0  # method alternatives the share takes in (trust/methods.py)
    noise: float | None = None  # where it does: the share of runs under the framework


# profile, its environment (capacities, context) and its domain -> the domain's stability
Steadiness = Callable[[Profile, dict[str, Any], str | None, dict[str, ActorScore]], Stability]


@dataclass(frozen=True)
class Assessment:
    file: str
    profile: Profile
    rulebook: Rulebook
    scores: dict[str, ActorScore]
    context: dict[str, object]
    domain: str | None
    grade: str | None
    conclusions: tuple[Conclusion, ...]
    evaluations: tuple[Evaluation, ...]  # every rule considered: the trace
    reasons: tuple[Evaluation, ...]  # the rules behind the verdict
    stability: Stability | None = None  # of the domain under plausible error
    what_if: tuple[Any, ...] = ()  # the --set changes this assessment was made with
    framework: Framework | None = field(default=None, repr=False)  # labels, units, vintages

    def __repr__(self) -> str:  # a line, not the whole rulebook
        region = self.profile.region
        return (f"<Assessment {region.code} {region.name} {self.profile.year}: "
                f"domain={self.domain} grade={self.grade} file={self.file!r}>")

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The JSON view of `assess --format json` (the stable core, then details)."""
        return assessment_dict(self, load_catalogue(), lang)

    @cached_property  # read again and again by what-it-takes; not to be changed
    def capacities(self) -> dict[str, float | None]:
        return {a: self.scores[a].capacity for a in ACTORS}

    @property
    def disagreement_points(self) -> float:
        return (self.framework or load_framework()).disagreement_points

    @property
    def framework_indicators(self) -> dict[str, dict[str, Indicator]]:
        """actor -> name -> the framework's Indicator (labels, units, vintage rule)."""
        return (self.framework or load_framework()).indicators

    def of_kind(self, kind: str) -> list[Conclusion]:
        return [c for c in self.conclusions if c.kind == kind]


def assess(profile: Profile, rulebook: Rulebook, framework: Framework,
           file: str = "<profile>", trace: bool = True,
           steadiness: Steadiness | None = None, words: bool = True) -> Assessment:
    """With `trace`, `evaluations` holds every rule considered (for explain);
    without, only the rules that fired (all a batch needs). `steadiness`, when given,
    says how stable the domain is (and flags a fragile one). Without `words`, the
    flags carry no `detail` (the same flags, unworded: a batch row reads their ids)."""
    scores = score(profile, framework)
    context = context_values(profile, framework)
    env = region_env(profile, scores, context)
    with_definitions(rulebook, env)
    domain, grade, winners, decided = classify(rulebook, env, trace)
    found, considered = recommend(rulebook, env, profile.initiatives, trace)
    reasons = winners + [e for e in considered if e.fired]
    steady = None
    if steadiness is not None:
        steady = steadiness(profile, env, domain, scores)
    flags = (_period_flag(rulebook, profile) + _fragile_flag(steady, framework, words)
             + _disagreement_flag(scores, framework, profile.year, words)
             + _designation_flag(profile, words))
    return _assessment(file, profile, rulebook, scores, context, domain, grade,
                       tuple(flags + found), tuple(decided + considered), tuple(reasons),
                       steady, (), framework)


_FIELDS = tuple(f.name for f in fields(Assessment))
_new = object.__new__


def _assessment(*values: Any) -> Assessment:
    """`Assessment(*values)`, every field given in order, at a third of the cost: a
    frozen dataclass's __init__ sets each of its 13 fields through object.__setattr__
    (about 1.5 µs of each profile of a batch). It has no __post_init__ to skip."""
    made = _new(Assessment)
    made.__dict__.update(zip(_FIELDS, values, strict=True))
    return made


def _period_flag(rulebook: Rulebook, profile: Profile) -> list[Conclusion]:
    period = rulebook.period
    if (period.start is not None and profile.year < period.start) or (
        period.end is not None and profile.year > period.end
    ):
        return [Conclusion("flag", "rulebook-out-of-period", "rulebook.period")]
    return []


def _fragile_flag(steady: Stability | None, fw: Framework, words: bool = True
                  ) -> list[Conclusion]:
    if steady is None or not steady.fragile:
        return []
    return [Conclusion("flag", "near-threshold", "robustness",
                       detail=flag_words.near_detail(steady, fw, load_catalogue(), "en")
                       if words else None)]


def _disagreement_flag(scores: dict[str, ActorScore], fw: Framework, year: int,
                       words: bool = True) -> list[Conclusion]:
    """Named with the figures behind the evidence, in English (rules/flag_words words
    it so in every language)."""
    if not flag_words.disagreements(scores, fw.disagreement_points):
        return []  # most profiles: no catalogue to look up (it stats its two files)
    if not words:  # each disagreement has its words: the flag stands without them
        return [Conclusion("flag", "evidence-disagrees", "framework.combine")]
    detail = flag_words.disagreement_detail(scores, fw.disagreement_points, fw.indicators,
                                            year, load_catalogue(), "en")
    if not detail:
        return []
    return [Conclusion("flag", "evidence-disagrees", "framework.combine", detail=detail)]


def _designation_flag(profile: Profile, words: bool = True) -> list[Conclusion]:
    """Designations that the reference table records for the code and year but the
    profile lacks, or the other way round; only Korean codes the table knows."""
    if profile.region.country != "KR" or not designations.knows(profile.region.code,
                                                                 profile.year):
        return []  # a code or year the tables do not cover: nothing to compare with
    if not words:  # each difference has its words: the flag stands without them
        lacking, extra = designations.differences(profile.region.code, profile.year,
                                                  profile.context.get("designations"))
        return [Conclusion("flag", "designations-differ", "reference")] if lacking or extra \
            else []
    detail = flag_words.designation_detail(profile, load_catalogue(), "en")
    if not detail:
        return []
    return [Conclusion("flag", "designations-differ", "reference", detail=detail)]


def region_env(profile: Profile, scores: dict[str, ActorScore], context: dict[str, Any]
               ) -> dict[str, Any]:
    env: dict[str, object] = dict(context)
    missing, low = [], []
    for a, s in scores.items():  # one pass: every region of a batch comes through here
        env[a] = s.capacity
        if s.capacity is None:
            missing.append(a)
        if s.low_coverage:
            low.append(a)
    env["year"] = profile.year
    env["missing_actors"] = frozenset(missing)
    env["low_coverage_actors"] = frozenset(low)
    return env
