"""From several raters' rows to the panel's rating of each region's actors: the
figure by the rule of ratings.yaml (median by default), the spread (highest rating
minus lowest) and the number of raters; and their notes, each signed."""

from __future__ import annotations

from typing import NamedTuple

from regionlab.profile.models import ACTORS
from regionlab.ratings.read import Entry
from regionlab.ratings.settings import RatingRules


class PanelRating(NamedTuple):
    rating: float | None  # None: nobody rated the actor (a note alone)
    spread: float | None  # None for one rater
    raters: int  # how many rated it
    note: str | None  # None: no rater wrote one (the profile's note is kept)
    by_rater: tuple[tuple[str, float], ...]  # each rater's rating, by rater


def panel(entries: list[Entry], rules: RatingRules
          ) -> dict[tuple[str, int], dict[str, PanelRating]]:
    """(code, year) -> actor -> the panel's rating, for every actor anyone rated or
    wrote a note on."""
    grouped: dict[tuple[str, int], list[Entry]] = {}
    for e in entries:
        grouped.setdefault((e.code, e.year), []).append(e)
    out = {}
    for region, rows in grouped.items():
        rows = sorted(rows, key=lambda e: e.rater)
        actors = {a: _actor(a, rows, rules) for a in ACTORS}
        out[region] = {a: p for a, p in actors.items() if p is not None}
    return out


def _actor(actor: str, rows: list[Entry], rules: RatingRules) -> PanelRating | None:
    by_rater = tuple((e.rater, e.ratings[actor]) for e in rows if actor in e.ratings)
    notes = [(e.rater, e.notes[actor]) for e in rows if actor in e.notes]
    if not by_rater and not notes:
        return None
    ratings = [r for _, r in by_rater]
    rating = rules.panel_figure(ratings) if ratings else None
    spread = max(ratings) - min(ratings) if len(ratings) > 1 else None
    voices = {rater for rater, _ in by_rater} | {rater for rater, _ in notes}
    if len(voices) == 1:  # one rater: the note as written
        note = notes[0][1] if notes else None
    else:  # a panel: each note signed by its rater
        note = "; ".join(f"{rater}: {text}" for rater, text in notes) or None
    return PanelRating(rating, spread, len(ratings), note, by_rater)
