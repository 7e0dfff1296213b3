"""GIFT and Moodle XML files into a bank, as draft questions for the teacher to anchor.

Every question read becomes a ``status: draft`` question of the nearest kind (our own exports name
their kind, so they come back as the same questions). Its sources are left for the teacher to
anchor, and its ``review`` notes say so, with the passages the file quoted. The questions are
added at the end of the bank's YAML by a round-trip YAML library (ruamel.yaml), so the rest of
the file, its order and its comments stay as the teacher wrote them (``quiz.content.edit.add_questions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content.model import Bank
from ..kinds import KINDS
from .reading import ImportError_, Parsed, Read, read_gift, read_moodle_xml

# Kinds tried, in order, for a question whose file does not name its kind (evidence needs its
# passage, so it is never guessed; source only when the options are the bank's article titles).
GUESSES = ("verdict", "truefalse", "multi", "source", "choice", "text", "number", "order")
SOURCE_MISSING = "source missing: anchor the passage that proves the answer, then set status: ready"


@dataclass
class Imported:
    """Draft questions read from a file (YAML-ready mappings) and what could not be read."""

    questions: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_file(data: bytes, filename: str) -> Read:
    """A GIFT or Moodle XML file's questions; ImportError_ when it is neither or cannot be read."""
    start = data.lstrip()[:200].lower()
    if filename.lower().endswith(".xml") or start.startswith(b"<?xml") or start.startswith(b"<quiz"):
        return read_moodle_xml(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(f"the file is not UTF-8 text (byte {exc.start}): save it as UTF-8 and try again") from None
    found = read_gift(text)
    if not found.questions and not found.skipped:
        raise ImportError_("no questions found: is this a GIFT (.gift, .txt) or Moodle XML (.xml) file?")
    return found


def slug(text: str) -> str:
    made = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return made[:60].strip("-") or "imported"


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _kind_fields(parsed: Parsed, bank: Bank | None) -> tuple[str, dict] | None:
    base = {"prompt": parsed.text, "claim": parsed.claim}
    names = ((parsed.kind,) if parsed.kind in KINDS else ()) + GUESSES
    for name in names:
        fields = KINDS[name].from_exchange(parsed.shape, base, bank)
        if fields is not None:
            return name, fields
    return None


def draft_questions(read: Read, bank: Bank | None = None) -> Imported:
    """Draft question mappings for the questions read (``bank``: where they go, for ids and articles)."""
    done = Imported(skipped=list(read.skipped))
    taken = {q.id for q in bank.questions} if bank else set()
    for parsed in read.questions:
        found = _kind_fields(parsed, bank)
        if found is None:
            done.skipped.append(
                f"line {parsed.line} ({parsed.name or 'unnamed'}): its answers fit no kind of this game"
            )
            continue
        name, fields = found
        kind = KINDS[name]
        question = {"id": _unique(slug(parsed.name or parsed.text), taken), "type": name, "status": "draft"}
        if kind.asks_claim:
            question["claim"] = fields.pop("claim", None) or parsed.claim or parsed.text
            if parsed.text and parsed.text != kind.default_prompt and parsed.text != question["claim"]:
                question["prompt"] = parsed.text
        else:
            question["prompt"] = fields.pop("prompt", None) or parsed.text or parsed.name
        fields.pop("claim", None)
        fields.pop("prompt", None)
        question.update(fields)
        if parsed.feedback:
            question["explain"] = parsed.feedback
        if parsed.tags:
            question["tags"] = list(dict.fromkeys(parsed.tags))
        if parsed.points != 1:
            question["points"] = parsed.points
        question["review"] = [SOURCE_MISSING] + [f"the file quoted: {text}" for text in parsed.quoted]
        done.questions.append(question)
    return done
