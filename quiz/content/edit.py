"""Changing a bank's YAML one question at a time, leaving the rest as the teacher wrote it.

A round-trip YAML library (ruamel.yaml) keeps the file's order, comments, quoting and layout;
only the question added or replaced is written anew. The loader still checks the result.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .yamlpos import YamlError, YList, YMap, parse

# The order a question's fields are written in when the form adds one the YAML did not have.
FIELD_ORDER = (
    "id", "type", "status", "prompt", "claim", "choices", "answer", "answers", "items", "fuzzy", "tolerance",
    "unit", "explain", "sources", "tags", "skill", "difficulty", "points", "time", "rule", "review",
)  # fmt: skip


class EditError(ValueError):
    """The bank's YAML cannot take the change (the message says why); nothing was changed."""


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order and quoting kept
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _load(text: str):
    try:
        root = _yaml().load(text) if text.strip() else None
    except YAMLError as exc:
        raise EditError(f"the bank's YAML cannot be read ({exc}); fix it in the editor first") from None
    if root is None:
        root = CommentedMap(title="Questions", questions=CommentedSeq())
    if not isinstance(root, dict):
        raise EditError("the bank's YAML is not a mapping with a questions list")
    listed = root.get("questions")
    if listed is None:
        listed = root["questions"] = CommentedSeq()
    if not isinstance(listed, list):
        raise EditError('the bank\'s "questions" is not a list')
    return root, listed


def _dump(root) -> str:
    out = io.StringIO()
    _yaml().dump(root, out)
    return out.getvalue()


def _ordered(mapping: Mapping[str, Any]) -> CommentedMap:
    keys = sorted(mapping, key=lambda k: FIELD_ORDER.index(k) if k in FIELD_ORDER else len(FIELD_ORDER))
    return CommentedMap((k, _plain_to_yaml(mapping[k])) for k in keys)


def _plain_to_yaml(value: Any) -> Any:
    if isinstance(value, Mapping):
        return CommentedMap((k, _plain_to_yaml(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return CommentedSeq(_plain_to_yaml(v) for v in value)
    if isinstance(value, str) and not _reads_back(value):
        return DoubleQuotedScalarString(value)  # "Yes", "1:30", "010": text the loader must read as text
    return value


def _reads_back(text: str) -> bool:
    """Whether ``text`` written plain is read back as this very text by the loader (PyYAML, YAML 1.1)."""
    try:
        return pyyaml.safe_load(f"v: {text}") == {"v": text}
    except pyyaml.YAMLError:
        return False


def _index(listed, question_id: str) -> int:
    for i, item in enumerate(listed):
        if isinstance(item, dict) and str(item.get("id", "")).strip() == question_id:
            return i
    raise EditError(f'there is no question "{question_id}" in the bank any more (was it renamed in the editor?)')


def add_questions(text: str, questions: list[Mapping[str, Any]]) -> str:
    """The bank's YAML with ``questions`` added at the end of its questions list; the rest unchanged."""
    root, listed = _load(text)
    for question in questions:
        listed.append(_ordered(question))
    return _dump(root)


def replace_question(text: str, question_id: str, fields: Mapping[str, Any]) -> str:
    """The bank's YAML with one question's fields set to ``fields``; every other line as it was.

    Fields the question keeps are changed in place (their comments stay); fields it no longer
    has are removed; new ones are added in the usual order.
    """
    root, listed = _load(text)
    item = listed[_index(listed, question_id)]
    for key in [k for k in item if k not in fields]:
        del item[key]
    for key, value in fields.items():
        if key not in item:
            continue
        if item[key] != value:
            item[key] = _keeping_comments(item[key], _plain_to_yaml(value))
    missing = [k for k in fields if k not in item]
    for key in sorted(missing, key=lambda k: FIELD_ORDER.index(k) if k in FIELD_ORDER else len(FIELD_ORDER)):
        place = _place(item, key)
        item.insert(place, key, _plain_to_yaml(fields[key]))
    return _dump(root)


def _keeping_comments(old: Any, new: Any) -> Any:
    """``new`` with the comments that hung on ``old``'s last item (a comment line before the next question)."""
    if isinstance(old, CommentedSeq) and isinstance(new, CommentedSeq) and len(old) and len(new):
        trailing = old.ca.items.get(len(old) - 1)
        if trailing:
            new.ca.items[len(new) - 1] = trailing
    return new


def _place(item: CommentedMap, key: str) -> int:
    """Where a new field goes: after the last existing field that comes before it in FIELD_ORDER."""
    rank = FIELD_ORDER.index(key) if key in FIELD_ORDER else len(FIELD_ORDER)
    place = 0
    for i, existing in enumerate(item):
        if (FIELD_ORDER.index(existing) if existing in FIELD_ORDER else len(FIELD_ORDER)) < rank:
            place = i + 1
    return place


def question_fields(text: str, question_id: str) -> dict[str, Any]:
    """One question's fields as the loader reads them (PyYAML's YAML 1.1: ``no`` is false), as plain values."""
    _root, listed = _load(text)  # the same errors as an edit would meet
    _index(listed, question_id)
    for item in pyyaml.safe_load(text).get("questions") or []:
        if isinstance(item, dict) and str(item.get("id", "")).strip() == question_id:
            return _plain(item)
    raise EditError(f'there is no question "{question_id}" in the bank any more')


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def question_yaml(fields: Mapping[str, Any]) -> str:
    """One question as the bank's YAML would hold it (an item of the questions list)."""
    out = io.StringIO()
    _yaml().dump(CommentedSeq([_ordered(fields)]), out)
    return out.getvalue()


def question_lines(text: str) -> dict[str, tuple[int, int, dict[str, int]]]:
    """For each question of ``text``: its first and last lines, and the line of each of its fields."""
    try:
        root = parse(text)
    except YamlError:
        return {}
    listed = root.get("questions") if isinstance(root, YMap) else None
    if not isinstance(listed, YList):
        return {}
    found = {}
    for i, item in enumerate(listed):
        if isinstance(item, YMap) and isinstance(item.get("id"), str):
            last = listed.item_pos[i + 1][0] - 1 if i + 1 < len(listed) else 10**9
            found[item["id"].strip()] = (listed.item_pos[i][0], last, {k: pos[0] for k, pos in item.key_pos.items()})
    return found


_MISSING = re.compile(r'missing "(\w+)"')


def _field_at(fields: dict[str, int], line: int) -> str:
    """The field whose lines hold ``line`` (the last one starting at or before it)."""
    return max((k for k, at in fields.items() if at <= line), key=fields.get, default="")


def problems_by_question(text: str, problems, ids) -> dict[str, dict[str, list]]:
    """The problems of ``text`` that fall in the questions ``ids``, by question id and then by field."""
    lines = question_lines(text)
    found: dict[str, dict[str, list]] = {}
    for problem in problems:
        if problem.path != "questions.yaml":
            continue
        for qid in ids:
            first, last, fields = lines.get(qid, (0, -1, {}))
            if first <= problem.line <= last:
                missing = _MISSING.match(problem.message)  # 'missing "explain"' is said at the question's start
                owner = missing[1] if missing else _field_at(fields, problem.line)
                found.setdefault(qid, {}).setdefault(owner, []).append(problem)
    return found
