"""The catalogue: titles and descriptions of domains, grades, strategies, model
cases and flags, and the interface labels, in each language of data/languages.yaml.
Loaded from `data/catalogue.yaml` and `data/ui.yaml`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from regionlab.base.schema import (
    CoreSchema,
    Schema,
    integer,
    mapping,
    one_of,
    record,
    suggest,
    text,
)
from regionlab.policy.cache import cached, stamp
from regionlab.policy.languages import texts
from regionlab.policy.packaged import check_kept, packaged


def _entry() -> CoreSchema:
    return record(
        required={"title": texts(min_length=1)},
        optional={
            "description": (texts(min_length=1), None),
            "source": (text(), None),
            "domain": (one_of("government", "overlap", "social"), None),  # strategies
            "severity": (one_of("warning", "info", "advice"), None),  # flags
            "place": (texts(min_length=1), None),  # cases
            "since": (integer(), None),
            "fits": (texts(min_length=1), None),
        },
    )


SECTIONS = ("domains", "grades", "actors", "bands", "innovation_types", "stages", "funding",
            "outcomes", "designations", "strategies", "cases", "flags")
# built on first use: a labelled text's schema reads the list of languages
CATALOGUE = Schema(lambda: record(required={
    "format": one_of("regionlab/catalogue/v1"),
    "source": text(),
    **{section: mapping(_entry()) for section in SECTIONS},
}))
UI = Schema(lambda: record(required={"format": one_of("regionlab/ui/v1"),
                                     "labels": mapping(texts(min_length=1))}))

# the catalogue section that holds the ids a rule of each kind concludes
KIND_SECTION = {"domain": "domains", "grade": "grades", "case": "cases",
                "strategy": "strategies", "flag": "flags"}


class Catalogue:
    def __init__(self, data: dict, labels: dict):
        self.data = data
        self.labels = labels
        self.grades = tuple(data["grades"])

    def ids(self, kind: str) -> tuple[str, ...]:
        return tuple(self.data[KIND_SECTION[kind]])

    def entry(self, section: str, id_: str) -> dict:
        return self.data[section][id_]

    def title(self, section: str, id_: str, lang: str = "en") -> str:
        entry = self.data[section].get(id_)
        return entry["title"][lang] if entry else id_

    def text(self, section: str, id_: str, key: str, lang: str = "en") -> str | None:
        value = self.data[section].get(id_, {}).get(key)
        return value[lang] if value else None

    def unknown(self, kind: str, item: str) -> str:
        known = self.ids(kind)
        return (f"'{item}' is not a {kind} in the catalogue; {suggest(item, list(known))}"
                f"known: {', '.join(known)}")

    def label(self, key: str, lang: str = "en") -> str:
        text_ = self.labels.get(key)
        return text_[lang] if text_ else key


def load_catalogue(path: str | None = None, ui_path: str | None = None) -> Catalogue:
    """The catalogue and labels, read again when a file has changed."""
    cat_file = Path(path) if path else packaged("catalogue.yaml")
    ui_file = Path(ui_path) if ui_path else packaged("ui.yaml")
    return _load(cat_file, ui_file, stamp(cat_file), stamp(ui_file))


@lru_cache(maxsize=8)
def _load(cat_file: Path, ui_file: Path, *versions: tuple) -> Catalogue:
    # the files' data as the check of --lang's language parsed them, if it did this run
    return Catalogue(cached(cat_file, "catalogue", lambda p: check_kept(CATALOGUE, p)),
                     cached(ui_file, "ui", lambda p: check_kept(UI, p))["labels"])
