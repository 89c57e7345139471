"""The catalogue: titles and descriptions of domains, grades, strategies, model
cases and flags, and the interface labels, in English, Korean and Japanese.
Loaded from `data/catalogue.yaml` and `data/ui.yaml`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from regionlab.base.schema import Schema, integer, mapping, one_of, record, suggest, text
from regionlab.policy.cache import cached, stamp
from regionlab.policy.packaged import packaged

LANGS = ("en", "ko", "ja")
_TEXT = record(required={lang: text(min_length=1) for lang in LANGS})
_ENTRY = record(
    required={"title": _TEXT},
    optional={
        "description": (_TEXT, None),
        "source": (text(), None),
        "domain": (one_of("government", "overlap", "social"), None),  # strategies
        "severity": (one_of("warning", "info", "advice"), None),  # flags
        "place": (_TEXT, None),  # cases
        "since": (integer(), None),
        "fits": (_TEXT, None),
    },
)
SECTIONS = ("domains", "grades", "actors", "bands", "innovation_types", "stages", "funding",
            "outcomes", "designations", "strategies", "cases", "flags")
CATALOGUE = Schema(record(required={
    "format": one_of("regionlab/catalogue/v1"),
    "source": text(),
    **{section: mapping(_ENTRY) for section in SECTIONS},
}))
UI = Schema(record(required={"format": one_of("regionlab/ui/v1"), "labels": mapping(_TEXT)}))

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
    return Catalogue(cached(cat_file, "catalogue", CATALOGUE.check_file),
                     cached(ui_file, "ui", UI.check_file)["labels"])
