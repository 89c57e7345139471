"""Flag details worded from their data, in any language: how near a threshold an actor
is (and the raters' spread), each figure with its unit and year, where a rating and the
evidence disagree, where a profile's designations differ from the reference table.

The one home of that wording (issue 17, item 5): the engine words a flag's `detail` here
in English (what JSON and the Python API carry), and the terminal, Markdown and the
reports word it here in the reader's language (output/wording.py passes these on). It
sits below both, so it takes the engine's records by what it reads of them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from regionlab.korea import designations
from regionlab.policy import languages
from regionlab.policy.catalogue import Catalogue
from regionlab.policy.framework import Framework, Indicator
from regionlab.profile.models import ACTORS, Profile

_SLUG = re.compile(r"[^a-z0-9]+")


class Near(Protocol):
    """An actor near a threshold, as engine/assess.Near records it."""
    @property
    def actor(self) -> str: ...

    @property
    def value(self) -> float: ...

    @property
    def limit(self) -> str: ...

    @property
    def threshold(self) -> float: ...

    @property
    def spread(self) -> float | None: ...

    @property
    def raters(self) -> int | None: ...

    @property
    def gap(self) -> float: ...

    @property
    def side(self) -> str: ...


class Steadiness(Protocol):
    """What the near-threshold flag reads of engine/assess.Stability."""
    @property
    def domain(self) -> float | None: ...

    @property
    def nearest(self) -> tuple[Near, ...]: ...

    @property
    def methods(self) -> tuple[tuple[str, str | None], ...]: ...


class Figure(Protocol):
    """A figure as engine/scoring.IndicatorScore records it."""
    @property
    def name(self) -> str: ...

    @property
    def value(self) -> float: ...

    @property
    def year(self) -> int | None: ...


class Scored(Protocol):
    """An actor's scores as engine/scoring.ActorScore records them."""
    @property
    def rating_score(self) -> float | None: ...

    @property
    def indicator_score(self) -> float | None: ...

    @property
    def indicators(self) -> Iterable[Figure]: ...


def flag_detail(c: Any, a: Any, cat: Catalogue, lang: str) -> str | None:
    """A flag (engine/recommend.Conclusion) of an assessment (engine/assess.Assessment)
    in the language, worded from its data where regionlab can; a rule's own detail
    stays as it is."""
    if c.id == "evidence-disagrees":
        return disagreement_detail(a.scores, a.disagreement_points, a.framework_indicators,
                                   a.profile.year, cat, lang) or c.detail
    if c.id == "designations-differ":
        return designation_detail(a.profile, cat, lang) or c.detail
    s = a.stability
    if c.id != "near-threshold" or s is None or s.domain is None:
        detail: str | None = c.detail
        return detail
    return near_detail(s, a.framework, cat, lang)


def near_detail(s: Steadiness, fw: Framework | None, cat: Catalogue, lang: str) -> str:
    """The near-threshold flag: each actor near a threshold, each declared method
    alternative under which the domain differs; else the share of runs that keep it."""
    methods = [method_text(alt, there, fw, cat, lang) for alt, there in s.methods]
    if s.nearest or methods:
        return "; ".join([near_text(n, cat, lang) for n in s.nearest] + methods)
    # no single actor near a threshold (rules that read sums, say): the share alone
    return cat.label("near_share", lang).format(share=f"{s.domain or 0:.0%}")


def method_text(alt: str, there: str | None, fw: Framework | None, cat: Catalogue,
                lang: str) -> str:
    """'with goalposts at the 10th and 90th percentiles it would be Overlap' in the language:
    a declared method alternative under which the domain differs."""
    alternative = fw.alternatives.get(alt) if fw is not None else None
    method = alternative.label[lang] if alternative is not None else alt
    domain = cat.title("domains", there, lang) if there else cat.label("not_classified", lang)
    return cat.label("method_changes", lang).format(method=method, domain=domain)


def name(id_: str, lang: str, cat: Catalogue) -> str:
    """A name a rule reads: an actor's capacity, a threshold, a definition, a context
    figure; the id itself when the labels have no word for it."""
    if id_ in ACTORS:
        return cat.title("actors", id_, lang)
    for key in (f"threshold_name_{id_}", f"var_{id_}", id_):
        if key in cat.labels:
            return cat.label(key, lang)
    return id_


def near_text(n: Near, cat: Catalogue, lang: str) -> str:
    """'residents 42.0 is 2.0 above low (40)' in the language (stability.Near), the
    threshold named in the language, and the raters' spread where one was recorded."""
    limit = cat.title("bands", n.limit, lang) if n.limit in cat.data["bands"] \
        else name(n.limit, lang, cat)
    text = cat.label("near_text", lang).format(
        actor=cat.title("actors", n.actor, lang), actor_id=n.actor, value=f"{n.value:.1f}",
        gap=f"{n.gap:.1f}", side=cat.label(f"near_{n.side}", lang),
        limit=n.limit if languages.language(lang).as_written else limit,
        threshold=f"{n.threshold:g}")
    if n.spread:  # the raters disagreed on this actor: say how far
        key = "near_spread_raters" if n.raters else "near_spread"
        text += cat.label(key, lang).format(spread=f"{n.spread:g}", raters=n.raters)
    return text


def unit_text(unit: str, cat: Catalogue, lang: str) -> str:
    """A framework unit in the language (ui.yaml `indicator_unit_points` -> '%포인트'),
    as it stands where ui.yaml has no word for it."""
    key = "indicator_unit_" + _SLUG.sub("_", unit.lower().replace("%", "pct")).strip("_")
    return cat.label(key, lang) if key in cat.labels else unit


def figure_text(a: Any, actor: str, i: Figure, cat: Catalogue, lang: str) -> str:
    """'Fiscal self-reliance ratio 15.9 % (2023, carried back)' in the language, of an
    assessment's figure."""
    return figure_words(a.framework_indicators[actor][i.name], i, a.profile.year, cat, lang)


def figure_words(ind: Indicator, i: Figure, year: int, cat: Catalogue, lang: str) -> str:
    """A figure of the framework's indicator `ind` in a profile of `year`."""
    if i.year is None:
        when = cat.label("year_not_given", lang) if ind.panel else ""
    else:
        when = str(i.year)
        if i.year > year:
            when += f", {cat.label('carried_back', lang)}"
    when = f" ({when})" if when else ""
    return f"{ind.label[lang]} {i.value:g} {unit_text(ind.unit, cat, lang)}{when}"


def disagreements(scores: Mapping[str, Any], points: float) -> list[tuple[str, Any]]:
    """Actors (and their scores) whose rating and indicators both count and are `points`
    or more apart (framework.yaml, combine.disagreement_points: a full rating step)."""
    return [(actor, s) for actor, s in scores.items()
            if s.rating_score is not None and s.indicator_score is not None
            and abs(s.rating_score - s.indicator_score) >= points]


def disagreement_detail(scores: Mapping[str, Scored], points: float,
                        indicators: Mapping[str, Mapping[str, Indicator]], year: int,
                        cat: Catalogue, lang: str) -> str:
    """Each actor whose rating and evidence disagree, with the figures behind the
    evidence."""
    parts = []
    for actor, s in disagreements(scores, points):
        figures = ", ".join(figure_words(indicators[actor][i.name], i, year, cat, lang)
                            for i in s.indicators)
        parts.append(cat.label("disagree_text", lang).format(
            actor=cat.title("actors", actor, lang), rating=f"{s.rating_score:.0f}",
            evidence=f"{s.indicator_score:.0f}", figures=figures))
    return "; ".join(parts)


def designation_detail(profile: Profile, cat: Catalogue, lang: str) -> str:
    """Designations the reference table has for the profile's code and year that the
    profile lacks, and the other way round."""
    lacking, extra = designations.differences(profile.region.code, profile.year,
                                              profile.context.get("designations"))
    parts = []
    for d, period in lacking.items():
        mark = "" if period.official else f", {cat.label('press_reports', lang)}"
        parts.append(cat.label("designation_lacking", lang).format(
            designation=cat.title("designations", d, lang), year=profile.year,
            span=period.span() + mark))
    for d in extra:
        parts.append(cat.label("designation_extra", lang).format(
            designation=cat.title("designations", d, lang), year=profile.year))
    return "; ".join(parts)
