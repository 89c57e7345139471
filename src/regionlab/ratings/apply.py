"""`regionlab ratings apply`: the panel's ratings from filled sheets into the profiles.

Everything is checked before anything is written: every cell of every sheet, every
row against the profiles (a code no profile has, a profile of another year, names
that no longer match their code), and every rewritten profile against the format.
Then all the files are written, or none (transaction.py)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from regionlab.base import yamlio
from regionlab.errors import InputError, Problem
from regionlab.policy.framework import Framework
from regionlab.profile.models import Profile
from regionlab.profile.validate import check_profile
from regionlab.ratings import lines
from regionlab.ratings.panel import PanelRating, panel
from regionlab.ratings.read import Entry, Scale, at, collect
from regionlab.ratings.rows import load_folder
from regionlab.ratings.settings import RatingRules, load_rules
from regionlab.ratings.transaction import Rewrite, write_all

_BOM = b"\xef\xbb\xbf"


class _Source(NamedTuple):
    """A profile as read: its bytes (the file must still hold them when it is written),
    its text and the parse of it, which the edit reuses."""
    raw: bytes
    text: str
    data: Any
    node: yaml.Node


class ApplyReport(NamedTuple):
    rows: int  # filled rows read
    raters: tuple[str, ...]
    regions: int  # regions and years the sheets rate
    changed: tuple[Path, ...]  # profiles rewritten (or that would be, in a dry run)
    ratings: int  # actors given a rating
    panels: int  # ... of them by two raters or more
    disputed: int  # ... of them with raters `discuss_from` apart or more
    diffs: dict[Path, str]  # in a dry run, each changed profile's unified diff
    replaced: tuple[Replaced, ...] = ()  # the profiles' own ratings and notes written over


class Replaced(NamedTuple):
    """A rating or note the profile had before, not a panel's, that the panel's replaced:
    the sheet never showed it to the raters, so the analyst hears of it."""
    path: Path
    actor: str
    rating: float | None  # the profile's own, when the panel's differs
    note: str | None  # the profile's own, when the panel's differs
    new: float | None  # the panel's rating


def apply_ratings(sheets: list[Path], folder: Path, recursive: bool = False,
                  dry_run: bool = False, rules: RatingRules | None = None) -> ApplyReport:
    """Raises InputError listing every problem, before anything is written."""
    rules = rules or load_rules()
    sources: dict[Path, _Source] = {}

    def read(path: Path, fw: Framework) -> Profile:  # each file read and parsed once
        raw = yamlio.read_bytes(path, yamlio.MAX_BYTES, "a profile")
        text = yamlio.decode(raw, str(path))
        data, node = yamlio.parse(text, str(path))
        profile = check_profile(data, node, str(path), fw)
        sources[path] = _Source(raw, text, data, node)
        return profile

    loaded, fw = load_folder([folder], recursive, read)
    entries, problems = collect(sheets, Scale(fw.rating_min, fw.rating_max, rules))
    index = {(p.region.code, p.year): (path, p) for path, p in loaded}
    problems += match(entries, index)
    if problems:
        raise InputError(problems)
    panels = panel(entries, rules)
    rewrites: list[Rewrite] = []
    for region, actors in sorted(panels.items()):
        path, profile = index[region]
        try:
            rewrite = _rewrite(path, sources[path], actors, fw)
        except InputError as e:
            problems += e.problems
            continue
        if rewrite is not None:
            rewrites.append(rewrite)
    if problems:
        raise InputError(problems)
    if not dry_run:
        write_all(rewrites)
    changed = {r.path for r in rewrites}
    replaced = [r for region, actors in sorted(panels.items())
                if index[region][0] in changed
                for r in _replaced(index[region][0], index[region][1], actors)]
    return _report(entries, panels, rewrites, rules, dry_run)._replace(replaced=tuple(replaced))


def _replaced(path: Path, profile: Profile, actors: dict[str, PanelRating]
              ) -> list[Replaced]:
    out = []
    for actor, p in actors.items():
        given = profile.actors[actor]
        if given.raters is not None:  # a panel's figure already: the panel's to change
            continue
        change = _change(p)
        rating = (given.rating if given.rating is not None and change.rating is not None
                  and change.rating != given.rating else None)
        note = (given.note if given.note and change.note is not None
                and change.note != given.note else None)
        if rating is not None or note is not None:
            out.append(Replaced(path, actor, rating, note, change.rating))
    return out


def match(entries: list[Entry], index: dict[tuple[str, int], tuple[Path, Profile]]
          ) -> list[Problem]:
    """A problem for each row that names no profile, or names one by a code whose
    names are not the row's (rows and codes parted: a column sorted on its own?)."""
    years: dict[str, list[int]] = {}
    named: dict[str, str] = {}
    for code, year in index:
        years.setdefault(code, []).append(year)
        p = index[(code, year)][1]
        for name in (p.region.name, p.region.name_local):
            if name:
                named.setdefault(name, code)
    problems = []
    for e in entries:
        found = index.get((e.code, e.year))
        if found is not None:
            problems += _names(e, found[1])
        elif e.code in years:
            have = ", ".join(map(str, sorted(years[e.code])))
            problems.append(at(e.file, e.row, e.columns, "year", "wrong-year",
                               f"{e.code} has a profile for {have}, not {e.year}: is this a "
                               "sheet of another year?"))
        else:
            hint = named.get(e.name_local) or named.get(e.name)
            hint = f"; {e.name_local or e.name} has the code {hint} here" if hint else ""
            problems.append(at(e.file, e.row, e.columns, "code", "unknown-region",
                               f"no profile has the code {e.code!r}{hint}"))
    return problems


def _names(e: Entry, p: Profile) -> list[Problem]:
    given = [(k, v, want) for k, v, want in (("name_local", e.name_local, p.region.name_local),
                                            ("name", e.name, p.region.name)) if v]
    for key, value, want in given:
        if want and value != want:
            return [at(e.file, e.row, e.columns, key, "row-mismatch",
                       f"the row says {value}, but {e.code}'s profile is {want}: rows and "
                       "codes no longer match (was one column sorted on its own?)")]
    return []


def _rewrite(path: Path, source: _Source, actors: dict[str, PanelRating], fw: Framework
             ) -> Rewrite | None:
    """The profile's new bytes (None: it already says all this), or a problem."""
    # the file's own characters: text not in NFC (decode made it so) is edited as it is
    text = source.raw.decode("utf-8-sig")
    nfc = text == source.text
    data, node = (source.data, source.node) if nfc else yamlio.parse(text, str(path))
    changes = {a: _change(p) for a, p in actors.items()}
    try:
        new = lines.edit(text, changes, data, node)
        written = yamlio.parse(new, str(path))
        same = written[0] == lines.expected(data, changes)
    except (InputError, ValueError, LookupError):  # a bug in the edit: refused, not written
        same = False
    if not same:
        raise InputError([Problem(str(path), None, "", "not-written",
                                  "the ratings could not be written into this file without "
                                  "changing something else; write them by hand")])
    if new == text:
        return None
    # the new values make a valid profile too, read as a file is read (in NFC)
    check_profile(*(written if nfc else yamlio.parse(yamlio.nfc(new), str(path))),
                  str(path), fw)
    return Rewrite(path, source.raw,
                   (_BOM if source.raw.startswith(_BOM) else b"") + new.encode("utf-8"))


def _change(p: PanelRating) -> lines.Change:
    panel_of_many = p.raters > 1
    return lines.Change(p.rating, p.spread if panel_of_many else None,
                        p.raters if panel_of_many else None, p.note)


def _report(entries: list[Entry], panels: dict, rewrites: list[Rewrite], rules: RatingRules,
            dry_run: bool) -> ApplyReport:
    rated = [p for actors in panels.values() for p in actors.values() if p.rating is not None]
    diffs = {r.path: "".join(difflib.unified_diff(
        r.old.decode("utf-8-sig").splitlines(keepends=True),
        r.new.decode("utf-8-sig").splitlines(keepends=True), str(r.path), str(r.path)))
        for r in rewrites} if dry_run else {}
    return ApplyReport(len(entries), tuple(sorted({e.rater for e in entries})), len(panels),
                       tuple(r.path for r in rewrites), len(rated),
                       sum(p.raters > 1 for p in rated),
                       sum((p.spread or 0) >= rules.discuss_from for p in rated), diffs)
