"""YAML parsed into plain values that remember where each node was written.

PyYAML's composer (the C one when available) gives a node tree with marks; we build dicts and
lists from it ourselves so every value keeps its line and column, duplicate keys are caught and
alias bombs or cycles cannot hang or crash the loader.
"""

from __future__ import annotations

import gc
import re
import threading
from contextlib import contextmanager

import yaml

try:  # the C composer is ~10x faster on large banks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the libyaml build
    from yaml import SafeLoader as _Loader

Pos = tuple[int, int]
MAX_NODES = 2_000_000
MAX_DEPTH = 60
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # what YAML counts as a line break


class YamlError(Exception):
    """A YAML document that cannot be read; carries a 1-based position."""

    def __init__(self, message: str, pos: Pos = (1, 1)):
        super().__init__(message)
        self.message = message
        self.pos = pos


class YMap(dict):
    """A mapping with the position of itself, of each key and of each value."""

    pos: Pos
    key_pos: dict
    val_pos: dict
    duplicates: list  # (key, pos) of keys written twice


class YList(list):
    """A sequence with the position of itself and of each item."""

    pos: Pos
    item_pos: list


def _pos(node) -> Pos:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


class _Builder:
    def __init__(self) -> None:
        self.constructor = yaml.constructor.SafeConstructor()
        self.count = 0
        self.active: set[int] = set()

    def build(self, node, depth: int = 0):
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlError("the document is too large (alias expansion?)", _pos(node))
        if depth > MAX_DEPTH:
            raise YamlError("the document is nested too deeply", _pos(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR_TAG:  # most values; what SafeConstructor would return, minus its overhead
                return node.value
            try:
                return self.constructor.construct_object(node, deep=True)
            except Exception as exc:  # KeyError for `!!bool maybe`, AttributeError for `!!timestamp`, ...
                raise YamlError(_unreadable(node, exc), _pos(node)) from None
        if id(node) in self.active:
            raise YamlError("a value refers to itself (recursive alias)", _pos(node))
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                out = YList()
                out.pos = _pos(node)
                out.item_pos = []
                for item in node.value:
                    out.append(self.build(item, depth + 1))
                    out.item_pos.append(_pos(item))
                return out
            out = YMap()
            out.pos = _pos(node)
            out.key_pos, out.val_pos, out.duplicates = {}, {}, []
            merges = []
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:  # `<<: *shared` copies keys not written here
                    merges.append(self.build(value_node, depth + 1))
                    continue
                key = self.build(key_node, depth + 1)
                if isinstance(key, (YMap, YList)) or not _hashable(key):
                    raise YamlError("a mapping key must be a plain value", _pos(key_node))
                if key in out:
                    out.duplicates.append((key, _pos(key_node)))
                out[key] = self.build(value_node, depth + 1)
                out.key_pos[key] = _pos(key_node)
                out.val_pos[key] = _pos(value_node)
            for merged in merges:
                _merge(out, merged, _pos(node))
            return out
        finally:
            self.active.discard(id(node))


def _merge(out: YMap, merged, pos: Pos) -> None:
    """Apply a YAML merge key: keys of ``merged`` (a mapping or list of them) that ``out`` lacks."""
    sources = merged if isinstance(merged, YList) else [merged]
    for source in sources:
        if not isinstance(source, YMap):
            raise YamlError("a merge key (<<) takes a mapping or a list of mappings", pos)
        for key, value in source.items():
            if key not in out:
                out[key] = value
                out.key_pos[key] = source.key_pos[key]
                out.val_pos[key] = source.val_pos[key]


def _end(text: str) -> Pos:
    """The line and column just after ``text``, counting line breaks as YAML does."""
    lines = _BREAK.split(text)
    return len(lines), len(lines[-1]) + 1


def _unreadable(node, exc: Exception) -> str:
    """One line saying why PyYAML cannot build this tagged scalar."""
    tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
    detail = str(exc).strip() if isinstance(exc, (yaml.YAMLError, ValueError)) else ""
    return f"cannot read this value as {tag}" + (f": {detail.splitlines()[0]}" if detail else "")


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while a large, acyclic tree is built.

    Each collection would walk every node allocated so far; on a bank of 10,000 questions that
    was more than half of `quiz check`. Nested and concurrent pauses restore the previous state.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def parse(text: str):
    """Parse one YAML document into YMap/YList/scalars; raise YamlError with a position."""
    with _gc_paused():
        return _parse(text)


def _parse(text: str):
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        # libyaml marks the end of a file without a final newline on the line after it
        raise YamlError(*reversed(_plain_words(text, exc, min(pos, _end(text)), message))) from None
    except yaml.reader.ReaderError as exc:
        offset = exc.position  # libyaml counts bytes of UTF-8, the pure-Python reader characters
        if _Loader is not yaml.SafeLoader:
            offset = len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))
        raise YamlError(f"YAML syntax: {str(exc).splitlines()[0]}", _end(text[:offset])) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML syntax: {str(exc).splitlines()[0]}") from None
    except (ValueError, UnicodeError) as exc:
        raise YamlError(f"cannot read the file: {exc}") from None
    if node is None:
        return None
    try:
        return _Builder().build(node)
    except RecursionError:
        raise YamlError("the document is nested too deeply", _pos(node)) from None


def _plain_words(text: str, exc, pos: tuple[int, int], parser: str) -> tuple[tuple[int, int], str]:
    """The parser's finding explained in a teacher's words, at the line that needs the change."""
    lines = re.split(r"\r\n|[\n\r\x85\u2028\u2029]", text)  # the line breaks YAML knows
    line = lines[pos[0] - 1] if 0 < pos[0] <= len(lines) else ""
    said = f"(YAML: {parser})"
    if "\t" in line[: max(pos[1], _indent(line) + 1)] or "tab" in parser:
        return pos, f"a tab character: YAML indents with spaces only; replace the tab with spaces {said}"
    if "quoted scalar" in parser and "end of stream" in parser and exc.context_mark is not None:
        opened = (exc.context_mark.line + 1, exc.context_mark.column + 1)
        return opened, f"this quote is never closed: end the value with the same quote mark {said}"
    if "escape" in parser or "hexdecimal" in parser:
        return pos, (
            "a backslash inside double quotes starts an escape (\\n, \\t...): put the value in single quotes, "
            f"or write each backslash twice {said}"
        )
    if "mapping values are not allowed" in parser:
        own_colon = line.find(":") + 1 == pos[1]  # the parser stopped at the line's own field, not inside its value
        indent, around = _indent(line), _indent_around(lines, pos[0] - 1)
        if own_colon and around is not None and indent != around and _KEY_START.match(line.strip()):
            return (pos[0], 1), (
                f"this line is indented {indent} spaces; the lines around it use {around}: "
                f"line the field up with the others {said}"
            )
        return pos, (
            "a colon followed by a space inside a value ends the value: put the whole value in quotes, "
            f'for example "Who said: this?" {said}'
        )
    if "could not find expected ':'" in parser:
        at = exc.context_mark.line if exc.context_mark is not None else pos[0] - 1
        culprit = _dashless_item(lines, at)
        if culprit is not None:
            word = lines[culprit].strip()
            return (culprit + 1, _indent(lines[culprit]) + 1), (
                f'this line looks like a list item without its dash: write "- {word}" {said}'
            )
        if 0 <= at < len(lines):
            return (
                at + 1,
                _indent(lines[at]) + 1,
            ), f"this line needs a colon after its field name (name: value) {said}"
    return pos, f"YAML syntax: {parser}"


_KEY_START = re.compile(r"[\w-]+:(\s|$)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indent_around(lines: list[str], index: int) -> int | None:
    """The indentation of the field lines just before ``index`` (a list item's fields start after its dash)."""
    for line in reversed(lines[:index]):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("- "):
            return _indent(line) + 2
        return _indent(line)
    return None


def _dashless_item(lines: list[str], index: int) -> int | None:
    """The index of the line at (or just before) ``index`` that sits among list items without a dash of its own."""
    candidates = [i for i in range(min(index, len(lines) - 1), -1, -1) if lines[i].strip()][:2]
    for i in candidates:
        stripped = lines[i].strip()
        if stripped.startswith("#") or ":" in stripped or stripped.startswith("-"):
            continue
        before = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        if before.strip().startswith("- ") and _indent(before) == _indent(lines[i]):
            return i
    return None
