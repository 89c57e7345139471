"""How a region is named on a page, in the page's language (a region's title is
output/wording.py's, which its Markdown shares; passed on here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from regionlab.output.wording import region_title
from regionlab.policy import languages

__all__ = ["region_title", "row_name"]


def row_name(row: Mapping[str, Any], lang: str) -> str:
    """`row`: a batch row (BatchRow), or a row of a diff's side."""
    local = row.get("region_name_local")
    return local if languages.language(lang).korean_names and local else row["region_name"]
