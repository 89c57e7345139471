"""The one place that reads YAML.

A `CSafeLoader` subclass (pure-Python `SafeLoader` where libyaml is missing) that
refuses what hand-written input files should never contain: duplicate keys
(PyYAML silently keeps the last), anchors/aliases and merge keys (alias bombs),
and any tag beyond plain YAML types. Decoding is done here too, so that a CP949
file is named as such instead of failing somewhere deep in the parser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from regionlab.errors import InputError, Problem

try:
    _Base = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Base = yaml.SafeLoader

MAX_BYTES = 4 * 1024 * 1024  # a profile is a few KB; anything this big is a mistake


class _Refused(yaml.MarkedYAMLError):
    def __init__(self, code: str, message: str, mark):
        super().__init__(problem=message, problem_mark=mark)
        self.code = code


class StrictLoader(_Base):
    """Safe loader with duplicate keys, aliases and merge keys refused."""

    def construct_object(self, node, deep=False):
        # The base class caches each constructed node; meeting one again means
        # an alias (*name) points at it.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(
                "alias-not-allowed",
                "anchors and aliases (&name / *name) are not allowed; write the value out",
                node.start_mark,
            )
        return super().construct_object(node, deep)

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(
                    "merge-not-allowed", "merge keys (<<) are not allowed", key_node.start_mark
                )
            key = key_node.value
            if key in seen:
                raise _Refused(
                    "duplicate-key",
                    f"key '{key}' is given twice in this mapping (first on line {seen[key]})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)


def read_text(path: Path) -> str:
    """Read a UTF-8 file (BOM accepted); name other encodings instead of guessing."""
    file = str(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise InputError([Problem(file, None, "", "not-a-file", "is a folder, not a file")]) from None
    except OSError as e:
        raise InputError([Problem(file, None, "", "unreadable", f"cannot read: {e.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise InputError(
            [Problem(file, None, "", "file-too-large", f"is {len(raw)} bytes; at most {MAX_BYTES}")]
        )
    return decode(raw, file)


def decode(raw: bytes, file: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            [Problem(file, None, "", "not-utf8", "is UTF-16 text; save it as UTF-8")]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        hint = "; it looks like CP949/EUC-KR (legacy Korean)" if _is_cp949(raw) else ""
        msg = f"is not UTF-8 text{hint}; convert it, e.g. iconv -f cp949 -t utf-8"
        raise InputError([Problem(file, line, "", "not-utf8", msg)]) from None


def _is_cp949(raw: bytes) -> bool:
    try:
        raw.decode("cp949")
    except UnicodeDecodeError:
        return False
    return True


def parse(text: str, file: str) -> tuple[Any, yaml.Node]:
    """Parse one YAML document; return the data and its node tree (for line numbers)."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError([Problem(file, None, "", "empty-file", "the file is empty")])
        return loader.construct_document(node), node
    except yaml.MarkedYAMLError as e:
        raise InputError([_problem_from(e, file)]) from None
    except yaml.YAMLError as e:  # errors without a position (rare)
        raise InputError([Problem(file, None, "", "yaml-syntax", str(e))]) from None
    except RecursionError:
        raise InputError([Problem(file, None, "", "too-deep", "is nested too deeply")]) from None
    finally:
        loader.dispose()


def _problem_from(e: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark is not None else None
    if isinstance(e, _Refused):
        return Problem(file, line, "", e.code, e.problem)
    problem = e.problem or ""
    if "'\\t'" in problem or "\\t" in problem:
        return Problem(file, line, "", "tab-character",
                       "a tab is used where YAML allows only spaces; indent with spaces")
    if "could not determine a constructor for the tag" in problem:
        return Problem(file, line, "", "tag-not-allowed",
                       f"{problem.replace('could not determine a constructor for', 'the')} "
                       "is not allowed; only plain YAML values (text, numbers, lists, mappings)")
    if "expected a single document" in (e.context or ""):
        return Problem(file, line, "", "several-documents",
                       "holds more than one YAML document (---); put one profile in each file")
    what = " ".join(x for x in (e.context, problem) if x)
    return Problem(file, line, "", "yaml-syntax", f"is not valid YAML: {what}")


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
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(step):
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        if 0 <= step < len(node.value):
            return None, node.value[step]
    return None


def load_file(path: Path) -> tuple[Any, yaml.Node]:
    return parse(read_text(path), str(path))
