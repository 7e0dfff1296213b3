"""Drafts written as a bank in the questions.yaml format: deterministic, and read back to be sure."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

import yaml

from .model import Draft

try:  # libyaml is much faster; either one gives the same text on a given machine
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

HEADER = (
    "# Drafted by `quiz draft`: every question is status: draft and is never served until a teacher\n"
    "# reviews it (see each one's review: flags), edits it and sets status: ready. Check with `quiz check`.\n"
)
_FLOW_LIMIT = 100


def _dump(value) -> str:
    """``value`` as YAML on one line, quoted only as much as YAML needs."""
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, default_flow_style=True, width=1_000_000)
    return text.rstrip("\n").removesuffix("\n...")


scalar = lru_cache(maxsize=8192)(_dump)  # one YAML scalar: hashable, so cached (ids, keys and flags recur)


def _item(lines: list[str], indent: str) -> list[str]:
    """Lines indented by ``indent`` and two spaces, made one item of a YAML list (the first gets the dash)."""
    if lines:
        lines[0] = f"{indent}- {lines[0][len(indent) + 2 :]}"
    return lines


def _lines(key: str, value, indent: str) -> list[str]:
    """The YAML lines of ``key: value`` at ``indent`` (none for a missing value or an empty list)."""
    if value is None or value == []:
        return []
    if not isinstance(value, list):
        return [f"{indent}{key}: {scalar(value)}"]
    if all(not isinstance(v, (dict, list)) for v in value):
        inline = f"{indent}{key}: {_dump(value)}"  # a short list of scalars in flow style: [a, "b: c"]
        if len(inline) <= _FLOW_LIMIT:
            return [inline]
        return [f"{indent}{key}:"] + [f"{indent}  - {scalar(v)}" for v in value]
    out = [f"{indent}{key}:"]
    for item in value:
        out += _item([f"{indent}    {k}: {scalar(v)}" for k, v in item.items() if v is not None], indent + "  ")
    return out


def question_record(d: Draft) -> dict:
    """The draft as the bank stores it, keys in reading order."""
    return {
        "id": d.id,
        "type": d.type,
        **d.fields,
        "explain": d.explain,
        "sources": [dict(article=s.article, quote=s.quote, prefix=s.prefix, suffix=s.suffix) for s in d.sources],
        "tags": list(d.tags),
        "skill": d.skill,
        "difficulty": d.difficulty,
        "status": "draft",
        "rule": d.rule,
        "review": [str(r) for r in d.review],  # the text; a flag's code stays with the drafter
    }


def draft_key(d: Draft) -> str:
    """A draft's own name across runs: its kind, its article, its wording and its answer."""
    payload = json.dumps([d.type, d.article, d.fields], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def emit(title: str, articles: str, drafts: list[Draft]) -> tuple[str, dict[str, int]]:
    """The bank text and each question's first line; it must read back as the same values (or a bank is corrupt)."""
    lines = [HEADER.rstrip("\n"), f"title: {scalar(title)}", f"articles: {scalar(articles)}", "questions:"]
    starts: dict[str, int] = {}
    for d in drafts:
        starts[d.id] = len(lines) + 1
        block = [line for key, value in question_record(d).items() for line in _lines(key, value, "    ")]
        lines += _item(block, "  ")
    if not drafts:
        lines[-1] = "questions: []"
    text = "\n".join(lines) + "\n"
    data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
    expected = [{k: v for k, v in question_record(d).items() if v not in (None, [])} for d in drafts]
    for q in expected:
        q["sources"] = [{k: v for k, v in s.items() if v is not None} for s in q["sources"]]
    if data.get("title") != title or data.get("articles") != articles or (data.get("questions") or []) != expected:
        raise AssertionError("the draft bank did not read back as written")
    return text, starts
