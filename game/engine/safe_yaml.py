"""Reading YAML safely, keeping the line and column of every node.

Only the YAML node graph is built (`compose`, never `load`), so no tag can construct an object;
plain data is made from the nodes here, with duplicate keys, unknown tags, huge files and alias
bombs turned into story errors instead of exceptions.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from game.engine.errors import StoryError
from game.engine.file_bytes import TooBig
from game.engine.node_path import NodePath
from game.engine.story_folder import MAX_FILE_BYTES, read_story_file

try:  # the libyaml C loader is several times faster; the pure-Python one is the fallback
    from yaml import CSafeLoader as SafeLoader

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

    HAVE_LIBYAML = False

MAX_ALIAS_EXPANSION = 10_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()
# The tags read most, spelled once: the builder runs per node and was a fifth of a cold load.
_STR, _INT, _TIMESTAMP = f"{_TAG}str", f"{_TAG}int", f"{_TAG}timestamp"
_MAP, _SEQ, _MERGE = f"{_TAG}map", f"{_TAG}seq", f"{_TAG}merge"
# What `construct_object` would call for each scalar tag, called directly: construct_object also
# remembers every node it built in the shared constructor, which kept them all alive for good.
# The largest number a story may write (a 64-bit integer's range): anything bigger is a mistake
# or an attack (a 5,000-digit number costs Python a quadratic conversion).
MAX_NUMBER = 2**63 - 1
_MAX_DIGITS = 40  # longer than any number within MAX_NUMBER, underscores and signs included
_CONSTRUCT: dict[str, Callable[[Any], Any]] = {
    f"{_TAG}int": _constructor.construct_yaml_int,
    f"{_TAG}float": _constructor.construct_yaml_float,
    f"{_TAG}bool": _constructor.construct_yaml_bool,
    f"{_TAG}null": _constructor.construct_yaml_null,
}
_ScalarNode, _MappingNode, _SequenceNode = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
# Keys and id-like values are interned: a story names the same scenes and variables thousands
# of times, and one object each makes a smaller story, a smaller cache entry and a faster warm
# load (the unpickler refers back to one string instead of making it again).
_intern = sys.intern


# The loader story files are composed with: YAML's safe loader as it is (libyaml's when there).
# A shortcut in its `resolve` for plain text scalars was measured to buy nothing on a cold load of
# the 1,000-scene bench story (176 ms without it, 178-183 ms with it), so it went: one override of
# PyYAML's undocumented resolver less.
_StoryLoader = SafeLoader


def _shown_tag(tag: str) -> str:
    """'tag:yaml.org,2002:python/object' -> '!!python/object', as the author typed it."""
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


@dataclass
class Document:
    """One YAML file as plain data, where its nodes were, and what was wrong with it."""

    data: Any
    file: str  # the file's name as messages show it
    text: str | None = None  # its text, for a `SourceMap` (None when it could not be read)
    errors: list[StoryError] = field(default_factory=list)
    raw: bytes = b""


class _Builder:
    """Turns a composed node graph into dicts, lists and scalars, and (with `positions`)
    records where each node is in `values`, `keys` and `blocks`.

    A load builds the data only; the positions are recorded by a second walk when a message
    first needs one (see `positions`), so the common case of a story with no mistakes never
    pays for them. Both walks are this one code, so they agree on every path.
    """

    def __init__(self, display: str, aliases: bool = True, positions: bool = False) -> None:
        self.display = display
        self.aliases = aliases  # whether the text can hold any (it has an `&` somewhere)
        self.positions = positions
        self.values: dict[NodePath, tuple[int, int]] = {}
        self.keys: dict[NodePath, tuple[int, int]] = {}
        self.blocks: set[NodePath] = set()
        self.errors: list[StoryError] = []
        self.seen: set[int] = set()
        self.expanded = 0
        self.aborted = False

    def error(self, node: yaml.Node, message: str, code: str) -> None:
        mark = node.start_mark
        self.errors.append(StoryError(self.display, mark.line + 1, mark.column + 1, message, code))

    def build(self, node: yaml.Node, path: NodePath, depth: int = 0) -> Any:
        if self.aborted:
            return None
        if self.aliases:
            seen = self.seen
            ident = id(node)
            if ident in seen:
                self.expanded += 1
                if self.expanded > MAX_ALIAS_EXPANSION:
                    self.aborted = True
                    self.error(
                        node,
                        f"aliases expand to more than {MAX_ALIAS_EXPANSION} nodes "
                        "(an alias bomb?); refusing to read further",
                        "alias-bomb",
                    )
                    return None
            else:
                seen.add(ident)
        if depth > MAX_DEPTH:
            self.aborted = True
            self.error(node, f"nesting deeper than {MAX_DEPTH} levels", "too-deep")
            return None
        if self.positions:
            values = self.values
            if path not in values:
                mark = node.start_mark
                values[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, _MappingNode):
            if node.flow_style and _is_unquoted_template(node):
                return self.unquoted_template(node)
            return self.build_mapping(node, path, depth)
        if isinstance(node, _SequenceNode):
            if node.tag != _SEQ:
                self.error(
                    node, f"the tag '{_shown_tag(node.tag)}' is not allowed in a story", "bad-tag"
                )
            depth += 1
            build = self.build
            return [build(item, (*path, i), depth) for i, item in enumerate(node.value)]
        if self.positions and getattr(node, "style", None) in ("|", ">"):
            self.blocks.add(path)
        return self.build_scalar(node)

    def build_mapping(self, node: yaml.MappingNode, path: NodePath, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            self.error(
                node, f"the tag '{_shown_tag(node.tag)}' is not allowed in a story", "bad-tag"
            )
        result: dict[str, Any] = {}
        keys, values, seen = self.keys, self.values, self.seen
        aliases, positions = self.aliases, self.positions
        build = self.build
        depth += 1
        for key_node, value_node in node.value:
            if key_node.tag == _STR and isinstance(key_node, _ScalarNode):
                key = _intern(key_node.value)  # the usual key, as build_scalar would read it
            else:
                if key_node.tag == _MERGE:
                    self.error(key_node, "merge keys ('<<') are not supported", "bad-tag")
                    continue
                if not isinstance(key_node, _ScalarNode):
                    message = "a key must be a plain word, not a list or mapping"
                    self.error(key_node, message, "bad-key")
                    continue
                key = _spelled(self.build_scalar(key_node))
            child = (*path, key)
            if key in result:
                first = _first_key_line(node, key_node, key)
                message = f"duplicate key {key!r} (first defined on line {first})"
                self.error(key_node, message, "duplicate-key")
                continue
            if positions:
                mark = key_node.start_mark
                keys[child] = (mark.line + 1, mark.column + 1)
            if (
                value_node.__class__ is _ScalarNode
                and value_node.tag == _STR
                and not (aliases and id(value_node) in seen)
                and depth <= MAX_DEPTH
                and not self.aborted
            ):  # most values: what `build` does for a plain string, without the call
                if aliases:
                    seen.add(id(value_node))
                if positions:
                    if child not in values:
                        mark = value_node.start_mark
                        values[child] = (mark.line + 1, mark.column + 1)
                    if value_node.style in ("|", ">"):
                        self.blocks.add(child)
                value = value_node.value
                # a scene id, a variable or a value word: one object however often it appears
                result[key] = _intern(value) if len(value) <= 64 and value.isidentifier() else value
            else:
                result[key] = build(value_node, child, depth)
        return result

    def unquoted_template(self, node: yaml.MappingNode) -> str:
        """`label: {{ name }}` without quotes, which YAML reads as a mapping in a mapping: one
        message saying to quote it, and the text read on as the author meant it, so that nothing
        else complains about the same node."""
        inner = node.value[0][0].value
        name = inner[0][0].value if len(inner) == 1 and isinstance(inner[0][0], _ScalarNode) else ""
        text = f"{{{{ {name} }}}}" if name else "{{ }}"
        message = (
            f"a value that starts with '{{' is read by YAML as a mapping: put the whole value in "
            f'quotes, e.g. "{text}"'
        )
        self.error(node, message, "unquoted-template")
        return text

    def build_scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag in (_STR, _TIMESTAMP):
            return node.value  # a date stays as the author wrote it
        if tag not in _SCALAR_TAGS:
            self.error(
                node, f"the tag '{_shown_tag(node.tag)}' is not allowed in a story", "bad-tag"
            )
            return str(node.value)  # reported once here; read on as plain text
        value = node.value
        if tag == _INT and len(value) > _MAX_DIGITS:
            return self.bad_number(node, f"{value[:12]}... has {len(value):,} digits")
        if tag == _INT and value.isdigit() and value[0] != "0":
            built: Any = int(value)  # what construct_yaml_int gives for plain decimals, sooner
        else:
            try:
                built = _CONSTRUCT[tag](node)
            except (ValueError, IndexError, TypeError, yaml.YAMLError):
                # an explicit tag on a value it cannot describe, e.g. `!!int abc`, `!!float ''`
                self.error(node, f"{value!r} is not a valid {_shown_tag(tag)}", "bad-value")
                return str(value)
        if isinstance(built, float) and not math.isfinite(built):
            return self.bad_number(node, f"{value} is not a finite number")
        if isinstance(built, int) and abs(built) > MAX_NUMBER:
            return self.bad_number(node, f"{value[:24]} is too big")
        return built

    def bad_number(self, node: yaml.Node, problem: str) -> None:
        """A number no story needs (huge, infinite, not a number): reported, read on as null."""
        self.error(
            node,
            f"{problem}: numbers in a story are finite and at most {MAX_NUMBER:,}",
            "bad-number",
        )
        return None


def _is_unquoted_template(node: yaml.MappingNode) -> bool:
    """`{{ name }}`: a flow mapping whose only key is a flow mapping with no value."""
    if len(node.value) != 1:
        return False
    key, value = node.value[0]
    return (
        isinstance(key, _MappingNode)
        and key.flow_style
        and isinstance(value, _ScalarNode)
        and value.tag == f"{_TAG}null"
        and value.value == ""
    )


def read_document(path: Path | str, display: str, raw: bytes | None = None) -> Document:
    """Read one YAML file (or `raw`, its bytes as an editor holds them unsaved); never raises
    for anything the file contains."""
    try:
        if raw is None:
            raw = read_story_file(os.fspath(path))
        elif len(raw) > MAX_FILE_BYTES:
            raise TooBig(len(raw))
        text = raw.decode("utf-8")
    except TooBig as big:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        message = f"file is {big.size:,} bytes; story files are limited to {limit} MB"
        return Document(None, display, None, [StoryError(display, 1, 1, message, "too-big")])
    except UnicodeDecodeError as exc:
        line, column = _byte_position(exc.object, exc.start)
        message = (
            f"not UTF-8 text: byte 0x{exc.object[exc.start]:02x} here cannot be read (save the "
            "file as UTF-8 in your editor)"
        )
        return Document(
            None, display, None, [StoryError(display, line, column, message, "encoding")]
        )
    except OSError as exc:
        message = f"cannot read: {exc.strerror or exc}"
        return Document(None, display, None, [StoryError(display, 1, 1, message, "unreadable")])
    document = parse_document(text, display)
    document.raw = raw
    return document


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of the byte at `offset`."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    before = raw[line_start:offset].decode("utf-8", errors="replace")
    return raw.count(b"\n", 0, offset) + 1, len(before) + 1


# What to do about the YAML errors authors meet most, by words in the problem (libyaml's and
# PyYAML's wordings differ).
_YAML_HINTS = (
    (
        ("expected '-' indicator", "expected <block end>"),
        "this line is indented differently from the lines around it: line up the keys of a list "
        "item under its first key, and start each item with '-' in the same column",
    ),
    (
        ("did not find expected key",),
        "indent each key of this mapping as far as the keys before it, and quote a whole value "
        "that has more text after a closing quote",
    ),
    (
        ("could not find expected ':'",),
        "each line here should be 'key: value': indent a continued value further, or use '|'",
    ),
    (
        ("mapping values are not allowed here",),
        "quote a value that contains ': ', or check the indentation of the key above",
    ),
    (
        ("cannot start any token",),
        "indent with spaces, not tabs; quote a value that starts with '{', '%', '@' or '`'",
    ),
)


def _yaml_hint(problem: str) -> str:
    for words, hint in _YAML_HINTS:
        if any(word in problem for word in words):
            return f": {hint}"
    return ""


def parse_document(text: str, display: str) -> Document:
    """Parse YAML text into plain data with positions."""
    try:
        root = yaml.compose(text, Loader=_StoryLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        problem += _yaml_hint(problem)
        return Document(None, display, None, [StoryError(display, line, column, problem, "yaml")])
    except yaml.YAMLError as exc:
        return Document(None, display, None, [StoryError(display, 1, 1, str(exc), "yaml")])
    except RecursionError:
        message = "the YAML is nested too deeply to read"
        return Document(None, display, None, [StoryError(display, 1, 1, message, "too-deep")])
    if root is None:
        return Document(None, display)
    builder = _Builder(display, aliases="&" in text)  # an alias needs an anchor: `&name`
    data = builder.build(root, ())
    return Document(data, display, text, builder.errors)


def positions(
    text: str, display: str
) -> tuple[dict[NodePath, Any], dict[NodePath, Any], set[NodePath]]:
    """Where every node of a YAML text is: (values, keys, blocks) for a `SourceMap`.

    Called when a message first needs a position in a file that was read without errors
    before, from the very same text: composing it again cannot fail.
    """
    try:
        root = yaml.compose(text, Loader=_StoryLoader)
    except (yaml.YAMLError, RecursionError):
        return {}, {}, set()
    builder = _Builder(display, aliases="&" in text, positions=True)
    if root is not None:
        builder.build(root, ())
    return builder.values, builder.keys, builder.blocks


def _first_key_line(node: yaml.MappingNode, duplicate: yaml.Node, key: str) -> int:
    """The line of the first key in a mapping that reads as `key` (met again at `duplicate`)."""
    for key_node, _ in node.value:
        if key_node is duplicate:
            break
        if isinstance(key_node, _ScalarNode) and _key_text(key_node) == key:
            return int(key_node.start_mark.line) + 1
    return int(duplicate.start_mark.line) + 1


def _key_text(node: yaml.ScalarNode) -> str:
    """The key a scalar key node reads as, as `build_mapping` makes it (reporting nothing)."""
    if node.tag in (_STR, _TIMESTAMP) or node.tag not in _SCALAR_TAGS:
        return str(node.value)
    try:
        value = _CONSTRUCT[node.tag](node)
    except (ValueError, IndexError, TypeError, yaml.YAMLError):
        return str(node.value)
    return _spelled(value)


def _spelled(value: Any) -> str:
    """A key's value as the text it is kept under: `null`, `true`/`false`, or its `str`."""
    if value is None:
        return "null"
    return str(value).lower() if isinstance(value, bool) else str(value)
