"""The rows of a rating sheet, from a folder of profiles: one per region and year,
with each actor's evidence (its indicator score, 0-100) and the figures behind it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from regionlab.engine.scoring import score_actor
from regionlab.errors import InputError, Problem
from regionlab.output.wording import unit_text
from regionlab.policy import languages
from regionlab.policy.catalogue import load_catalogue
from regionlab.policy.framework import Framework, load_framework
from regionlab.profile.discover import profile_paths
from regionlab.profile.models import ACTORS, Profile
from regionlab.profile.validate import load_profile
from regionlab.ratings.settings import RatingRules

# the sheet's columns, by key: the region's, then four per actor
REGION_KEYS = ("code", "name_local", "name", "province", "year", "rater")
ACTOR_PARTS = ("evidence", "figures", "rating", "note")


def keys() -> list[str]:
    return [*REGION_KEYS, *(f"{actor}_{part}" for actor in ACTORS for part in ACTOR_PARTS)]


class Evidence(NamedTuple):
    score: float | None  # the actor's indicator score, when its indicators count
    figures: str  # each figure with its unit and year, in the language


class RegionRow(NamedTuple):
    code: str
    name_local: str
    name: str
    province: str
    year: int
    evidence: dict[str, Evidence]


def load_folder(paths: list[Path], recursive: bool = False,
                read: Callable[[Path, Framework], Profile] = load_profile
                ) -> tuple[list[tuple[Path, Profile]], Framework]:
    """Every profile under `paths`, each read by `read`; raises InputError listing every
    bad file, and every region and year given by two files (a sheet row must name one
    profile)."""
    fw = load_framework()
    problems: list[Problem] = []
    files = profile_paths(paths, recursive, problems)
    loaded: list[tuple[Path, Profile]] = []
    for path in files:
        try:
            loaded.append((path, read(path, fw)))
        except InputError as e:
            problems += e.problems
    seen: dict[tuple[str, int], Path] = {}
    for path, p in loaded:
        first = seen.setdefault((p.region.code, p.year), path)
        if first != path:
            problems.append(Problem(str(path), None, "region.code", "duplicate-region",
                                    f"region {p.region.code} in {p.year} is also in {first}; "
                                    "a sheet row must name one profile: keep one"))
    if not files and not problems:
        problems.append(Problem(", ".join(map(str, paths)), None, "", "no-profiles",
                                "no profile files (.yaml, .yml) here"))
    if problems:
        raise InputError(problems)
    return loaded, fw


def region_rows(loaded: list[tuple[Path, Profile]], fw: Framework, rules: RatingRules,
                lang: str) -> list[RegionRow]:
    """The sheet's rows, by code then year."""
    rows = [RegionRow(p.region.code, p.region.name_local or "", p.region.name,
                      _province(p, lang), p.year,
                      {a: _evidence(a, p, fw, rules, lang) for a in ACTORS})
            for _, p in loaded]
    return sorted(rows, key=lambda r: (r.code, r.year))


def _province(p: Profile, lang: str) -> str:
    """The upper-level region: in Korean from the reference table for a Korean code
    in a sheet whose language names Korean regions in Korean, else as the profile gives it."""
    if languages.language(lang).korean_names and p.region.country == "KR":
        from regionlab.korea import reference

        gov = reference.in_force_in(p.region.code, p.year)
        if gov is not None and gov.parent_name_ko:
            return gov.parent_name_ko
    return p.region.parent or ""


def _evidence(actor: str, p: Profile, fw: Framework, rules: RatingRules, lang: str
              ) -> Evidence:
    scored = score_actor(actor, p.actors[actor], fw)
    cat = load_catalogue()  # the units in the language ('points' -> '%포인트')
    parts = []
    # the figures that count first; those shown beside them (weight 0) after, marked
    for i in sorted(scored.indicators, key=lambda i: i.weight <= 0):
        ind = fw.indicators[actor][i.name]
        when = ""
        if i.year is not None:
            later = f", {rules.word('carried_back', lang)}" if i.year > p.year else ""
            when = f" ({i.year}{later})"
        shown = f" [{rules.word('not_counted', lang)}]" if i.weight <= 0 else ""
        parts.append(f"{ind.label[lang]} {i.value:g} {unit_text(ind.unit, cat, lang)}{when}"
                     f"{shown}")
    score = None if scored.indicator_score is None else round(scored.indicator_score, 1)
    return Evidence(score, "; ".join(parts))
