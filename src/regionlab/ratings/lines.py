"""Write a panel's ratings into a profile's text, changing no other line.

The profile is parsed once (base/yamlio, libyaml), and every node of that parse knows
where its text starts and ends. Each change is made there, in the text itself: a value
replaced where it stands (a comment beside it keeps its column), a key added as a line
of its own at its mapping's indentation (or as an entry of a flow mapping such as
`{rating: 3}`), a key removed with its line. Every other character of the file stays
as it was: comments, key order, quoting, flow or block style, line endings. apply.py
reads the result again and writes it only if it means the old data with the new
values (`expected`).
"""

from __future__ import annotations

import bisect
import re
from typing import Any, NamedTuple

import yaml

_SCALAR, _MAPPING = yaml.ScalarNode, yaml.MappingNode


class Change(NamedTuple):
    """What to write under one actor: None leaves the rating, or the note, as it is;
    the spread and raters go with the rating (removed when it has none)."""
    rating: float | None
    spread: float | None
    raters: int | None
    note: str | None


PANEL = ("rating", "rating_spread", "raters")
NOTE_WIDTH = 88  # long notes are folded at this column, as the example profiles are
FOLD_FROM = 60  # ... notes longer than this


def edit(text: str, changes: dict[str, Change], data: Any, node: yaml.Node) -> str:
    """`text` with the changes made; `data` and `node` are its parse (yamlio.parse)."""
    source = _Text(text)
    # a last line without a line break is given one while lines are added and removed
    # around it (the marks of the parse stay where they are), and loses it again
    unended = not text.endswith(tuple(_BREAKS))
    if unended:
        source = _Text(text + source.eol)
    actors_key, actors = _get(node, "actors")
    step = _step(actors_key, actors)
    edits: list[tuple[int, int, str]] = []
    for actor, change in changes.items():
        key, value = _get(actors, actor)
        given = data["actors"][actor] or {}
        # by the keys' text in the file (a key `1` is 1 in the data), in the file's order
        keys = [k.value for k, _ in value.value] if isinstance(value, _MAPPING) else []
        order, write, removed = plan(dict(zip(keys, given.values(), strict=True)), change)
        if isinstance(value, _MAPPING) and value.value:
            edits += _edit_mapping(source, value, order, write, removed, step)
        elif isinstance(value, _MAPPING):  # {}
            at = text.index("{", value.start_mark.index) + 1
            edits.append((at, at, _flow_entries(order, write)))
        else:  # nothing (`residents:` or `residents: ~`): a mapping where it was
            flow = bool(getattr(actors, "flow_style", False))
            edits += _fill_null(source, key, value, flow, order, write, step)
    out = _applied(source.text, edits)
    return out[:-len(source.eol)] if unended and out.endswith(source.eol) else out


def expected(data: dict, changes: dict[str, Change]) -> dict:
    """The data the edited text must read as: `data` with the changes made."""
    actors = dict(data["actors"])
    for actor, change in changes.items():
        entry = dict(actors[actor] or {})
        if change.rating is not None:
            entry["rating"] = change.rating
            for key, value in (("rating_spread", change.spread), ("raters", change.raters)):
                if value is None:
                    entry.pop(key, None)
                else:
                    entry[key] = value
        if change.note is not None:
            entry["note"] = change.note
        actors[actor] = entry
    return {**data, "actors": actors}


def plan(given: dict, change: Change) -> tuple[list[str], dict[str, Any], set[str]]:
    """The actor's keys in their new order, the values to write (new keys, and given
    ones whose value differs) and the keys to remove. A key added goes where a person
    would put it: the rating first, its spread and raters and a new note after the
    last of rating, spread and raters."""
    order = list(given)
    write: dict[str, Any] = {}
    removed: set[str] = set()

    def put(key: str, value: Any, position: int) -> None:
        if key not in order:
            order.insert(position, key)
            write[key] = value
        elif not _same(given[key], value):
            write[key] = value

    def after_panel() -> int:
        return max((order.index(k) + 1 for k in PANEL if k in order), default=0)

    if change.rating is not None:
        put("rating", _number(change.rating), 0)
        for key, value in (("rating_spread", change.spread), ("raters", change.raters)):
            if value is None:
                if key in order:
                    order.remove(key)
                    removed.add(key)
            else:
                put(key, _number(value), after_panel())
    if change.note is not None:
        put("note", change.note, after_panel())
    return order, write, removed


def _same(old: Any, new: Any) -> bool:
    """The file already says it: 3.0 for 3 is left as it is (True is not 1)."""
    return type(old) is not bool and isinstance(old, str) == isinstance(new, str) and old == new


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# --- the text -----------------------------------------------------------------------

# What YAML counts as a line break (libyaml and PyYAML alike)
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_BREAKS = "\r\n\x85\u2028\u2029"


class _Text:
    """The text and where its lines end, found once."""

    def __init__(self, text: str):
        self.text = text
        found = [(m.start(), m.end()) for m in _BREAK.finditer(text)]
        self.break_at = [s for s, _ in found]
        self.after_break = [e for _, e in found]
        # new lines end as the file's first line does
        self.eol = text[found[0][0]:found[0][1]] if found else "\n"

    def line_start(self, at: int) -> int:
        i = bisect.bisect_right(self.after_break, at)
        return self.after_break[i - 1] if i else 0

    def line_end(self, at: int) -> int:
        """Where the line holding `at` ends, before its line break."""
        i = bisect.bisect_left(self.break_at, at)
        return self.break_at[i] if i < len(self.break_at) else len(self.text)

    def next_line(self, at: int) -> int | None:
        """Where the line after the one holding `at` starts (None: there is none)."""
        i = bisect.bisect_left(self.break_at, at)
        return self.after_break[i] if i < len(self.break_at) else None

    def lines_removed(self, start: int, end: int) -> tuple[int, int, str]:
        """The lines from the one holding `start` to the one holding `end` removed."""
        after = self.next_line(end)
        return self.line_start(start), len(self.text) if after is None else after, ""

    def insert_lines(self, after: int, lines: list[str]) -> tuple[int, int, str]:
        """Lines put after the line holding `after`."""
        at = self.next_line(after)
        at = len(self.text) if at is None else at
        return at, at, "".join(ln + self.eol for ln in lines)


def _get(mapping: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node]:
    for k, v in mapping.value:
        if isinstance(k, _SCALAR) and k.value == key:
            return k, v
    raise KeyError(key)  # the profile was checked: every key asked for is there


def _step(actors_key: yaml.Node, actors: yaml.Node) -> int:
    """The file's indentation step, as its actors sit under `actors:`."""
    first = actors.value[0][0].start_mark.column if actors.value else 0
    step = first - actors_key.start_mark.column
    return step if step > 0 else 2


def _content_end(text: str, node: yaml.Node) -> int:
    """Where a node's own text ends: a block scalar's or a block collection's end
    mark lies past the line breaks (and blank lines) that follow it."""
    end = node.end_mark.index
    if isinstance(node, _SCALAR) and node.style not in ("|", ">"):
        return end
    start = node.start_mark.index
    while end > start and text[end - 1] in " \t" + _BREAKS:
        end -= 1
    return end


def _applied(text: str, edits: list[tuple[int, int, str]]) -> str:
    """The edits (start, end, new text) made; edits at one place in the order given,
    an insertion before a removal that starts there."""
    out: list[str] = []
    at = 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < at:
            raise ValueError("overlapping edits")  # a bug: apply.py refuses the file
        out += [text[at:start], new]
        at = end
    out.append(text[at:])
    return "".join(out)


# --- a block or flow mapping ----------------------------------------------------------


def _edit_mapping(source: _Text, node: yaml.MappingNode, order: list[str],
                  write: dict[str, Any], removed: set[str], step: int
                  ) -> list[tuple[int, int, str]]:
    text = source.text
    flow = bool(node.flow_style)
    nodes = {k.value: (k, v) for k, v in node.value if isinstance(k, _SCALAR)}
    entries = [k.value for k, _ in node.value]
    indent = node.value[0][0].start_mark.column
    edits = []
    for key in entries:
        if key in write:
            edits.append(_replace(source, nodes[key][1], write[key], flow,
                                  indent + step))
    for anchor, keys in _groups(order, nodes).items():
        edits.append(_flow_insert(source, node, anchor, keys, write, nodes, removed)
                     if flow else
                     _block_insert(source, node, anchor, keys, write, indent, step))
    if flow:
        edits += _flow_removals(entries, nodes, removed)
    else:
        for key in removed:
            k, v = nodes[key]
            edits.append(source.lines_removed(k.start_mark.index, _content_end(text, v)))
    return edits


def _groups(order: list[str], nodes: dict) -> dict[str | None, list[str]]:
    """The new keys, by the key already there that they follow (None: they come first)."""
    groups: dict[str | None, list[str]] = {}
    anchor = None
    for key in order:
        if key in nodes:
            anchor = key
        else:
            groups.setdefault(anchor, []).append(key)
    return groups


def _block_insert(source: _Text, node: yaml.MappingNode, anchor: str | None,
                  keys: list[str], write: dict[str, Any], indent: int, step: int
                  ) -> tuple[int, int, str]:
    lines = [ln for key in keys for ln in _block_entry(key, write[key], indent, step)]
    if anchor is None:  # before the mapping's first key, on lines of their own
        at = source.line_start(node.value[0][0].start_mark.index)
        return at, at, "".join(ln + source.eol for ln in lines)
    value = next(v for k, v in node.value if k.value == anchor)
    return source.insert_lines(_content_end(source.text, value), lines)


def _block_entry(key: str, value: Any, indent: int, step: int) -> list[str]:
    head, body = _value_text(value, flow=False, indent=indent + step)
    return [f"{' ' * indent}{key}: {head}", *body]


def _flow_entries(keys: list[str], write: dict[str, Any]) -> str:
    return ", ".join(f"{key}: {_value_text(write[key], flow=True)[0]}" for key in keys)


def _flow_insert(source: _Text, node: yaml.MappingNode, anchor: str | None,
                 keys: list[str], write: dict[str, Any], nodes: dict, removed: set[str]
                 ) -> tuple[int, int, str]:
    entries = _flow_entries(keys, write)
    if anchor is not None:
        at = nodes[anchor][1].end_mark.index
        return at, at, ", " + entries
    kept = [k for k, _ in node.value if k.value not in removed]
    if kept:  # before the first entry that stays
        at = kept[0].start_mark.index
        return at, at, entries + ", "
    at = node.value[0][0].start_mark.index  # in place of those removed
    return at, at, entries


def _flow_removals(entries: list[str], nodes: dict, removed: set[str]
                   ) -> list[tuple[int, int, str]]:
    """Each run of removed entries with the comma that joined it to the others."""
    edits = []
    i = 0
    while i < len(entries):
        if entries[i] not in removed:
            i += 1
            continue
        j = i
        while j + 1 < len(entries) and entries[j + 1] in removed:
            j += 1
        if j + 1 < len(entries):  # up to the next entry that stays
            end = nodes[entries[j + 1]][0].start_mark.index
            edits.append((nodes[entries[i]][0].start_mark.index, end, ""))
        elif i > 0:  # the last ones: from the end of the one before
            edits.append((nodes[entries[i - 1]][1].end_mark.index,
                          nodes[entries[j]][1].end_mark.index, ""))
        else:  # all of them
            edits.append((nodes[entries[0]][0].start_mark.index,
                          nodes[entries[j]][1].end_mark.index, ""))
        i = j + 1
    return edits


def _fill_null(source: _Text, key: yaml.Node, value: yaml.Node, flow_parent: bool,
               order: list[str], write: dict[str, Any], step: int
               ) -> list[tuple[int, int, str]]:
    """An actor given as nothing becomes a mapping: block lines below its key, or a flow
    mapping where the nothing was when the actors are a flow mapping themselves."""
    text = source.text
    start, end = value.start_mark.index, value.end_mark.index
    if flow_parent:
        return [(start, end, _after_colon(text, start) + "{" + _flow_entries(order, write)
                 + "}")]
    cut = start
    while cut > 0 and text[cut - 1] in " \t":
        cut -= 1
    indent = key.start_mark.column + step
    lines = [ln for k in order for ln in _block_entry(k, write[k], indent, step)]
    edits = [source.insert_lines(end, lines)]
    if end > start:  # `~` or `null` gone, a comment after it kept
        edits.append((cut, end, ""))
    return edits


def _after_colon(text: str, at: int) -> str:
    """What a value written at an empty value's place needs before it."""
    before = at
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    if before == 0 or text[before - 1] != ":":
        return ": "  # `{rating, x: 1}`: a key without its colon
    return "" if before < at else " "


# --- a value replaced ---------------------------------------------------------------

_HEADER = re.compile(r"[|>][0-9+-]*")
_GAP = re.compile(r"( +)#")


def _replace(source: _Text, node: yaml.Node, value: Any, flow: bool, indent: int
             ) -> tuple[int, int, str]:
    text = source.text
    start, end = node.start_mark.index, node.end_mark.index
    head, body = _value_text(value, flow, indent)
    tail = ""
    if isinstance(node, _SCALAR) and node.style in ("|", ">"):
        header_end = source.line_end(start)
        found = _HEADER.match(text, start, header_end)
        end = max(_content_end(text, node), header_end if found else start)
        if found:
            tail = text[found.end():header_end]  # a comment on the header line
    elif body:  # a block scalar now: what followed the value goes on its header line
        line_end = source.line_end(end)
        tail = text[end:line_end] if text[end:line_end].strip() else ""
        end = line_end
    else:
        if start == end:
            head = _after_colon(text, start) + head
        gap = _GAP.match(text, end)
        if gap and not any(c in _BREAKS for c in text[start:end]):
            # the comment beside the value stays in its column
            width = len(gap.group(1)) + (end - start) - len(head)
            tail = " " * max(1, width)
            end = gap.end(1)
    new = head + tail + "".join(source.eol + line for line in body)
    return start, end, new


# --- how a value is written -----------------------------------------------------------

# Characters YAML lets stand for themselves in a file, tab and line breaks (\x85,
# \u2028, \u2029 are breaks too) aside; a byte-order mark is escaped wherever it is
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                        "\U00010000-\U0010ffff]*")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()


def _value_text(value: Any, flow: bool, indent: int = 0) -> tuple[str, list[str]]:
    """How a value is written: the text after `key: `, and the lines of a block scalar
    below it (indented by `indent`)."""
    if not isinstance(value, str):
        return (repr(value) if isinstance(value, float) else str(value)), []
    if not flow:
        block = _literal(value) or _folded(value, NOTE_WIDTH - indent)
        if block:
            header, lines = block
            return header, [" " * indent + ln if ln else "" for ln in lines]
    if _plain(value, flow):
        return value, []
    if "'" not in value and _PRINTABLE.fullmatch(value.replace("\t", " ")):
        return "'" + value + "'", []
    return _double_quoted(value), []  # as kim's reads better than as 'kim''s'



def _plain(text: str, flow: bool) -> bool:
    """Whether `text` can be written as it is and read back as the same text."""
    if not text or text[0] in _INDICATORS or text != text.strip() or text[-1] == ":":
        return False
    if ": " in text or " #" in text or not _PRINTABLE.fullmatch(text):
        return False
    if flow and any(c in text for c in ",[]{}"):
        return False
    return _RESOLVER.resolve(_SCALAR, text, (True, False)) == _STR


def _literal(text: str) -> tuple[str, list[str]] | None:
    """Notes of several lines, kept as lines (`|-`), where that reads back the same."""
    if "\n" not in text:
        return None
    lines = text.split("\n")
    if not lines[0] or lines[0][0] in " \t" or not lines[-1]:
        return None
    for line in lines:
        if (line and not line.strip()) or not _PRINTABLE.fullmatch(line.replace("\t", " ")):
            return None
    return "|-", lines


def _folded(text: str, width: int) -> tuple[str, list[str]] | None:
    """A long note folded (`>-`) at `width`, where folding loses no space."""
    if len(text) <= FOLD_FROM or re.search(r"\s\s|^\s|\s$", text):
        return None
    if not _PRINTABLE.fullmatch(text.replace("\t", " ")):
        return None
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return (">-", lines) if len(lines) > 1 else None


def _double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _PRINTABLE.fullmatch(ch):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'
