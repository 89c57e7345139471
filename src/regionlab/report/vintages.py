"""Which year's figures stand for each assessment year, said on the pages that draw
years side by side: the evidence panel publishes some figures only every few years
(the census every five, local elections every four, fiscal self-reliance here only for
2023), so two assessment years can read the very same figures, or a later one carried
back. A chart of such years shows no change that is not in the data, and the page
says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from regionlab.korea import evidence
from regionlab.policy.catalogue import Catalogue
from regionlab.policy.framework import Framework
from regionlab.profile.models import ACTORS
from regionlab.report import words


def vintage_of(indicator: str, year: int, max_lag: int | None, carry_back: int) -> int | None:
    """The panel vintage the framework's vintage rule picks for `year`."""
    rows = tuple((v, 0.0, "") for v in evidence.vintages(indicator))
    pick = evidence.choose(rows, year, max_lag, carry_back)
    return None if pick is None else pick[0]


def with_evidence(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The actors some row scores on the evidence panel (rows made by `init`)."""
    return [a for a in ACTORS if any(r.get(f"{a}_evidence") is not None for r in rows)]


def vintages(years: Sequence[int], actors: Sequence[str], fw: Framework, cat: Catalogue,
             lang: str) -> dict | None:
    """For each counted panel indicator of `actors`: the vintage read for each year
    ("2023, carried back"), and for each actor the years that read the same figures.
    None when nothing on the page comes from the panel."""
    years = sorted(set(years))
    rows, notes = [], []
    for actor in actors:
        picks: dict[int, list[int | None]] = {y: [] for y in years}
        for name, ind in fw.indicators.get(actor, {}).items():
            if not (ind.panel and ind.counted):
                continue
            cells = []
            for y in years:
                v = vintage_of(name, y, ind.max_lag, ind.carry_back)
                picks[y].append(v)
                cells.append(_cell(v, y, cat, lang))
            rows.append({"actor": cat.title("actors", actor, lang),
                         "indicator": ind.label.get(lang) or ind.label["en"],
                         "source": words.agencies(ind.source, lang, cat), "cells": cells})
        same: dict[tuple, list[int]] = {}
        for y in years:
            if picks[y] and None not in picks[y]:
                same.setdefault(tuple(picks[y]), []).append(y)
        for figures, ys in same.items():
            if len(ys) > 1:
                notes.append(cat.label("vintage_same", lang).format(
                    actor=cat.title("actors", actor, lang),
                    years=words.join([str(y) for y in ys], lang),
                    vintages=words.join([str(v) for v in dict.fromkeys(figures)], lang)))
    if not rows:
        return None
    return {"years": years, "rows": rows, "notes": notes}


def _cell(vintage: int | None, year: int, cat: Catalogue, lang: str) -> dict:
    if vintage is None:
        return {"text": "—", "flag": "none"}
    if vintage > year:
        return {"text": f"{vintage}{words.aside(cat.label('carried_back', lang), lang)}",
                "flag": "back"}
    return {"text": str(vintage), "flag": "same" if vintage != year else "own"}
