"""Writing a question by form: the common fields, each kind's own, and the YAML they make (no Flask).

The form only turns typed text into YAML values. Whether they are right is the loader's to say,
as for a file: the question is added to (or replaced in) the bank's text and the whole bank is
checked, so a form save and a YAML save are held to the same rules and make the same version.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..content.edit import add_questions, problems_by_question, replace_question
from ..content.loader import LoadResult, load_bank_texts
from ..content.model import DIFFICULTIES, SKILLS, Bank
from ..content.problems import Problem
from . import KINDS
from .base import Entry, Kind

STATUSES = (("ready", "Ready: students get it"), ("draft", "Draft: not served yet"))


def _none_or(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return (("", "(none)"), *((v, v) for v in values))


def common_entries(kind: Kind) -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
    """The fields every question has: what comes before the kind's own, and what comes after."""
    if kind.asks_claim:
        first = Entry("claim", "The claim students judge against the source")
        extra = (Entry("prompt", "The question (optional)", hint=f"Default: {kind.default_prompt}", optional=True),)
    else:
        first, extra = Entry("prompt", "The question"), ()
    after = (
        Entry("explain", "The explanation students read after answering", "text"),
        Entry("skill", "Skill", "pick", picks=(("", "(none)"), *((s, s) for s in SKILLS)), optional=True),
        Entry(
            "difficulty", "Difficulty", "pick", picks=(("", "(none)"), *((d, d) for d in DIFFICULTIES)), optional=True
        ),
        Entry("tags", "Tags, separated by commas", "words", optional=True),
        Entry("points", "Points", "number", optional=True),
        Entry("status", "Status", "pick", picks=STATUSES),
    )
    return (first, *extra), after


def all_entries(kind: Kind) -> tuple[Entry, ...]:
    before, after = common_entries(kind)
    return (*before, *kind.entries(), *after)


def shown_fields(kind: Kind) -> set[str]:
    """The names of the fields a form for ``kind`` shows."""
    return {entry.name for entry in all_entries(kind)}


def question_fields(kind: Kind, typed: Mapping[str, str], question_id: str, sources: list[dict]) -> dict[str, Any]:
    """The question's YAML fields from what the teacher typed (empty fields left out)."""
    fields: dict[str, Any] = {"id": question_id, "type": kind.name}
    for entry in all_entries(kind):
        value = entry.value(typed.get(entry.name, ""))
        if value is not None and not (entry.name == "points" and value == 1):
            fields[entry.name] = value
    fields["sources"] = sources
    return fields


def edited_fields(kind: Kind, typed: Mapping[str, str], stored: Mapping[str, Any]) -> dict[str, Any]:
    """A stored question with the form's fields applied; fields the form does not show are kept as they were.

    A field whose typed text says what the stored value says (spaces aside) keeps the stored
    value, so that an untouched field is not rewritten.
    """
    fields = dict(stored)
    for entry in all_entries(kind):
        before = stored.get(entry.name)
        now = typed.get(entry.name, "")
        if before is not None and " ".join(entry.shown(before).split()) == " ".join(now.split()):
            continue
        value = entry.value(now)
        if value is None or (entry.name == "points" and value == 1):
            fields.pop(entry.name, None)
        else:
            fields[entry.name] = value
    return fields


def typed_values(kind: Kind, fields: Mapping[str, Any]) -> dict[str, str]:
    """A question's YAML fields as its form shows them."""
    shown = {entry.name: entry.shown(fields.get(entry.name)) for entry in all_entries(kind)}
    shown["status"] = shown.get("status") or "ready"
    return shown


def new_id(text: str, taken: set[str]) -> str:
    """A slug id from the question's first words, not yet used in the bank."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    base = "-".join(words[:6])[:50].strip("-") or "question"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


@dataclass
class Checked:
    """A bank's text with one question added or changed, and what the loader says of that question."""

    text: str
    result: LoadResult
    question_id: str
    problems: dict[str, list[Problem]] = field(default_factory=dict)  # by field ("" for the question as a whole)

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def bank(self) -> Bank | None:
        return self.result.bank

    def elsewhere(self) -> list[Problem]:
        """Errors in the rest of the bank (the form cannot fix them; the editor can)."""
        mine = {id(p) for ps in self.problems.values() for p in ps}
        return [p for p in self.result.problems if p.severity == "error" and id(p) not in mine]


def check(
    text: str,
    articles: Mapping[str, str],
    fields: Mapping[str, Any],
    replacing: str | None = None,
    shown: set[str] | None = None,
) -> Checked:
    """Add (or, with ``replacing``, replace) one question in the bank's text and check the whole bank.

    Problems go to the field they are about ("" for the question as a whole, and for fields that
    are not in ``shown``, the form's fields, so that none is invisible).
    """
    updated = replace_question(text, replacing, fields) if replacing else add_questions(text, [dict(fields)])
    result = load_bank_texts(updated, articles)
    checked = Checked(updated, result, str(fields["id"]))
    checked.problems = problems_by_question(updated, result.problems, [checked.question_id]).get(
        checked.question_id, {}
    )
    return checked


def kind_named(name: str | None) -> Kind | None:
    """The kind called ``name`` (None for anything else)."""
    return KINDS.get(name or "")
