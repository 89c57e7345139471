"""Words a report shows, in the reader's language: provinces, units of indicators, the
names a rule reads, its comparisons, its source, the agencies behind a figure, and a rank.
Every word comes from the interface labels (ui.yaml) or the catalogue; ids are left only
where an analyst needs them.

All but the rank are output/wording.py's, which a region's Markdown (output/markdown.py)
shares with the report's pages; they are passed on here under the names the pages use.
"""

from __future__ import annotations

from regionlab.output.wording import (
    AGENCIES,
    agencies,
    aside,
    comparison,
    concludes,
    join,
    name,
    province,
    values,
)
from regionlab.output.wording import source_text as _source_text
from regionlab.output.wording import unit_text as _unit_text
from regionlab.policy.catalogue import Catalogue

__all__ = ["AGENCIES", "agencies", "aside", "comparison", "concludes", "join", "name",
           "ordinal_rank", "province", "source", "unit", "values"]


def unit(text: str, lang: str, cat: Catalogue) -> str:
    """An indicator's unit ('points', '%', 'per 1,000 residents') in the language."""
    return _unit_text(text, cat, lang)


def source(text: str | None, lang: str, cat: Catalogue) -> str:
    """A rule's source in the language, as the terminal words it."""
    return _source_text(text, lang, cat)


def ordinal_rank(rank: int, of: int, lang: str, cat: Catalogue, tied: int = 0) -> str:
    """'57th of 226' in the language; a rank shared with `tied` others says so: '1st of
    226, level with 11 others'."""
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    if tied:
        key = "rank_tied_one" if tied == 1 else "rank_tied"
        return cat.label(key, lang).format(rank=rank, of=of, suffix=suffix, others=tied,
                                           n=tied + 1)
    return cat.label("rank_of", lang).format(rank=rank, of=of, suffix=suffix)
