"""The rules of rating as a team, from data/ratings.yaml: the panel's figure, the
steps ratings are typed in, when raters are said to differ, how alpha is read, and
the words of the sheet (scale and labels) in each language."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

from regionlab.base.schema import CoreSchema, Schema, mapping, number, one_of, record
from regionlab.policy.cache import cached
from regionlab.policy.languages import texts
from regionlab.policy.packaged import packaged
from regionlab.profile.models import ACTORS

# rule -> the function of `statistics` that makes the panel's figure; statistics (with
# fractions and decimal, 2 ms to import) only where ratings are combined, not in `init`,
# which reads the scale's words alone
PANEL_RULES = {"median": "median", "mean": "fmean"}


def _scale() -> CoreSchema:
    words = texts(min_length=1)
    return record(required={"title": words, "1": words, "3": words, "5": words})


# built on first use: the words' schema reads the list of languages (languages.texts)
SCHEMA = Schema(lambda: record(required={
    "format": one_of("regionlab/ratings/v1"),
    "panel": one_of(*PANEL_RULES),
    "step": number(gt=0, le=1),
    "discuss_from": number(gt=0),
    "alpha": record(required={"reliable": number(ge=-1, le=1),
                              "tentative": number(ge=-1, le=1)}),
    "scale": record(required={actor: _scale() for actor in ACTORS}),
    "words": mapping(texts(min_length=1)),
}))


class RatingRules(NamedTuple):
    panel: str  # median | mean
    step: float
    discuss_from: float
    reliable: float
    tentative: float
    scale: dict  # actor -> title / "1" / "3" / "5" -> lang -> text
    words: dict  # key -> lang -> text

    def word(self, key: str, lang: str) -> str:
        return self.words[key][lang]

    def panel_figure(self, ratings: list[float]) -> float:
        """The panel's rating: the rule of ratings.yaml, to two decimals."""
        import statistics

        return round(getattr(statistics, PANEL_RULES[self.panel])(ratings), 2)

    def allowed(self, low: float, high: float) -> tuple[float, ...]:
        """Every rating a rater may type: low, low + step, ... high."""
        count = round((high - low) / self.step)
        return tuple(round(low + i * self.step, 6) for i in range(count + 1))

    def on_step(self, value: float, low: float) -> bool:
        steps = (value - low) / self.step
        return abs(steps - round(steps)) < 1e-9

    def reading(self, alpha: float) -> str:
        """'reliable', 'tentative' or 'unreliable' (Krippendorff's thresholds)."""
        if alpha >= self.reliable:
            return "reliable"
        return "tentative" if alpha >= self.tentative else "unreliable"


@cache
def load_rules(path: str | None = None) -> RatingRules:
    # checked once per version of the file (policy/cache.cached), as the other data files
    data = cached(Path(path) if path else packaged("ratings.yaml"), "ratings",
                  SCHEMA.check_file)
    return RatingRules(data["panel"], data["step"], data["discuss_from"],
                       data["alpha"]["reliable"], data["alpha"]["tentative"],
                       data["scale"], data["words"])
