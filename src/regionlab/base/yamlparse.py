"""PyYAML's loaders as regionlab reads YAML with them: the one parser of every file.

A `CSafeLoader` subclass (pure-Python `SafeLoader` where libyaml is missing) that
refuses what hand-written input files should never contain: duplicate keys
(PyYAML silently keeps the last), anchors/aliases and merge keys (alias bombs),
and any tag beyond plain YAML types; problems located at their line.

Imported by `base/yamlio.py` on a run's first parse, not at start-up: importing PyYAML
costs about 13 ms (its resolver's and reader's patterns are compiled on import), which
a command whose data all come from the disk cache (`init`, `report` of a results
table) need not pay.
"""

from __future__ import annotations

import dataclasses
import datetime
import operator
import re
from types import GeneratorType
from typing import TYPE_CHECKING, Any

import yaml

from regionlab.errors import InputError, Problem

if TYPE_CHECKING:
    from yaml import CSafeLoader as _Base
else:  # PyYAML built without libyaml has only the pure-Python SafeLoader
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# No figure in a hand-written file comes near this; larger integers cannot become floats
# (OverflowError in arithmetic) and beyond 4300 digits cannot even be printed.
MAX_INT = 2**63
# What YAML counts as a line break (libyaml and PyYAML alike), to find a mark's line.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Plain scalar texts remembered (_PLAIN, _KEYS): at most this many, each at most this
# long (a batch meets the same keys and short values again; a long text, rarely).
_PLAIN_MAX, _PLAIN_LONGEST = 10_000, 200


class _Refused(yaml.MarkedYAMLError):
    def __init__(self, code: str, message: str, mark, node: yaml.Node | None = None):
        super().__init__(problem=message, problem_mark=mark)
        self.code = code
        self.node = node  # the value refused, to name its field


# YAML 1.1, which PyYAML reads, takes an integer with a leading zero as octal
# (0261000 is 90624) and digits with colons as base 60 (4:21:00 is 15660). A person
# means neither: such a number is refused where it is, never read as another number.
_BASE_60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_OCTAL = re.compile(r"[-+]?0[0-9_]*[0-9][0-9_]*")


def _yaml_1_1_number(node: yaml.ScalarNode, value: Any) -> None:
    text = node.value
    if _BASE_60.fullmatch(text):
        raise _Refused("yaml-1-1-number",
                       f"'{_short(text)}' is a base 60 number in YAML 1.1 ({value}); write "
                       f"the number meant, or quote it ('{_short(text)}') if it is text such "
                       "as a time", node.start_mark, node)
    if _OCTAL.fullmatch(text):
        decimal = int(text.replace("_", ""), 10)
        raise _Refused("yaml-1-1-number",
                       f"'{_short(text)}' has a leading zero, which YAML 1.1 reads as an "
                       f"octal number ({value}, not {decimal}); write {decimal}, or quote it "
                       f"('{_short(text)}') if it is text such as a code",
                       node.start_mark, node)


class _Numbers(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructors, with huge integers and YAML 1.1's octal and base 60
    numbers refused."""

    def construct_yaml_int(self, node):
        value = super().construct_yaml_int(node)
        if ":" in node.value or node.value.lstrip("+-")[:1] == "0":
            _yaml_1_1_number(node, value)
        if abs(value) >= MAX_INT:
            raise _Refused("out-of-range", f"{_short(node.value)} is too large a number",
                           node.start_mark, node)
        return value

    def construct_yaml_float(self, node):
        value = super().construct_yaml_float(node)
        if ":" in node.value:
            _yaml_1_1_number(node, value)
        return value


class _FastLoader(_Base, _Numbers):
    """Safe loader with duplicate keys, merge keys and huge integers refused.

    It does not look at every node, which keeps it as fast as a plain `yaml.load`
    on a batch of thousands of files; `parse` turns to `StrictLoader` when the
    text could hold an alias, or to locate a value PyYAML failed on.

    It leaves each node's tag unresolved (see `resolve` below): `_build` reads the
    values from the text, and `tag_of` gives a node's tag."""

    odd_keys = False  # whether _build met a key that is not text (see _mapping)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):  # e.g. `!!map [1]`: the base says what
            self.check_keys(node)
        return super().construct_mapping(node, deep)

    def check_keys(self, node) -> None:
        """Refuse a key given twice and merge keys (<<)."""
        try:  # the common case, checked at C speed: distinct plain keys, no '<<'
            keys = [key_node.value for key_node, _ in node.value]
            if len(set(keys)) == len(keys) and "<<" not in keys:
                return
        except TypeError:  # a list or mapping as a key: look at each key below
            pass
        self._check_each_key(node)

    def _check_each_key(self, node) -> None:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if tag_of(key_node) == "tag:yaml.org,2002:merge":
                raise _Refused(
                    "merge-not-allowed", "merge keys (<<) are not allowed", key_node.start_mark
                )
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a list or mapping as key: the base refuses it (unhashable)
            key = key_node.value
            if key in seen:
                raise _Refused(
                    "duplicate-key",
                    f"key '{key}' is given twice in this mapping (first on line {seen[key]})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1


# (the stubs want the methods' `self` to be a loader; _Numbers' are, here)
_FastLoader.add_constructor("tag:yaml.org,2002:int",
                            _FastLoader.construct_yaml_int)  # type: ignore[type-var]
_FastLoader.add_constructor("tag:yaml.org,2002:float",
                            _FastLoader.construct_yaml_float)  # type: ignore[type-var]
# Without path resolvers (a path resolver would make a tag depend on where its node
# is, which the shortcuts here assume it does not), the composer's calls on entering
# and leaving each node do nothing. libyaml's composer makes them for every node of
# every file, so they are made to C callables that do nothing of consequence
# (compare two objects, or give the empty tuple) rather than Python methods that do
# nothing; `operator.is_`, a plain C function, is called faster than a class.
# The loaders have a table of path resolvers of their own, empty, so that one added
# to PyYAML's loaders elsewhere in the process never reaches them; one added to
# them is refused when a file is read (_no_path_resolvers).
_FastLoader.yaml_path_resolvers = {}
# setattr: mypy rightly sees methods replaced by classes; here that is the point
setattr(_FastLoader, "descend_resolver", operator.is_)  # noqa: B010 - (parent, index)
setattr(_FastLoader, "ascend_resolver", tuple)  # noqa: B010 - called as ()
# The composer asks `resolve(kind, value, implicit)` for the tag of every node it
# makes and keeps the answer as the node's tag. The fast loader keeps the question
# instead, as a slice (start: the node's class, stop: its text, step: whether it was
# plain, whether quoted), made in C: a Python call for each node of each file cost a
# fifth of parsing. `_build` answers it as it reads the values, at once for text and
# for the texts met before (_PLAIN), and `tag_of` answers it for anyone else.
setattr(_FastLoader, "resolve", slice)  # noqa: B010 - called as (kind, value, implicit)


class StrictLoader(_FastLoader):
    """The fast loader, plus aliases refused and each node's failure located."""

    # PyYAML's resolver: the constructors here look each node up by its tag
    resolve = _Base.resolve

    def construct_object(self, node, deep=False):
        # The base class caches each constructed node; meeting one again means
        # an alias (*name) points at it.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(
                "alias-not-allowed",
                "anchors and aliases (&name / *name) are not allowed; write the value out",
                node.start_mark,
            )
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, LookupError, AttributeError):
            # PyYAML's own constructors fail with plain exceptions on values such as
            # 2019-13-45 (read as a date) or `!!int x`: name the value, not a traceback.
            raise _Refused("invalid-value", _unreadable(node), node.start_mark) from None


def _unreadable(node: yaml.Node) -> str:
    kind = tag_of(node).rsplit(":", 1)[-1]
    if not isinstance(node, yaml.ScalarNode):
        return f"this value cannot be read as {kind}"
    return f"'{_short(node.value)}' is not a valid {kind}; correct it, or quote it if it is text"


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def parse(text: str, file: str, utf8: bytes | None = None) -> tuple[Any, yaml.Node]:
    """Parse one YAML document; return the data and its node tree (for line numbers).

    `utf8`, when the caller has it, is `text` encoded as UTF-8 (the file's bytes, when
    decoding changed nothing): libyaml reads UTF-8, and is given it as it is instead of
    an encoding of `text` made again (about 12 µs for a national template)."""
    # An alias needs a '*': without one the fast path is safe from alias bombs.
    if "*" not in text:
        try:
            return _parse(_FastLoader, text, file, utf8)
        except (ValueError, TypeError, LookupError, AttributeError, _Unusual):
            pass  # a value PyYAML cannot read, or an unusual one: the full path says which
        except InputError:
            # The two paths meet a file's problems in another order (the fast one
            # builds a mapping's values before it checks its keys): with two problems
            # in a file they would name different ones. The full path names the
            # problem of a refused file (a second parse, of refused files only).
            pass
    return _parse(StrictLoader, text, file, utf8)


class _Unusual(Exception):
    """A node the fast builder leaves to PyYAML's own constructor (an explicit tag on
    a list or mapping, a list or mapping as a key)."""


# the tags PyYAML's resolver gives a scalar, list and mapping without a tag of its own
_STR, _MAP, _SEQ = _Base.DEFAULT_SCALAR_TAG, _Base.DEFAULT_MAPPING_TAG, _Base.DEFAULT_SEQUENCE_TAG


def _build(loader: _FastLoader, node: yaml.Node) -> Any:
    """The data of a node tree, about twice as fast as PyYAML's generic constructor.

    Scalars other than text are built as PyYAML's own constructors build them, so
    numbers, dates and booleans mean exactly what they mean to `yaml.load`; only
    plain mappings and lists are built here. Used only on text without aliases, on
    the tree of `_FastLoader`, whose nodes written without a tag hold a slice."""
    tag = node.tag
    if tag.__class__ is not slice:  # a tag written in the file (!!str 5, !!map...)
        return _tagged(loader, node)
    kind = tag.start
    if kind is _SCALAR:
        return _PLAIN[tag.stop] if tag.step[0] else tag.stop
    if kind is _MAPPING:
        return _mapping(loader, node)
    return [(item.tag.stop if not item.tag.step[0] else _PLAIN[item.tag.stop])
            if item.__class__ is _SCALAR and item.tag.__class__ is slice
            else _build(loader, item) for item in node.value]


def _mapping(loader: _FastLoader, node: yaml.MappingNode) -> dict:
    try:
        # keys and values written without a tag, by far the most common, without a
        # call each: quoted text is its text, plain text is looked up (_KEYS, _PLAIN)
        # (a quoted key is looked up as if plain too: the same text, unless the plain
        # one would not be text, and then it is read one key at a time)
        data = {(_KEYS[k.value] if k.tag.__class__ is slice else _not_text()):
                ((_PLAIN[t.stop] if t.step[0] else t.stop)
                 if (t := v.tag).__class__ is slice and t.start is _SCALAR
                 else _build(loader, v))
                for k, v in node.value}
    except (_NotText, TypeError):  # a key that is not text (or a list): one at a time
        data = _mapping_of_any_keys(loader, node)
    # Text keys all kept are all spelt differently; otherwise a key may be given
    # twice, or 1 beside "1": check_keys tells by their spelling, as before.
    if len(data) < len(node.value) or loader.odd_keys:
        loader.check_keys(node)
    return data


def _mapping_of_any_keys(loader: _FastLoader, node: yaml.MappingNode) -> dict:
    """A mapping with a key that is not text (1, true, null, a list...): from then on
    each mapping of the file has its keys checked by spelling (check_keys)."""
    data = {}
    for k, v in node.value:
        key = _build(loader, k)
        if key.__class__ is not str or k.__class__ is not _SCALAR:
            loader.odd_keys = True
        try:
            data[key] = _build(loader, v)
        except TypeError:  # an unhashable key
            raise _Unusual from None
    return data


def _tagged(loader: _FastLoader, node: yaml.Node) -> Any:
    """A node with a tag written in the file: text, mappings and lists built here,
    other scalars by PyYAML's constructor for the tag, the rest by the full path."""
    tag, kind = node.tag, node.__class__
    if kind is _SCALAR:
        if tag == _STR:
            return node.value
        construct = loader.yaml_constructors.get(tag)
        if construct is None:  # a tag of its own: the full path says
            raise _Unusual
        value = construct(loader, node)
        if isinstance(value, GeneratorType):  # e.g. `!!seq abc`: a list's constructor
            raise _Unusual  # on a plain value; the full path refuses it
        return value
    if kind is _MAPPING and tag == _MAP:
        return _mapping(loader, node)  # type: ignore[arg-type]  # a MappingNode, by its class
    if kind is _SEQUENCE and tag == _SEQ:
        return [_build(loader, item) for item in node.value]
    raise _Unusual


class _NotText(Exception):
    """A key that is not plain text (1, true, null, !!str a, a list...)."""


def _not_text() -> Any:
    raise _NotText


class _Plain(_Numbers, yaml.resolver.Resolver):
    """What a plain scalar means, from its text alone: PyYAML's resolver, and the
    fast loader's constructors called on it (see _plain_value)."""


_Plain.yaml_path_resolvers = {}
_PLAIN_READER = _Plain()


class _PlainValues(dict):
    """Plain scalar text -> its value, as the fast loader reads it. Without path
    resolvers a plain scalar's tag, and so its value, depends on its text alone, and
    a batch meets the same keys and values in every file: remembered, up to
    _PLAIN_MAX texts (memory must not grow with a batch), the values that cannot
    change only."""

    def __missing__(self, text: str) -> Any:
        # Called for each text not remembered, as the unique names and figures of
        # every file of a batch are once it is full: the common ones answered first.
        # PyYAML's resolver tries only the patterns listed under a text's first
        # character ('' for no text) and those under None (for any).
        patterns = _PLAIN_READER.yaml_implicit_resolvers
        value: Any = text
        if text[:1] in patterns or None in patterns:  # else text: no pattern to try
            if _DECIMAL(text):  # the most common numbers, read as PyYAML reads them
                value = float(text)
            elif _WHOLE(text):
                value = int(text)
            else:
                value = _plain_value(text)
                if type(value) not in _IMMUTABLE:
                    return value
        if len(self) < _PLAIN_MAX and len(text) <= _PLAIN_LONGEST:
            self[text] = value
        return value


class _PlainKeys(dict):
    """Plain scalar text -> itself, for the texts that are text to YAML (not 1,
    true, null or <<)."""

    def __missing__(self, text: str) -> str:
        try:
            value = _PLAIN[text]
        except Exception:  # noqa: BLE001 - not a value PyYAML reads: one key at a time,
            raise _NotText from None  # where the full path says what it is
        if value.__class__ is not str:
            raise _NotText
        if len(self) < _PLAIN_MAX and len(text) <= _PLAIN_LONGEST:
            self[text] = text
        return text


def _plain_value(text: str) -> Any:
    """A plain scalar's value by PyYAML's resolver and the fast loader's constructors."""
    tag = _PLAIN_READER.resolve(_SCALAR, text, (True, False))
    if tag == _STR:
        return text
    construct = _FastLoader.yaml_constructors.get(tag)
    if construct is None:  # a merge key (<<) or '=': the full path says
        raise _Unusual
    return construct(_PLAIN_READER, yaml.ScalarNode(tag, text))


def tag_of(node: yaml.Node) -> str:
    """A node's tag, as PyYAML's resolver gives it, from whichever loader's tree."""
    tag = node.tag
    if tag.__class__ is not slice:
        return tag
    if tag.start is _SCALAR:
        return _PLAIN_READER.resolve(_SCALAR, tag.stop, tag.step)
    return _MAP if tag.start is _MAPPING else _SEQ


# Spellings PyYAML reads as Python's int() and float() do: decimal digits without a
# leading zero (YAML 1.1's octal), sign '+', '_' or ':' (base 60), and small enough
# for no range check (MAX_INT); digits with a decimal point. PyYAML's resolver takes
# the first for integers and the second for floats (its float patterns all need a
# '.', its other ones a letter, '-' between digits, '~', '<' or '=').
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]{0,17})").fullmatch
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+").fullmatch
_SCALAR, _MAPPING, _SEQUENCE = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
_IMMUTABLE = (int, float, bool, type(None), str, datetime.date, datetime.datetime)
_PLAIN = _PlainValues()
_KEYS = _PlainKeys()


def _parse(loader_class: type, text: str, file: str, utf8: bytes | None = None
           ) -> tuple[Any, yaml.Node]:
    # The node tree holds no reference cycles, but the cyclic collector would walk the
    # growing tree again and again while it is built: 100,000 keys took 3 s instead
    # of 0.7 (bench/unknown_keys.py). The commands that read profiles pause it
    # (base/gc_pause.py); the library leaves the collector to its caller.
    return _parse_text(loader_class, text, file, utf8)


def _no_path_resolvers(loader_class: type) -> None:
    """The loaders' shortcuts hold only without path resolvers (see above): a real
    check, where an `assert` would vanish under `python -O`."""
    if getattr(loader_class, "yaml_path_resolvers", None):
        raise RuntimeError(f"a path resolver was added to {loader_class.__name__}; "
                           "regionlab's YAML loaders assume none (base/yamlparse.py)")


def _parse_text(loader_class: type, text: str, file: str, utf8: bytes | None = None
                ) -> tuple[Any, yaml.Node]:
    _no_path_resolvers(loader_class)
    try:
        # the same bytes reach libyaml either way: PyYAML encodes text as UTF-8
        loader = loader_class(text if utf8 is None else utf8)
    except yaml.reader.ReaderError as e:  # PyYAML's own reader checks all the text at once
        raise InputError([_reader_problem(e, file, text)]) from None
    node = None
    try:
        node = loader.get_single_node()
        if node is None or _is_nothing(node):
            raise InputError([Problem(file, None, "", "empty-file", "the file is empty")])
        if loader_class is _FastLoader:
            return _build(loader, node), node
        return loader.construct_document(node), node
    except yaml.MarkedYAMLError as e:
        problem = _problem_from(e, file, text)
        refused = getattr(e, "node", None)
        if refused is not None and node is not None:
            problem = dataclasses.replace(
                problem, field=".".join(map(str, _path_to(node, refused))))
        raise InputError([problem]) from None
    except yaml.reader.ReaderError as e:
        raise InputError([_reader_problem(e, file, text)]) from None
    except yaml.YAMLError as e:  # errors without a position (rare)
        raise InputError([Problem(file, None, "", "yaml-syntax", str(e))]) from None
    except RecursionError:
        raise InputError([Problem(file, None, "", "too-deep", "is nested too deeply")]) from None
    finally:
        loader.dispose()


def _path_to(root: yaml.Node, target: yaml.Node) -> tuple:
    """The keys and indexes from the document's root down to one of its nodes (text
    keys by their spelling), or () if it is not found (a key, say)."""
    todo: list[tuple[yaml.Node, tuple]] = [(root, ())]
    while todo:
        node, path = todo.pop()
        if node is target:
            return path
        if isinstance(node, yaml.MappingNode):
            todo.extend((value, (*path, getattr(key, "value", "?")))
                        for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend((item, (*path, i)) for i, item in enumerate(node.value))
    return ()


def _is_nothing(node: yaml.Node) -> bool:
    # a document of only `---` (and comments) is an empty scalar, not a value given
    return (isinstance(node, yaml.ScalarNode) and tag_of(node) == "tag:yaml.org,2002:null"
            and node.value == "")


def _problem_from(e: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    mark = e.problem_mark or e.context_mark
    line = _line(text, mark)
    if isinstance(e, _Refused):
        return Problem(file, line, "", e.code, e.problem or "")
    problem = e.problem or ""
    # PyYAML names the tab ('\t'); libyaml says "tab character" or only that some
    # character cannot start a token, so look at the character under the mark.
    if "'\\t'" in problem or "tab character" in problem or _char_at(text, mark) == "\t":
        return Problem(file, line, "", "tab-character",
                       "a tab is used where YAML allows only spaces; indent with spaces")
    if "could not determine a constructor for the tag" in problem:
        return Problem(file, line, "", "tag-not-allowed",
                       f"{problem.replace('could not determine a constructor for the', 'the')} "
                       "is not allowed; only plain YAML values (text, numbers, lists, mappings)")
    if "expected a single document" in (e.context or ""):
        return Problem(file, line, "", "several-documents",
                       "holds more than one YAML document (---); put one profile in each file")
    context = e.context or ""
    start = _line(text, e.context_mark)
    if context and start is not None and start != line:  # e.g. where an unclosed [ opened
        context += f" (from line {start})"
    what = " ".join(x for x in (context, problem) if x)
    return Problem(file, line, "", "yaml-syntax", f"is not valid YAML: {what}")


def _reader_problem(e: yaml.reader.ReaderError, file: str, text: str) -> Problem:
    # Its position counts UTF-8 bytes under libyaml and characters in PyYAML; the
    # character itself is the first disallowed one, so find it in the text instead.
    char = chr(e.character) if isinstance(e.character, int) else str(e.character)
    at = text.find(char)
    line = len(_BREAK.findall(text, 0, at)) + 1 if at >= 0 else None
    return Problem(file, line, "", "yaml-syntax",
                   f"is not valid YAML: character #x{ord(char[:1] or ' '):04X} is not allowed "
                   f"({e.reason}); remove it")


def _line(text: str, mark) -> int | None:
    """1-based line of a mark; an error at the end of the file is on its last line."""
    if mark is None:
        return None
    lines = _BREAK.split(text)
    last = len(lines) - 1 if len(lines) > 1 and lines[-1] == "" else len(lines)
    return max(1, min(mark.line + 1, last))


def _char_at(text: str, mark) -> str:
    if mark is None:
        return ""
    lines = _BREAK.split(text)
    return lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else ""


def line_of(node: yaml.Node | None, path: tuple) -> int | None:
    """1-based line of the value at `path`, or of the nearest enclosing node."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for step in path:
        child = _child(node, step)
        if child is None:
            return line
        key_node, node = child
        line = (key_node or node).start_mark.line + 1
    return line


def _child(node: yaml.Node, step) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode) and isinstance(step, str) and len(node.value) > 64:
        return _index(node).get(step)  # a long mapping: looked up, not searched
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if _is_key(key_node, step):
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        if 0 <= step < len(node.value):
            return None, node.value[step]
    return None


def _index(node: yaml.MappingNode) -> dict:
    """Text key -> (key node, value node) of a mapping, built once: locating each of
    N problems in a mapping of N keys would otherwise take N * N steps."""
    index = getattr(node, "_regionlab_index", None)
    if index is None:
        index = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                index.setdefault(key_node.value, (key_node, value_node))
        setattr(node, "_regionlab_index", index)  # noqa: B010 - a memo on PyYAML's node
    return index


def _is_key(key_node: yaml.Node, step) -> bool:
    if isinstance(step, str):
        return key_node.value == step
    # a key that is not text (1, null, true) is matched by its value, not its spelling
    if not isinstance(key_node, yaml.ScalarNode):
        return False
    try:
        key = yaml.constructor.SafeConstructor().construct_object(
            yaml.ScalarNode(tag_of(key_node), key_node.value))
    except (yaml.YAMLError, ValueError, TypeError, LookupError, AttributeError):
        return False
    return type(key) is type(step) and key == step
