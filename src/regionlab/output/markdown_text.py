"""Text from profiles and rulebooks put into Markdown: shown as written, never as
Markdown or HTML. A region named `A|B` must not split a table's cell, nor one named
`<script>...` run in the page a Markdown viewer makes of it."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


def md_text(text: object) -> str:
    """Text as plain text in Markdown, in a table's cell or anywhere else: HTML's
    `& < >` as entities, Markdown's punctuation escaped with a backslash (`|` too,
    which GitHub's tables split on), line breaks as spaces."""
    plain = _LINE_BREAKS.sub(" ", str(text))
    plain = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", plain)


def md_code(text: object, in_table: bool = False) -> str:
    """Text as an inline code span, whatever backticks it holds (the fence is longer
    than any run of them inside); in a table, its `|` escaped as GitHub's tables need."""
    plain = _LINE_BREAKS.sub(" ", str(text))
    longest = max((len(run) for run in re.findall(r"`+", plain)), default=0)
    fence = "`" * (longest + 1)
    if plain.startswith("`") or plain.endswith("`"):
        plain = f" {plain} "
    if in_table:
        plain = plain.replace("|", "\\|")
    return f"{fence}{plain}{fence}"
