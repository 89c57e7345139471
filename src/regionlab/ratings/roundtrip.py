"""Write a panel's ratings into a profile's text and change nothing else.

ruamel.yaml's round trip makes the edit (it keeps comments, key order, quoting and
flow or block style); then every change it made that the new values do not need
(`null` written as nothing, a line re-indented) is undone, one stretch of lines at a
time, as long as the project's own strict loader reads the same data. What is left
differs from the original only where a rating, spread, count of raters or note did.
"""

from __future__ import annotations

import io
import re
import textwrap
from difflib import SequenceMatcher
from typing import NamedTuple

from regionlab.base import yamlio


class Change(NamedTuple):
    """What to write under one actor: None leaves the rating, or the note, as it is;
    the spread and raters go with the rating (removed when it has none)."""
    rating: float | None
    spread: float | None
    raters: int | None
    note: str | None


_PANEL = ("rating", "rating_spread", "raters")
NOTE_WIDTH = 88  # notes are folded at this column, as the example profiles are


def edit(text: str, changes: dict[str, Change], file: str = "<profile>") -> str:
    """`text` with the changes made, CRLF kept where the file has it."""
    crlf = "\r\n" in text
    plain = text.replace("\r\n", "\n") if crlf else text
    yaml = _yaml(plain)
    doc = yaml.load(plain)
    for actor, change in changes.items():
        _edit_actor(doc["actors"][actor], change)
    out = io.StringIO()
    yaml.dump(doc, out)
    result = least_change(plain, out.getvalue(), file)
    return result.replace("\n", "\r\n") if crlf else result


def _yaml(text: str):
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a line the file has on one line
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _indents(text: str) -> tuple[int, int, int]:
    """The file's own indentation: of a nested key, and of a list's dash under its key
    (regionlab writes 2, and lists as `  - item`)."""
    mapping, offset = 2, 2
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for above, line in zip(lines, lines[1:], strict=False):
        if not above.rstrip().endswith(":"):
            continue
        depth = len(line) - len(line.lstrip(" ")) - (len(above) - len(above.lstrip(" ")))
        if line.lstrip().startswith("- "):
            offset = max(depth, 0)
        elif depth > 0 and not above.lstrip().startswith("- "):
            mapping = depth
    return mapping, offset + 2, offset


def _edit_actor(entry, change: Change) -> None:
    added = False
    if change.rating is not None:
        added |= _put(entry, "rating", _number(change.rating), 0)
        for key, value in (("rating_spread", change.spread), ("raters", change.raters)):
            if value is None:
                entry.pop(key, None)
            else:
                added |= _put(entry, key, _number(value), _after(entry, _PANEL))
    if change.note is not None:
        added |= _put(entry, "note", _note(change.note), _after(entry, _PANEL))
    if added and entry.fa.flow_style():  # `{rating: 2}` grown: one key a line
        entry.fa.set_block_style()


def _put(entry, key: str, value, position: int) -> bool:
    """Set `key`, or insert it at `position`; True when inserted."""
    if key in entry:
        entry[key] = value
        return False
    entry.insert(position, key, value)
    return True


def _after(entry, keys: tuple[str, ...]) -> int:
    """The position after the last of `keys` present (0 when none is)."""
    order = list(entry)
    return max((order.index(k) + 1 for k in keys if k in entry), default=0)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _note(text: str):
    """Short notes as they are; long ones folded (`>-`) at NOTE_WIDTH, and notes of
    several lines kept as lines (`|-`)."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if "\n" in text:
        return LiteralScalarString(text)
    if len(text) <= 60 or re.search(r"\s{2}|^\s|\s$", text):  # folding would lose spaces
        return text
    folded = FoldedScalarString(text)
    lines = textwrap.wrap(text, NOTE_WIDTH - 6, break_long_words=False, break_on_hyphens=False)
    positions, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        positions.append(at)  # the space after this line
        at += 1
    folded.fold_pos = positions
    return folded


def least_change(original: str, edited: str, file: str) -> str:
    """`edited`, with each stretch of lines it changed put back as in `original`
    wherever the strict loader then reads the same data."""
    target = yamlio.parse(edited, file)[0]
    old, new = original.splitlines(keepends=True), edited.splitlines(keepends=True)
    chunks: list[list[str]] = []
    changed: list[tuple[int, list[str]]] = []  # (chunk index, the original's lines)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            chunks.append(old[i1:i2])
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:  # a line for a line
            pairs = [(range(i, i + 1), range(j, j + 1)) for i, j in zip(range(i1, i2),
                                                                        range(j1, j2),
                                                                        strict=True)]
        else:  # the counts differ: the stretch
            pairs = [(range(i1, i2), range(j1, j2))]
        for a, b in pairs:
            changed.append((len(chunks), old[a.start:a.stop]))
            chunks.append(new[b.start:b.stop])
    for index, lines in changed:
        kept = chunks[index]
        chunks[index] = lines
        if _reads(chunks, file) != target:
            chunks[index] = kept
    return "".join(line for chunk in chunks for line in chunk)


def _reads(chunks: list[list[str]], file: str):
    try:
        return yamlio.parse("".join(line for chunk in chunks for line in chunk), file)[0]
    except Exception:  # noqa: BLE001 - a candidate that does not parse is simply not taken
        return None
