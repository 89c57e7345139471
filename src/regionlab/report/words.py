"""Words a report shows, in the reader's language: provinces, units of indicators, the
names a rule reads, its comparisons, its source. Every word comes from the interface
labels (ui.yaml) or the catalogue; ids are left only where an analyst needs them.
"""

from __future__ import annotations

import re

from regionlab.engine.json_view import number
from regionlab.output import wording
from regionlab.policy import languages
from regionlab.policy.catalogue import KIND_SECTION, Catalogue


def province(code: str | None, lang: str, cat: Catalogue) -> str:
    """A sido by its code ('52000') in the language (output/wording.py, which the Excel
    file shares)."""
    return wording.province(code, lang, cat)


def unit(text: str, lang: str, cat: Catalogue) -> str:
    """An indicator's unit ('points', '%', 'per 1,000 residents') in the language."""
    return wording.unit_text(text, cat, lang)


def name(id_: str, lang: str, cat: Catalogue) -> str:
    """A name a rule reads, in the language (output/wording.py, shared with the terminal)."""
    return wording.name(id_, lang, cat)


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
    section = KIND_SECTION.get(kind)
    if section is None:
        return ", ".join(ids)
    return join([cat.title(section, i, lang) for i in ids], lang)


def source(text: str | None, lang: str, cat: Catalogue) -> str:
    """A rule's source in the language, as the terminal words it (output/wording.py)."""
    return wording.source_text(text, lang, cat)


def ordinal_rank(rank: int, of: int, lang: str, cat: Catalogue, tied: int = 0) -> str:
    """'57th of 226' in the language; a rank shared with `tied` others says so: '1st of
    226, level with 11 others'."""
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    if tied:
        key = "rank_tied_one" if tied == 1 else "rank_tied"
        return cat.label(key, lang).format(rank=rank, of=of, suffix=suffix, others=tied,
                                           n=tied + 1)
    return cat.label("rank_of", lang).format(rank=rank, of=of, suffix=suffix)


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
