"""Template profiles for Korean local governments: the library behind `regionlab init`.

A template is a valid region profile (format v1) filled from regionlab's reference
tables: the unit's code and names on the reference date, the designations in force that
year, the official context figures that ship with regionlab (only for the years they
describe), and under each actor the evidence panel's figures that the framework's
vintage rule allows for the year, each with its vintage and source. Ratings are left for
the analyst. An actor without figures has no capacity, so it is reported as missing
instead of being guessed.

The text is written by hand rather than dumped from data, so that it can carry the
comments that tell the analyst what to fill in; every value is either a number, a
fixed word, or passed through `_scalar`, which quotes anything YAML could misread.
The same inputs always give the same bytes (no timestamps, sorted lists).
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
from datetime import date
from pathlib import Path
from typing import NamedTuple

from regionlab.errors import RegionlabError
from regionlab.korea import designations, evidence, reference
from regionlab.korea.reference import COVERAGE_START, ReferenceLookupError
from regionlab.output.atomic import write_many, write_new
from regionlab.policy.framework import Framework, load_framework
from regionlab.policy.packaged import packaged
from regionlab.profile.models import ACTORS, FORMAT, FUNDING, OUTCOMES, STAGES, TYPES

PROFILE_SUFFIXES = (".yaml", ".yml")
COMMENT_COLUMN = 29  # trailing comments start here, as in the example profiles
FIGURES_YEAR = 2025  # population figures: resident registration, 2025-06-30
FISCAL_YEAR = 2023  # fiscal self-reliance: the latest year in the KOSIS export

def actor_guide(actor: str) -> tuple[str, str, str, str]:
    """What a rating of 1, 3 and 5 means for the actor, in English: the scale raters use
    (data/ratings.yaml), so the template and the rating sheet say the same. The scale is
    regionlab's (capacity = (rating - 1) x 25), the wording ours: the source presentation
    grades actors' capacity but does not define the points."""
    from regionlab.ratings.settings import load_rules  # stdlib and the schema only

    words = load_rules().scale[actor]
    return (words["title"]["en"], f"1 = {words['1']['en']};", f"3 = {words['3']['en']};",
            f"5 = {words['5']['en']}.")


INDICATORS_NAMED = 3  # indicator names suggested per actor in the comments


# A NamedTuple, not a frozen dataclass: as immutable, and defined without compiling
# methods as the module is imported (about 0.7 ms each, on every run).
class InitReport(NamedTuple):
    """What `init_all` did: files written, existing files left alone, the list's date."""

    written: list[Path]
    skipped: list[Path]
    date: date


# --- the reference date ---------------------------------------------------------------------


def reference_date(year: int, as_of: date | None = None) -> date:
    """The date whose list of local governments a year's profiles use.

    `as_of` if given, else 31 December of the year (the map as it stood when the year
    ended: 2026 -> 227 units, since the Incheon and Gwangju-Jeonnam changes of
    2026-07-01). Never later than the date the reference table was compiled on
    (`reference_as_of()`): past it the table knows of no change, so a later date would
    only pretend to knowledge the table lacks; the list is the same either way.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"year must be an integer, not {year!r}")
    on = as_of if as_of is not None else date(year, 12, 31)
    if on < COVERAGE_START:
        raise ReferenceLookupError(
            f"no list of local governments for {on} (year {year}): regionlab's reference "
            f"table starts on {COVERAGE_START}")
    return min(on, reference_as_of())


def reference_as_of() -> date:
    """The date the reference table of local governments was compiled (its `as_of`):
    read by the reference table's own reader (korea/reference.py), the one reader."""
    return reference.as_of()


@functools.cache
def _header(name: str) -> dict[str, list[str]]:
    """'# key: value' lines at the top of a reference CSV, by key, in file order."""
    text = packaged(f"reference/{name}").read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(": ")
        if sep:
            found.setdefault(key, []).append(value.strip())
    return found


def _context_source(keyword: str) -> str:
    """The source line of kr_context_2025.csv that mentions `keyword`, word for word."""
    for source in _header("kr_context_2025.csv").get("source", []):
        if keyword in source:
            return source
    raise RegionlabError(f"kr_context_2025.csv names no source mentioning {keyword!r}")


def population_source() -> str:
    return _context_source("resident registration")


def fiscal_source() -> str:
    return _context_source("fiscal self-reliance")


# --- one template ---------------------------------------------------------------------------


def file_name(gov: reference.LocalGov, year: int) -> str:
    """'52130-gunsan-2025.yaml': the code makes it unique on any date, the name
    readable, the year keeps the profiles of several years apart in one folder."""
    slug = re.sub(r"[^a-z0-9]+", "-", gov.name_en.lower()).strip("-")
    return f"{gov.code}-{slug or 'unit'}-{year}.yaml"


def check_year(year: int) -> None:
    """A year the reference tables describe; a template for another would name units
    and codes the tables cannot vouch for (and, past 2100, fail validation)."""
    first, last = COVERAGE_START, reference_as_of()
    if isinstance(year, bool) or not isinstance(year, int) or not first.year <= year <= last.year:
        raise ReferenceLookupError(
            f"no reference data for {year}: regionlab's table of Korean local governments "
            f"covers {first} to {last}; give a year from {first.year} to {last.year}")


def template(gov: reference.LocalGov, year: int, on: date | None = None) -> str:
    """The YAML text of a template profile of `gov` for `year`.

    `on` is the date of the list `gov` was taken from (default: `reference_date(year)`);
    it is only quoted in comments and used to name the parent sido as it was then.
    """
    return _template(gov, year, on, _Shared.now())


class _Shared(NamedTuple):
    """What every template of one run says alike, worked out once per run: the
    framework, and each actor's comment lines (its rating scale, its own figures)."""
    fw: Framework
    actor_notes: dict[str, list[str]]

    @classmethod
    def now(cls) -> _Shared:
        fw = load_framework()
        return cls(fw, {actor: _actor_notes(actor, fw) for actor in ACTORS})


def _template(gov: reference.LocalGov, year: int, on: date | None, shared: _Shared) -> str:
    on = _date_in_force(gov, on or reference_date(year))
    figures = _figures(gov, year)
    got, missing = evidence.figures(gov.code, year, shared.fw)
    lines = [
        *_head(gov, year, on),
        f"format: {FORMAT}",
        "region:",
        *_region(gov, on),
        f"year: {year}",
        "context:",
        *_designations(gov, year, shared.fw),
        *figures.lines,
        "actors:",
        *_actors(got, missing, shared),
        *_initiatives_example(),
        "sources:",
        *(f"  - {_quoted(s)}"
          for s in [_code_source(on), *figures.sources, *_evidence_sources(got, shared.fw)]),
    ]
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=256)  # the same few sources in every template of a run
def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _date_in_force(gov: reference.LocalGov, on: date) -> date:
    """`on` if the unit was in force then; else its last (or first) day, so that comments
    and the parent never describe a map the unit was not part of."""
    if gov.valid_on(on):
        return on
    if gov.valid_to is not None and on > gov.valid_to:
        return gov.valid_to
    return gov.valid_from or on


def _head(gov: reference.LocalGov, year: int, on: date) -> list[str]:
    where = f"{gov.name_ko}, {gov.parent_name_ko}" if gov.parent_name_ko else gov.name_ko
    return [
        f"# regionlab template profile: {gov.name_en_full} ({where}), {year}",
        "#",
        "# Written by `regionlab init` from regionlab's reference tables of Korean local",
        f"# governments (the units in force on {on}). The region, the designations, the",
        "# figures under `context` and each actor's `indicators` are official and sourced",
        "# (see `sources` and the comment beside each figure: its year and where it is",
        "# from); the actor ratings are NOT: they are left for the analyst. As it is, the",
        "# file is valid and assesses on the evidence alone; an actor without figures has",
        "# no capacity (nothing is guessed).",
        "#",
        "# To add your judgement, for each of the four actors under `actors` set",
        "#   rating: 1-5     (1 = very weak, 3 = middling, 5 = strong; what that means for",
        "#                   each actor is said above it): regionlab then shows the rating",
        "#                   and the evidence side by side and combines them,",
        "#   note:           your reasoning,",
        "# and add the source of every judgement to `sources`. Add initiatives, if any (see",
        "# the commented example).",
    ]


def _region(gov: reference.LocalGov, on: date) -> list[str]:
    lines = [
        _pad(f'  code: "{gov.code}"', f"MOIS administrative code in force on {on}"),
        f"  name: {_scalar(gov.name_en)}",
        f"  name_local: {_scalar(gov.name_ko)}",
    ]
    parent = reference.get(gov.parent_code, on) if gov.parent_code else None
    if parent is not None:
        lines.append(_pad(f"  parent: {_scalar(parent.name_en_full)}", parent.name_ko))
    elif gov.parent_name_ko:  # not expected: the table lists every sido of every date
        lines.append(f"  parent: {_scalar(gov.parent_name_ko)}")
    lines.append("  country: KR")
    return lines


def _designations(gov: reference.LocalGov, year: int, fw: Framework) -> list[str]:
    """The designations the reference table has in force in `year` (any day of it)."""
    found = designations.in_force(gov.code, year)
    lines = list(_designations_note(year, tuple(sorted(set(fw.designations) - set(found)))))
    for name, period in sorted(found.items()):
        mark = "MOIS notice" if period.official else "press reports"
        lines.append(f"  #   {name}: {period.span()} ({mark})")
        if period.reading:  # how the dates were read, e.g. "... (to confirm)"
            lines += _wrap(period.reading, "  #     ")
    return [*lines, f"  designations: [{', '.join(sorted(found))}]"]


@functools.lru_cache(maxsize=64)  # a few sets of designations in a year
def _designations_note(year: int, others: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_wrap(f"Designations in force in {year} (on any day of it), from "
                       "regionlab's reference table (population decline: MOIS notices; "
                       "crisis areas: press reports, not an official list). Others allowed: "
                       + ", ".join(others) + ".", "  # "))


class _Figures(NamedTuple):
    lines: list[str]
    sources: list[str]


def _figures(gov: reference.LocalGov, year: int) -> _Figures:
    """The context figures that describe `year`, each with a comment naming its source.

    Population figures are June 2025, so they go into 2025 profiles only. The fiscal
    self-reliance ratio is a 2023 figure: it goes into 2023 profiles, where it is that
    year's figure, and into 2025 profiles marked as the 2023 figure (the latest
    available), as the example profiles do; other years get none rather than a figure
    from another year presented as theirs.
    """
    figures = reference.context_2025(gov.code) if year in (FISCAL_YEAR, FIGURES_YEAR) else None
    lines: list[str] = []
    sources: list[str] = []
    if year == FIGURES_YEAR and figures is not None:
        lines += _population_lines(figures)
        sources.append(population_source())
    if figures is not None:
        fiscal = figures["fiscal_self_reliance_pct"]
        if fiscal is None:
            lines.append(f"  # fiscal_self_reliance_pct: no {FISCAL_YEAR} figure for this unit "
                         "in the KOSIS export")
        else:
            when = (f"{FISCAL_YEAR}" if year == FISCAL_YEAR
                    else f"{FISCAL_YEAR} figure (latest available)")
            lines.append(_pad(f"  fiscal_self_reliance_pct: {fiscal!r}",
                              f"{when}; KOSIS fiscal self-reliance"))
            sources.append(fiscal_source())
    return _Figures(lines + _missing_note(gov, year, figures), sources)


def context_figures(gov: reference.LocalGov, year: int) -> dict[str, object]:
    """The `context` of the template of `gov` for `year`, as data: its designations and
    the figures `_figures` writes (report/nation.py assesses the nation on the same;
    tests/test_nation_engine.py holds the two together)."""
    out: dict[str, object] = {"designations": sorted(designations.in_force(gov.code, year))}
    figures = reference.context_2025(gov.code) if year in (FISCAL_YEAR, FIGURES_YEAR) else None
    if figures is None:
        return out
    if year == FIGURES_YEAR:
        out.update({k: figures[k] for k in ("population", "women_20_39", "population_65plus")})
    if figures["fiscal_self_reliance_pct"] is not None:
        out["fiscal_self_reliance_pct"] = figures["fiscal_self_reliance_pct"]
    return out


def _population_lines(figures: dict) -> list[str]:
    women, old = figures["women_20_39"], figures["population_65plus"]
    registration = f"MOIS resident registration, {reference.CONTEXT_DATE}"
    lines = [
        _pad(f"  population: {figures['population']}", f"residents; {registration}"),
        _pad(f"  women_20_39: {women}", f"women aged 20-39; {registration}"),
        _pad(f"  population_65plus: {old}", f"residents aged 65 and over; {registration}"),
    ]
    if old:  # the rules derive the index themselves; the comment only shows it
        lines.append(f"  # local extinction risk index (derived): {women:,} / {old:,} = "
                     f"{women / old:.3f}")
    return lines


def _missing_note(gov: reference.LocalGov, year: int, figures: dict | None) -> list[str]:
    """Say why figures are absent, so an empty `context` is not read as an oversight."""
    if year not in (FISCAL_YEAR, FIGURES_YEAR):
        return [f"  # No context figures for {year} ship with regionlab (population figures are",
                f"  # of {reference.CONTEXT_DATE}; the evidence figures under each actor's",
                "  # indicators carry their own years). Add population, women_20_39,",
                "  # population_65plus, fiscal_self_reliance_pct for "
                f"{year} if you have them,",
                "  # each with its source in `sources`."]
    if figures is None:
        level = "a sido-level unit" if gov.level == "sido" else "not a unit on that date"
        return [f"  # No official figures for this unit ship with regionlab: the figures of "
                f"{reference.CONTEXT_DATE}",
                f"  # cover the basic local governments of that date, and {gov.code} is {level}."]
    if year == FISCAL_YEAR:
        return [f"  # No population figures for {year} ship with regionlab (only those of "
                f"{reference.CONTEXT_DATE})."]
    return []


def _missing_lines(missing: list) -> list[str]:
    """Why figures are absent, each reason once with the indicators it concerns (a unit
    the panel leaves out gives one reason for all of an actor's figures)."""
    by_reason: dict[str, list[str]] = {}
    for m in missing:
        by_reason.setdefault(m.reason, []).append(m.indicator)
    lines = []
    for reason, names in by_reason.items():
        what = (f"No figure of {names[0]}" if len(names) == 1
                else f"No figures of {', '.join(names)}")
        lines += textwrap.wrap(f"{what}: {reason}.", 88, initial_indent="  #   ",
                               subsequent_indent="  #     ")
    return lines


def _actor_notes(actor: str, fw: Framework) -> list[str]:
    """The comment above an actor: what its ratings mean, and the figures of its own an
    analyst may add (the same in every template)."""
    title, one, three, five = actor_guide(actor)
    own = [f"{n} ({i.unit})" for n, i in fw.indicators[actor].items() if not i.panel]
    return [f"  # {title}.", f"  #   {one}", f"  #   {three}", f"  #   {five}",
            *_wrap_items("Your own figures may go under indicators too:", own, "  #   ",
                         "  #     ")]


def _actors(got: list[evidence.Figure], missing: list[evidence.Missing],
            shared: _Shared) -> list[str]:
    lines: list[str] = []
    for actor in ACTORS:
        mine = [f for f in got if f.actor == actor]
        notes = shared.actor_notes[actor]
        lines += notes[:4]
        lines += _missing_lines([m for m in missing if m.actor == actor])
        lines += notes[4:]
        if not mine:
            lines.append(_pad(f"  {actor}: {{}}", "rating: 1-5 (fill in); no evidence figures"))
            continue
        lines += [f"  {actor}:", _pad("    rating: null", "1-5: your judgement (fill in)"),
                  "    indicators:"]
        for f in mine:
            when = (f"{f.vintage}, carried back {f.vintage - f.year} year(s)"
                    if f.carried_back else f"{f.vintage}")
            lines.append(_pad(f"      {f.indicator}: {{value: {f.value!r}, year: {f.vintage}}}",
                              f"{when}: {f.raw}"))
    return lines


def _evidence_sources(got: list[evidence.Figure], fw: Framework) -> list[str]:
    """The panel's sources, when the template has any of its figures."""
    used = sorted({fw.indicators[f.actor][f.indicator].source for f in got})
    return [f"evidence panel (kr_evidence.csv, built by scripts/build_reference.py): {u}"
            for u in used]


def _initiatives_example() -> list[str]:
    return [
        "# initiatives:                # optional: the region's innovation initiatives, e.g.",
        "#   - name: Shared parking for residents",
        f"#     type: process           # {' | '.join(TYPES)}",
        f"#     stage: prototype        # {' | '.join(STAGES)}",
        f"#     lead: residents         # {' | '.join(ACTORS)}",
        f"#     funding: own            # optional: {' | '.join(FUNDING)}",
        f"#     outcome: improved       # optional: {' | '.join(OUTCOMES)}",
    ]


def _code_source(on: date) -> str:
    return (f"regionlab reference table of Korean local governments "
            f"(kr_local_governments.csv, as of {reference_as_of()}): MOIS administrative "
            f"code and names in force on {on}")


def _wrap(text: str, prefix: str, then: str | None = None) -> list[str]:
    """A comment wrapped to the line length of the repository's code (100)."""
    return textwrap.wrap(text, width=100, initial_indent=prefix,
                         subsequent_indent=then or prefix, break_on_hyphens=False)


def _wrap_items(lead: str, items: list[str], prefix: str, then: str) -> list[str]:
    """Like `_wrap`, but never breaks inside an item ('village_communities_per_10k
    (per 10,000 residents)' stays on one line)."""
    lines = [f"{prefix}{lead}"]
    for i, item in enumerate(items):
        item += "," if i < len(items) - 1 else ""
        if len(lines[-1]) + 1 + len(item) > 100 and lines[-1] != f"{prefix}{lead}":
            lines.append(f"{then}{item}")
        else:
            lines[-1] += f" {item}"
    return lines


def _pad(text: str, comment: str) -> str:
    return f"{text:<{COMMENT_COLUMN - 1}} # {comment}"


_PLAIN = re.compile(r"[A-Za-z\uac00-\ud7a3][A-Za-z0-9\uac00-\ud7a3 .-]*")
# Words YAML 1.1 reads as booleans or null when unquoted (PyYAML does).
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})


def _scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when it can only be read as this text, else a
    JSON string (a valid YAML double-quoted scalar)."""
    plain = (_PLAIN.fullmatch(text) is not None and not text.endswith((" ", "-"))
             and text.lower() not in _YAML_WORDS)
    return text if plain else json.dumps(text, ensure_ascii=False)


# --- writing files --------------------------------------------------------------------------


def init_one(query: str, year: int, out: Path, overwrite: bool = False,
             as_of: date | None = None) -> Path | None:
    """Write the template of the unit `query` names (code, Korean or English name).

    `out` is a folder (the file is named by `file_name`) or a .yaml/.yml file path.
    Returns the path written, or None if the file exists and `overwrite` is false.
    Raises ReferenceLookupError if nothing or several units match (the candidates are
    listed in the message and in `.candidates`).
    """
    check_year(year)
    on = reference_date(year, as_of)
    gov = reference.find(query, on)  # raises, listing candidates, when ambiguous
    if gov is None:
        raise ReferenceLookupError(
            f"no local government matches {query!r} on {on} (the list used for year {year}); "
            "give a Korean or English name (군산시, 군산, Gunsan) or a MOIS code (52130)")
    out = Path(out)
    if out.suffix.lower() in PROFILE_SUFFIXES:
        _folder(out.parent)
        target = out
    else:  # a folder (made if need be; the command line asks for an existing one)
        target = _folder(out) / file_name(gov, year)
    return target if write_new(target, template(gov, year, on), overwrite) else None


def init_all(year: int, folder: Path, overwrite: bool = False,
             as_of: date | None = None) -> InitReport:
    """Write a template for every basic local government of the year's reference date
    into `folder` (created if needed); existing files are left alone unless `overwrite`."""
    check_year(year)
    on = reference_date(year, as_of)
    folder = _folder(Path(folder))
    files = []
    shared = _Shared.now()
    for gov in reference.local_governments(on):
        target = folder / file_name(gov, year)
        # an existing file is kept (unless overwrite): no need to make its text
        keep = target.exists() and not overwrite
        files.append((target, "" if keep else _template(gov, year, on, shared)))
    written, skipped = write_many(files, overwrite)
    return InitReport(written=written, skipped=skipped, date=on)


def _folder(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise RegionlabError(f"{path} exists and is not a folder")
    path.mkdir(parents=True, exist_ok=True)
    return path
