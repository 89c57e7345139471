"""Assess one profile: load -> validate -> score -> classify -> recommend.

The result, `Assessment`, carries everything a renderer needs, so renderers
never reach back into loaders or rules.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from regionlab.engine.classify import classify
from regionlab.engine.recommend import Conclusion, recommend
from regionlab.engine.scoring import ActorScore, context_values, score
from regionlab.policy.catalogue import Catalogue, load_catalogue
from regionlab.policy.framework import Framework, load_framework
from regionlab.profile.models import ACTORS, Profile
from regionlab.profile.validate import load_profile
from regionlab.rules.rulebook import Evaluation, Rulebook, load_rulebook, with_definitions
from regionlab.trust.stability import Memo, Settings, Stability, load_settings, stability


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
    what_if: tuple = ()  # the --set changes this assessment was made with
    framework: Framework | None = field(default=None, repr=False)  # labels, units, vintages

    def __repr__(self) -> str:  # a line, not the whole rulebook
        region = self.profile.region
        return (f"<Assessment {region.code} {region.name} {self.profile.year}: "
                f"domain={self.domain} grade={self.grade} file={self.file!r}>")

    def to_dict(self, lang: str = "en") -> dict:
        """The JSON view of `assess --format json` (the stable core, then details)."""
        from regionlab.output.json_view import assessment_dict

        return assessment_dict(self, load_catalogue(), lang)

    @cached_property  # read again and again by what-it-takes; not to be changed
    def capacities(self) -> dict[str, float | None]:
        return {a: self.scores[a].capacity for a in ACTORS}

    @property
    def disagreement_points(self) -> float:
        return (self.framework or load_framework()).disagreement_points

    @property
    def framework_indicators(self) -> dict:
        """actor -> name -> the framework's Indicator (labels, units, vintage rule)."""
        return (self.framework or load_framework()).indicators

    def of_kind(self, kind: str) -> list[Conclusion]:
        return [c for c in self.conclusions if c.kind == kind]


class Engine:
    """The framework, rulebook and catalogue, loaded once for many profiles.

    `rules` and `robustness` name your own rulebook and perturbation bounds (default:
    the shipped ones); `what_ifs` are `--set` changes such as ``["low=35",
    "residents.rating=3.5"]``, applied to every profile assessed.
    """

    def __init__(self, rules: str | os.PathLike | None = None,
                 robustness: str | os.PathLike | None = None, with_stability: bool = True,
                 what_ifs: Sequence[str] = (), settings: Sequence[str] = ()):
        # `settings` is the old name of `what_ifs` (it collided with the robustness
        # settings); kept so that callers written against it still work
        what_ifs = list(what_ifs) + list(settings)
        self.framework: Framework = load_framework()
        self.catalogue: Catalogue = load_catalogue()
        self.rulebook: Rulebook = load_rulebook(Path(rules) if rules is not None else None)
        self.what_if = []
        if what_ifs:  # a changed copy of the rulebook and framework
            from regionlab.trust import whatifs

            self.what_if = whatifs.parse(what_ifs, self.rulebook, self.framework)
            self.rulebook = whatifs.apply_rules(self.rulebook, self.what_if)
            self.framework = whatifs.apply_framework(self.framework, self.what_if)
        self.robustness: Settings = load_settings(str(robustness) if robustness else None)
        self._stability_memo = Memo()  # for this rulebook and these settings
        self.with_stability = with_stability

    def __repr__(self) -> str:
        what_if = f", what_ifs={[w.text() for w in self.what_if]}" if self.what_if else ""
        return f"Engine(rulebook={self.rulebook.id!r}{what_if})"

    def assess_file(self, path: str | os.PathLike, trace: bool = True) -> Assessment:
        """Load, validate and assess one profile file (a `str` or any path-like).

        Raises `InputError` listing every problem of the file when it is not valid."""
        return self.assess_loaded(self.load(Path(path)), str(path), trace)

    def assess_folder(self, folder: str | os.PathLike, recursive: bool = False
                      ) -> list[Assessment]:
        """Every profile in a folder, in file-name order; raises `InputError` listing
        the problems of every bad file (use `regionlab.regions.batch` to keep going)."""
        from regionlab.errors import InputError
        from regionlab.profile.discover import profile_paths

        paths = profile_paths([Path(folder)], recursive=recursive)
        done, problems = [], []
        for path in paths:
            try:
                done.append(self.assess_file(path, trace=False))
            except InputError as exc:
                problems += exc.problems
        if problems:
            raise InputError(problems)
        return done

    def load(self, path: Path) -> Profile:
        return load_profile(path, self.framework)

    def assess_loaded(self, profile: Profile, file: str, trace: bool = True) -> Assessment:
        """A profile as loaded from `file`, with the engine's what-ifs applied."""
        if not self.what_if:
            return self.assess(profile, file, trace)
        from regionlab.trust import whatifs

        profile, done = whatifs.apply_profile(profile, self.what_if)
        return replace(self.assess(profile, file, trace), what_if=tuple(done))

    def assess(self, profile: Profile, file: str = "<profile>", trace: bool = True
               ) -> Assessment:
        """With `trace`, `evaluations` holds every rule considered (for explain);
        without, only the rules that fired (all a batch needs)."""
        scores = score(profile, self.framework)
        context = context_values(profile, self.framework)
        env = region_env(profile, scores, context)
        with_definitions(self.rulebook, env)
        domain, grade, winners, decided = classify(self.rulebook, env, trace)
        found, considered = recommend(self.rulebook, env, profile.initiatives, trace)
        reasons = winners + [e for e in considered if e.fired]
        steady = None
        if self.with_stability:
            steady = stability(profile, env, domain, self.rulebook, self.framework,
                               self.robustness, self._stability_memo)
        flags = (self._period_flag(profile) + _fragile_flag(steady)
                 + _disagreement_flag(scores, self.framework, profile.year)
                 + _designation_flag(profile))
        return Assessment(file, profile, self.rulebook, scores, context, domain, grade,
                          tuple(flags + found), tuple(decided + considered), tuple(reasons),
                          steady, framework=self.framework)

    def _period_flag(self, profile: Profile) -> list[Conclusion]:
        period = self.rulebook.period
        if (period.start is not None and profile.year < period.start) or (
            period.end is not None and profile.year > period.end
        ):
            return [Conclusion("flag", "rulebook-out-of-period", "rulebook.period")]
        return []


def _fragile_flag(steady: Stability | None) -> list[Conclusion]:
    if steady is None or not steady.fragile:
        return []
    return [Conclusion("flag", "near-threshold", "robustness", detail="; ".join(steady.near)
                       or f"{steady.domain:.0%} of perturbed runs keep the domain")]


def disagreements(scores: dict[str, ActorScore], points: float
                  ) -> list[tuple[str, ActorScore]]:
    """Actors whose rating and indicators both count and are `points` or more apart
    (framework.yaml, combine.disagreement_points: a full rating step)."""
    return [(actor, s) for actor, s in scores.items()
            if s.rating_score is not None and s.indicator_score is not None
            and abs(s.rating_score - s.indicator_score) >= points]


def _disagreement_flag(scores: dict[str, ActorScore], fw: Framework, year: int
                       ) -> list[Conclusion]:
    """Named with the figures behind the evidence. The detail here is the plain English
    of JSON; renderers word it in the reader's language (output/wording.py)."""
    found = []
    for actor, s in disagreements(scores, fw.disagreement_points):
        figures = ", ".join(_figure_text(i, fw.indicators[actor][i.name], year)
                            for i in s.indicators)
        found.append(f"{actor}: the rating gives {s.rating_score:.0f}, the evidence "
                     f"{s.indicator_score:.0f} ({figures})")
    if not found:
        return []
    return [Conclusion("flag", "evidence-disagrees", "framework.combine", detail="; ".join(found))]


def _figure_text(i, ind, year: int) -> str:
    when = "" if i.year is None else (f" in {i.year}" + (", carried back" if i.year > year
                                                         else ""))
    return f"{ind.label['en']} {i.value:g} {ind.unit}{when}"


def _designation_flag(profile: Profile) -> list[Conclusion]:
    """Designations that the reference table records for the code and year but the
    profile lacks, or the other way round; only Korean codes the table knows."""
    if profile.region.country != "KR":
        return []
    from regionlab.regions import designations

    if not designations.knows(profile.region.code, profile.year):
        return []  # a code or year the tables do not cover: nothing to compare with
    lacking, extra = designations.differences(profile.region.code, profile.year,
                                              profile.context.get("designations"))
    parts = [f"the reference table has {d} in {profile.year} "
             f"({p.span()}{'' if p.official else ', press reports'})"
             for d, p in lacking.items()]
    parts += [f"the reference table has no {d} in {profile.year}" for d in extra]
    if not parts:
        return []
    return [Conclusion("flag", "designations-differ", "reference", detail="; ".join(parts))]


def region_env(profile: Profile, scores: dict[str, ActorScore], context: dict) -> dict:
    env: dict[str, object] = dict(context)
    env.update({a: s.capacity for a, s in scores.items()})
    env["year"] = profile.year
    env["missing_actors"] = frozenset(a for a, s in scores.items() if s.capacity is None)
    env["low_coverage_actors"] = frozenset(a for a, s in scores.items() if s.low_coverage)
    return env
