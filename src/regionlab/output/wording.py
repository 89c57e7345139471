"""Words shared by the terminal, the workbooks and the reports: a province in the
reader's language and a rule's source. No rich here.

Flag details and figures are worded in rules/flag_words.py, the one home the engine
(English, for JSON and the API) and every output use; they are passed on from here
under their names, for the outputs that import their words from this module."""

from __future__ import annotations

import re

from regionlab.korea import reference
from regionlab.policy import languages
from regionlab.policy.catalogue import Catalogue
from regionlab.rules.flag_words import (
    disagreement_detail,
    figure_text,
    flag_detail,
    method_text,
    name,
    near_text,
    unit_text,
)

__all__ = ["disagreement_detail", "figure_text", "flag_detail", "method_text", "name",
           "near_text", "province", "source_text", "unit_text"]

_SLUG = re.compile(r"[^a-z0-9]+")


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
    work = _source_phrase(text, lang, cat)  # a work cited whole: 'Lee Sang-ho 2016'
    if work != text:
        return work
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
