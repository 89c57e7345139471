"""The evidence behind an assessment, worded in the reader's language: each figure with
its unit and year, where a rating and the evidence disagree, and where a profile's
designations differ from the reference table. No rich here: JSON, terminal and reports
all word them the same way."""

from __future__ import annotations

import re

from regionlab.engine.assess import Assessment, disagreements
from regionlab.policy.catalogue import Catalogue

_SLUG = re.compile(r"[^a-z0-9]+")


def unit_text(unit: str, cat: Catalogue, lang: str) -> str:
    """A framework unit in the language (ui.yaml `indicator_unit_points` -> '%포인트'),
    as it stands where ui.yaml has no word for it."""
    key = "indicator_unit_" + _SLUG.sub("_", unit.lower().replace("%", "pct")).strip("_")
    return cat.label(key, lang) if key in cat.labels else unit


def figure_text(a: Assessment, actor: str, i, cat: Catalogue, lang: str) -> str:
    """'Fiscal self-reliance ratio 15.9 % (2023, carried back)' in the language."""
    ind = a.framework_indicators[actor][i.name]
    if i.year is None:
        when = cat.label("year_not_given", lang) if ind.panel else ""
    else:
        when = str(i.year)
        if i.year > a.profile.year:
            when += f", {cat.label('carried_back', lang)}"
    when = f" ({when})" if when else ""
    return f"{ind.label[lang]} {i.value:g} {unit_text(ind.unit, cat, lang)}{when}"


def disagreement_detail(a: Assessment, cat: Catalogue, lang: str) -> str:
    parts = []
    for actor, s in disagreements(a.scores, a.disagreement_points):
        figures = ", ".join(figure_text(a, actor, i, cat, lang) for i in s.indicators)
        parts.append(cat.label("disagree_text", lang).format(
            actor=cat.title("actors", actor, lang), rating=f"{s.rating_score:.0f}",
            evidence=f"{s.indicator_score:.0f}", figures=figures))
    return "; ".join(parts)


def designation_detail(a: Assessment, cat: Catalogue, lang: str) -> str:
    from regionlab.regions import designations

    profile = a.profile
    expected = designations.in_force(profile.region.code, profile.year)
    given = set(profile.context.get("designations") or ())
    parts = []
    for d in sorted(set(expected) - given):
        period = expected[d]
        mark = "" if period.official else f", {cat.label('press_reports', lang)}"
        parts.append(cat.label("designation_lacking", lang).format(
            designation=cat.title("designations", d, lang), year=profile.year,
            span=period.span() + mark))
    for d in sorted((given & designations.recorded()) - set(expected)):
        parts.append(cat.label("designation_extra", lang).format(
            designation=cat.title("designations", d, lang), year=profile.year))
    return "; ".join(parts)
