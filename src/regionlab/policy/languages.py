"""The languages regionlab speaks (data/languages.yaml): their ids in the order the
CLI offers them, each one's conventions of writing (which name of a region comes
first, list separator, brackets, ...), and whether every labelled text of the data
files is given in it. Code asks a language for its conventions and never which
language it is; a language with texts missing is refused with the list of them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from regionlab.base import yamlio
from regionlab.base.schema import (
    CoreSchema,
    Invalid,
    Schema,
    boolean,
    list_of,
    mapping,
    one_of,
    record,
    text,
)
from regionlab.errors import MAX_PROBLEMS, InputError, Problem, RegionlabError, too_many
from regionlab.policy.cache import by_contents, cached, note_read, stamp
from regionlab.policy.packaged import DATA, parse_kept

FILE = "languages.yaml"
ASIDE = "{}"  # where an aside's remark goes: "({})", "（{}）"


def _schema(aside: CoreSchema) -> CoreSchema:
    return record(required={
        "format": one_of("regionlab/languages/v1"),
        "languages": mapping(record(required={
            "name": mapping(text(min_length=1)),
            "as_written": boolean(),
            "korean_names": boolean(),
            "list_separator": text(min_length=1),
            "aside": aside,
            "sentence_space": text(),
            "latin": boolean(),
            "fonts": list_of(text(min_length=1)),
        }), keys=text(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")),
    })


SCHEMA = Schema(_schema(text(pattern=r"\{\}")))  # ASIDE in it
# The same but for the pattern of `aside`, which `_check` tests itself: an aside in
# full-width brackets is not ASCII, whose pattern base/schema leaves to pydantic-core,
# and importing it (40 ms) was most of checking the list on a first run.
_UNPATTERNED = Schema(_schema(text()))


class Language(NamedTuple):
    id: str
    name: dict[str, str]  # language id -> this language's name in it
    as_written: bool  # the data's ids, sources and notes are written in it
    korean_names: bool  # a Korean region by its Korean name alone
    list_separator: str
    aside: str  # "{}" in its brackets: " ({})", "（{}）"
    sentence_space: str
    latin: bool
    fonts: tuple[str, ...]

    def join(self, items: list[str]) -> str:
        """A list in the language's own punctuation."""
        return self.list_separator.join(items)

    def remark(self, text: str) -> str:
        """A remark after a word, in the language's brackets: ' (text)', '（text）'."""
        return self.aside.format(text)


@cache
def languages() -> dict[str, Language]:
    """Every language of languages.yaml, in its order."""
    data = cached(DATA / FILE, "languages", _check)
    return {id_: Language(id_, e["name"], e["as_written"], e["korean_names"],
                          e["list_separator"], e["aside"], e["sentence_space"], e["latin"],
                          tuple(e["fonts"]))
            for id_, e in data["languages"].items()}


def _check(path: Path) -> dict:
    data, node = yamlio.load_file(path)
    try:
        checked = _UNPATTERNED.errors_or_data(data)
        fits = all(ASIDE in e["aside"] for e in checked["languages"].values())
    except Invalid:
        fits = False
    if not fits:  # SCHEMA refuses it, and says what is wrong
        checked = SCHEMA.check(data, node, str(path))
    found = checked["languages"]
    problems = []
    written = [id_ for id_, e in found.items() if e["as_written"]]
    if len(written) != 1:
        problems.append(Problem(str(path), yamlio.line_of(node, ("languages",)), "languages",
                                "invalid-value", "exactly one language is `as_written: true` "
                                f"(the one the data's ids and notes are written in); found "
                                f"{len(written)}: {', '.join(written) or 'none'}"))
    for id_, e in found.items():
        where = ("languages", id_, "name")
        for other in sorted(set(e["name"]) - set(found)):
            problems.append(Problem(str(path), yamlio.line_of(node, (*where, other)),
                                    ".".join((*where, other)), "unknown-key",
                                    f"'{other}' is not a language of this file; use one of "
                                    f"{', '.join(found)}"))
    if problems:
        raise InputError(problems)
    return checked


def ids() -> tuple[str, ...]:
    return tuple(languages())


def as_written() -> str:
    """The language the data's ids, sources and notes are written in (English)."""
    return next(id_ for id_, lang in languages().items() if lang.as_written)


def language(lang: str) -> Language:
    """A language's conventions; an unknown one is refused with the list of them."""
    found = languages().get(lang)
    if found is None:
        raise RegionlabError(f"'{lang}' is not a language; use one of {', '.join(ids())}")
    return found


def texts(min_length: int = 0) -> CoreSchema:
    """A labelled text, {en: ..., ko: ..., ja: ...}: keys from the list only. The
    language the data are written in is required; another may be missing from a file
    (a language being added): that language is refused when asked for (`require`),
    not the file, so the others keep working."""
    base = as_written()
    return record(required={base: text(min_length=min_length)},
                  optional={lang: (text(min_length=min_length), None)
                            for lang in ids() if lang != base})


# -- completeness ---------------------------------------------------------------------

def labelled_files() -> tuple[Path, ...]:
    """The data files, found rather than listed: any may hold labelled texts."""
    return tuple(sorted(DATA.glob("*.yaml")))


def labelled(path: Path) -> list[list[Any]]:
    """[field, line, {language: text}] of each labelled text of a data file: a mapping
    whose keys are all languages of the list (blank texts left out)."""
    note_read(DATA / FILE)  # what a language is: cached per version of the list too
    known = set(ids())
    data, node = yamlio.load_file(path)
    out: list[list[Any]] = []

    def walk(value: Any, where: tuple) -> None:
        if _is_labelled(value, known):
            given = {lang: t for lang, t in value.items() if _given(t)}
            out.append([".".join(map(str, where)), yamlio.line_of(node, where), given])
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*where, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*where, i))

    walk(data, ())
    return out


def _is_labelled(value: Any, known: set[str]) -> bool:
    """A labelled text: a mapping whose keys are all languages of the list, each text
    or nothing."""
    return (isinstance(value, dict) and bool(value) and value.keys() <= known
            and all(isinstance(t, str) or t is None for t in value.values()))


def _given(text_: str | None) -> bool:
    """A text given, not left blank."""
    return bool(text_ and text_.strip())


def _texts_of(path: Path) -> list[list[Any]]:
    return cached(path, "labelled", labelled)


def _capped(problems: list[Problem], file: str) -> list[Problem]:
    more = len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + ([too_many(file, more)] if more > 0 else [])


def missing(lang: str) -> list[Problem]:
    """Every labelled text of the data files not given in `lang`, at its line."""
    name = language(lang).name.get(as_written(), lang)
    problems = []
    for path in labelled_files():
        problems += _capped([Problem(str(path), line, field, "missing-translation",
                                     f"no {name} text ('{lang}'): every labelled text "
                                     f"needs one in each language of {FILE}")
                             for field, line, given in _texts_of(path) if lang not in given],
                            str(path))
    return problems


def require(lang: str) -> Language:
    """A language that can be used: known, and complete in every data file."""
    found = language(lang)
    if not _complete(lang):
        raise InputError(missing(lang))
    return found


def _complete(lang: str) -> bool:
    """Whether `missing(lang)` finds nothing, kept on disk by the stamps of the data files
    (policy/cache.by_contents): every command asks, and reading each file's texts
    again costs 4 ms."""
    files = [DATA / FILE, *labelled_files()]
    key = json.dumps([lang, [stamp(p) for p in files]], ensure_ascii=False)
    return bool(by_contents("complete", key, lambda: _given_everywhere(lang)))


def _given_everywhere(lang: str) -> bool:
    """Whether `missing(lang)` finds nothing, found without what only a missing text
    needs: the line of each text, and each file's texts kept in the cache (`labelled`).
    The first run after an install asks it on every command, where `missing` took 40 ms;
    a language found incomplete is then listed by `missing`."""
    known = set(ids())
    # each file's data kept for its own check, which may follow in this run
    return all(_given_in(parse_kept(path), lang, known) for path in labelled_files())


def _given_in(data: Any, lang: str, known: set[str]) -> bool:
    """Whether every labelled text in `data` (as `labelled` finds them) is given in
    `lang`, not blank."""
    todo = [data]
    while todo:
        value = todo.pop()
        if _is_labelled(value, known):
            if not _given(value.get(lang)):
                return False
        elif isinstance(value, dict):
            todo.extend(value.values())
        elif isinstance(value, list):
            todo.extend(value)
    return True


# -- copies ---------------------------------------------------------------------------

UNTRANSLATED = "untranslated.yaml"
ALLOWED = Schema(record(required={
    "format": one_of("regionlab/untranslated/v1"),
    # words in Latin letters a text in a language not written in them may show
    "words": list_of(text(min_length=1)),
    # whole texts that may read the same in two languages ("%")
    "same": list_of(text(min_length=1)),
}))


@cache
def untranslated() -> dict[str, list[str]]:
    """The allow-list of data/untranslated.yaml: {"words": [...], "same": [...]}."""
    return ALLOWED.check_file(DATA / UNTRANSLATED)


def copies(lang: str) -> list[Problem]:
    """Every labelled text of `lang` that reads the same as another language's, beyond
    the texts untranslated.yaml allows: a text left untranslated, or a language made
    by copying another."""
    allowed = set(untranslated()["same"])
    problems = []
    for path in labelled_files():
        problems += _capped([
            Problem(str(path), line, field, "same-text",
                    f"the '{lang}' text is the '{other}' one ('{given[lang]}'): translate "
                    f"it, or allow it in {UNTRANSLATED} (same)")
            for field, line, given in _texts_of(path)
            if lang in given and given[lang] not in allowed  # missing: see missing()
            for other in [next((o for o in given if o != lang and given[o] == given[lang]),
                               None)] if other is not None], str(path))
    return problems
