"""Flags and evidence worded in the reader's language, from their data: how near a
threshold an actor is (and the raters' spread), each figure with its unit and year,
where a rating and the evidence disagree, where a profile's designations differ from
the reference table. No rich here: the terminal and the reports word them the same way
(JSON keeps the engine's plain English `detail`)."""

from __future__ import annotations

import re

from regionlab.engine.assess import Assessment, disagreements
from regionlab.korea import reference
from regionlab.policy import languages
from regionlab.policy.catalogue import Catalogue
from regionlab.profile.models import ACTORS

_SLUG = re.compile(r"[^a-z0-9]+")


def flag_detail(c, a: Assessment, cat: Catalogue, lang: str) -> str | None:
    """A flag's detail in the language, worded from its data where regionlab can; other
    details are the engine's English."""
    if c.id == "evidence-disagrees":
        return disagreement_detail(a, cat, lang) or c.detail
    if c.id == "designations-differ":
        return designation_detail(a, cat, lang) or c.detail
    s = a.stability
    if c.id != "near-threshold" or s is None or s.domain is None:
        return c.detail
    methods = [method_text(alt, there, a, cat, lang) for alt, there in s.methods]
    if s.nearest or methods:
        return "; ".join([near_text(n, cat, lang) for n in s.nearest] + methods)
    # no single actor near a threshold (rules that read sums, say): the share alone
    return cat.label("near_share", lang).format(share=f"{s.domain:.0%}")


def method_text(alt: str, there: str | None, a: Assessment, cat: Catalogue, lang: str) -> str:
    """'with goalposts at the 10th and 90th percentiles it would be Overlap' in the language:
    a declared method alternative under which the domain differs."""
    fw = a.framework
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


def near_text(n, cat: Catalogue, lang: str) -> str:
    """'residents 42.0 is 2.0 above low (40)' in the language (stability.Near), the
    threshold named in the language, and the raters' spread where one was recorded."""
    limit = cat.title("bands", n.limit, lang) if n.limit in cat.data["bands"] \
        else name(n.limit, lang, cat)
    text = cat.label("near_text", lang).format(
        actor=cat.title("actors", n.actor, lang), actor_id=n.actor, value=f"{n.value:.1f}",
        gap=f"{n.gap:.1f}", side=cat.label(f"near_{n.side}", lang),
        limit=n.limit if languages.language(lang).as_written else limit,
        threshold=f"{n.threshold:g}")
    spread = getattr(n, "spread", None)
    if spread:  # the raters disagreed on this actor: say how far
        raters = getattr(n, "raters", None)
        key = "near_spread_raters" if raters else "near_spread"
        text += cat.label(key, lang).format(spread=f"{spread:g}", raters=raters)
    return text


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
    from regionlab.korea import designations

    profile = a.profile
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


def province(code: str | None, lang: str, cat: Catalogue) -> str:
    """A sido by its code ('52000'): its name in the language (ui.yaml `sido_52000`),
    else as the reference table has it."""
    if not code:
        return ""
    key = f"sido_{code}"
    if key in cat.labels:
        return cat.label(key, lang)
    try:
        gov = reference.get(code, reference.as_of())
    except (reference.ReferenceLookupError, ValueError, TypeError):
        gov = None
    if gov is None:
        return code
    return gov.name_ko if languages.language(lang).korean_names else gov.name_en_full


_READING = re.compile(r"^regionlab's reading of (.+)$")
_PAREN = re.compile(r"\(([^()]+)\)")


def source_text(text: str | None, lang: str, cat: Catalogue) -> str:
    """A rule's source in the language: 'regionlab's reading of KRILA 2019, 2.3 (case 1)'
    -> 'KRILA 2019, 2.3(사례 1)에 대한 regionlab의 해석'; works and names stay as written,
    and English is the text itself. (report/words.source words it so for the reports.)"""
    if not text or languages.language(lang).as_written:
        return text or ""
    out = text.replace("; fits: regionlab's reading", "; " + cat.label("source_fits", lang))
    out = _PAREN.sub(lambda m: f"({_source_phrase(m.group(1), lang, cat)})", out)
    m = _READING.match(out)
    if m:
        out = cat.label("source_reading", lang).format(work=m.group(1))
    return out


def _source_phrase(phrase: str, lang: str, cat: Catalogue) -> str:
    case = re.fullmatch(r"case (\d+)", phrase)
    if case:
        return cat.label("source_case", lang).format(n=case.group(1))
    key = "source_" + _SLUG.sub("_", phrase.lower()).strip("_")
    return cat.label(key, lang) if key in cat.labels else phrase
