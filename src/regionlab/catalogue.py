"""The catalogue: titles and descriptions of domains, grades, strategies, model
cases and flags, and the interface labels, in English, Korean and Japanese.
Loaded from `data/catalogue.yaml` and `data/ui.yaml`."""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path
from typing import Literal

from regionlab import yamlio
from regionlab.datafiles import packaged
from regionlab.schema import Strict, validate

LANGS = ("en", "ko", "ja")
Lang = Literal["en", "ko", "ja"]


class Text(Strict):
    en: str
    ko: str
    ja: str


class Entry(Strict):
    title: Text
    description: Text | None = None
    source: str | None = None
    domain: str | None = None  # strategies
    severity: Literal["warning", "info", "advice"] | None = None  # flags
    place: Text | None = None  # cases
    since: int | None = None
    fits: Text | None = None


class CatalogueModel(Strict):
    format: Literal["regionlab/catalogue/v1"]
    source: str
    domains: dict[str, Entry]
    grades: dict[str, Entry]
    actors: dict[str, Entry]
    bands: dict[str, Entry]
    innovation_types: dict[str, Entry]
    stages: dict[str, Entry]
    funding: dict[str, Entry]
    outcomes: dict[str, Entry]
    designations: dict[str, Entry]
    strategies: dict[str, Entry]
    cases: dict[str, Entry]
    flags: dict[str, Entry]


class UiModel(Strict):
    format: Literal["regionlab/ui/v1"]
    labels: dict[str, Text]


_SECTIONS = {"domain": "domains", "grade": "grades", "case": "cases",
             "strategy": "strategies", "flag": "flags"}


class Catalogue:
    def __init__(self, model: CatalogueModel, ui: UiModel):
        self.model = model
        self.ui = ui
        self.grades = tuple(model.grades)

    def section(self, name: str) -> dict[str, Entry]:
        return getattr(self.model, name)

    def ids(self, kind: str) -> tuple[str, ...]:
        return tuple(self.section(_SECTIONS[kind]))

    def entry(self, kind: str, id_: str) -> Entry:
        return self.section(_SECTIONS.get(kind, kind))[id_]

    def title(self, section: str, id_: str, lang: str = "en") -> str:
        entry = self.section(section).get(id_)
        return getattr(entry.title, lang) if entry else id_

    def unknown(self, kind: str, item: str) -> str:
        known = self.ids(kind)
        hint = difflib.get_close_matches(item, known, n=1)
        extra = f"did you mean '{hint[0]}'? " if hint else ""
        return (f"'{item}' is not a {kind} in the catalogue; {extra}"
                f"known: {', '.join(known)}")

    def label(self, key: str, lang: str = "en") -> str:
        text = self.ui.labels.get(key)
        return getattr(text, lang) if text else key


@cache
def load_catalogue(path: str | None = None, ui_path: str | None = None) -> Catalogue:
    cat_file = Path(path) if path else packaged("catalogue.yaml")
    ui_file = Path(ui_path) if ui_path else packaged("ui.yaml")
    data, node = yamlio.load_file(cat_file)
    model = validate(CatalogueModel, data, node, str(cat_file))
    data, node = yamlio.load_file(ui_file)
    return Catalogue(model, validate(UiModel, data, node, str(ui_file)))
