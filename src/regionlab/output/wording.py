"""Words shared by the terminal, the workbooks, a region's Markdown and the reports, in
the reader's language: a region's title, a province, a rule's source, its comparisons and
conclusions, the agencies behind a figure. No rich here. (report/words.py passes these
on to the report's pages under their old names.)

Flag details and figures are worded in rules/flag_words.py, the one home the engine
(English, for JSON and the API) and every output use; they are passed on from here
under their names, for the outputs that import their words from this module."""

from __future__ import annotations

import re

from regionlab.engine.json_view import number
from regionlab.korea import reference
from regionlab.policy import languages
from regionlab.policy.catalogue import KIND_SECTION, Catalogue
from regionlab.rules.flag_words import (
    disagreement_detail,
    figure_text,
    flag_detail,
    method_text,
    name,
    near_text,
    unit_text,
)

__all__ = ["AGENCIES", "agencies", "aside", "comparison", "concludes", "disagreement_detail",
           "figure_text", "flag_detail", "join", "method_text", "name", "near_text", "province",
           "region_title", "source_text", "unit_text", "values"]

_SLUG = re.compile(r"[^a-z0-9]+")


def region_title(name: str, name_local: str | None, lang: str) -> str:
    """How a region is named, in the language: readers of a language that names Korean
    regions in Korean (languages.yaml) get the Korean name; others the romanised one with
    it."""
    if languages.language(lang).korean_names and name_local:
        return name_local
    return f"{name} ({name_local})" if name_local and name_local != name else name


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


_SIMPLE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*"
                     r"([A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?|'[A-Za-z0-9_-]+')\s*$")
# the catalogue section of the ids a name holds, for `domain == 'government'`
_ID_SECTIONS = {"domain": "domains", "grade": "grades", "stage": "stages",
                "type": "innovation_types", "lead": "actors", "funding": "funding",
                "outcome": "outcomes"}
_OPS = {"==": "=", "!=": "≠"}


def comparison(c: tuple, lang: str, cat: Catalogue) -> str | None:
    """'Residents 25 < low 40' for a comparison of two names; None for other shapes
    (the expression is then shown as it is, as code)."""
    expr, left, op, right, _ = c
    m = _SIMPLE.match(expr)
    if m is None:
        return None
    a, b = m.group(1), m.group(3)
    if b.startswith("'"):
        section = _ID_SECTIONS.get(a)
        if section is None:
            return None
        value = cat.title(section, b.strip("'"), lang)
        return f"{name(a, lang, cat)} {_OPS.get(op, op)} {value}"
    right_text = number(right) if b[0].isdigit() or b[0] == "-" else \
        f"{name(b, lang, cat)} {number(right)}"
    return f"{name(a, lang, cat)} {number(left)} {op} {right_text}"


def values(read: dict, lang: str, cat: Catalogue) -> list[tuple[str, str]]:
    """The values a rule read, each with its name in the language."""
    out = []
    for k, v in read.items():
        if isinstance(v, frozenset | set | tuple | list):
            v = join([cat.title("designations", d, lang) for d in sorted(v)], lang) or "—"
        elif isinstance(v, str) and k in _ID_SECTIONS:
            v = cat.title(_ID_SECTIONS[k], v, lang)
        elif isinstance(v, bool):
            v = cat.label("yes" if v else "no", lang)
        else:
            v = number(v)
        out.append((name(k, lang, cat), str(v)))
    return out


def concludes(kind: str, ids: tuple[str, ...], lang: str, cat: Catalogue) -> str:
    """What a rule concludes, by the titles of the ids in the language."""
    section = KIND_SECTION.get(kind)
    if section is None:
        return ", ".join(ids)
    return join([cat.title(section, i, lang) for i in ids], lang)


def join(items: list[str], lang: str) -> str:
    """A list in the language's own punctuation (Japanese: 、; languages.yaml)."""
    return languages.language(lang).join(items)


# the agencies behind the evidence, as a source names them -> their label (ui.yaml)
AGENCIES = (("Ministry of the Interior and Safety", "agency_mois"), ("MOIS", "agency_mois"),
            ("National Election Commission", "agency_nec"), ("NEC", "agency_nec"),
            ("Statistics Korea", "agency_kostat"), ("KOSTAT", "agency_kostat"),
            ("KOSIS", "agency_kosis"),
            ("Korean higher-education information service", "agency_academyinfo"),
            ("Korea Social Enterprise Promotion Agency", "agency_kosepa"),
            ("analyst-supplied", "agency_analyst"))


def agencies(text: str | None, lang: str, cat: Catalogue) -> str:
    """The agencies a figure's source names, in the language, in the order named
    ("Ministry of the Interior and Safety, local finance, via KOSIS" -> "행정안전부(MOIS),
    국가통계포털(KOSIS)"); a source naming none is given as written in the language the
    data are written in (English), and as a dash in another language."""
    if not text:
        return "—"
    found = sorted((text.find(name), key) for name, key in AGENCIES
                   if re.search(rf"\b{re.escape(name)}\b", text))
    keys = list(dict.fromkeys(key for _, key in found))
    if not keys:
        return text if languages.language(lang).as_written else "—"
    return join([cat.label(k, lang) for k in keys], lang)


def aside(text: str, lang: str) -> str:
    """' (text)' after a word, in the language's brackets (languages.yaml): full-width
    in Japanese, '（text）'."""
    return languages.language(lang).remark(text)
