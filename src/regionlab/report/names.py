"""How a region is named on a page, in the page's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from regionlab.policy import languages


def region_title(name: str, name_local: str | None, lang: str) -> str:
    """Readers of a language that names Korean regions in Korean (languages.yaml) get
    the Korean name; others the romanised one with it."""
    if languages.language(lang).korean_names and name_local:
        return name_local
    return f"{name} ({name_local})" if name_local and name_local != name else name


def row_name(row: Mapping[str, Any], lang: str) -> str:
    """`row`: a batch row (BatchRow), or a row of a diff's side."""
    local = row.get("region_name_local")
    return local if languages.language(lang).korean_names and local else row["region_name"]
