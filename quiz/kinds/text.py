"""text: type a short answer, right when it matches an accepted form."""

from __future__ import annotations

from typing import Any

from ..scoring.marks import Score
from ..scoring.scorers import text_matches
from .base import MAX_TEXT, Entry, Kind, ResponseError
from .exchange import Typed


def typed_text(values: dict[str, Any]) -> str:
    """The typed answer, spaces tidied; ResponseError when empty or too long."""
    typed = " ".join(str(values.get("text") or "").split())
    if not typed:
        raise ResponseError("Type your answer.")
    if len(typed) > MAX_TEXT:
        raise ResponseError(f"Your answer is too long (at most {MAX_TEXT} characters).")
    return typed


class Text(Kind):
    name = "text"
    keys = ("answers", "fuzzy")
    summary = "Type a short answer."
    answer_is_phrase = True
    fields_help = "`answers` (accepted forms), `fuzzy`"
    optional = ("fuzzy",)

    def load(self, f, articles, sources):
        answers = f.strings("answers", required=True, low=1, what="accepted answers")
        fuzzy = f.number("fuzzy", default=0, minimum=0, integer=True)
        if fuzzy and fuzzy > 3:
            f.report.error(f.pos("fuzzy"), '"fuzzy" allows at most 3 typos')
        return {"answers": answers or (), "fuzzy": fuzzy or 0}

    def schema(self):
        return {
            "answers": {
                "type": "array",
                "description": "Accepted answers, one or more (case, punctuation and articles are ignored).",
                "markdownDescription": "Accepted answers, one or more. Matching ignores case, punctuation, "
                'articles and "4th" vs "fourth".',
                "items": {"type": ["string", "number"], "pattern": "\\S", "description": "An accepted answer."},
                "minItems": 1,
                "uniqueItems": True,
            },
            "fuzzy": {
                "type": "integer",
                "minimum": 0,
                "maximum": 3,
                "default": 0,
                "description": "Typos allowed, 0 to 3 (default 0).",
                "markdownDescription": "Typos allowed, 0 to 3 (default 0).",
            },
        }

    def snippet(self):
        return {"answers": [""]}

    def entries(self):
        return (
            Entry("answers", "Accepted answers, one per line", "lines", "Case, punctuation and articles are ignored."),
            Entry("fuzzy", "Typos allowed (0 to 3)", "number", optional=True),
        )

    def parse(self, shown, values):
        return typed_text(values)

    def score(self, question, response: Any) -> Score:
        """Right when the typed text matches an accepted form (see ``normalize_answer``)."""
        if not isinstance(response, str):
            raise ValueError(f"question {question.id}: a typed answer is text, not {response!r}")
        return Score.of(any(text_matches(response, form, question.fuzzy) for form in question.answers))

    def answer_text(self, question, articles=None):
        return question.answers[0]  # the first accepted form is the canonical one the teacher wrote

    def letters(self, shown, response):
        return ""

    def exchange(self, question, bank):
        return Typed(question.answers, question.fuzzy)

    def from_exchange(self, shape, question, bank):
        if not isinstance(shape, Typed):
            return None
        fields = {"answers": list(shape.answers)}
        if shape.fuzzy:
            fields["fuzzy"] = shape.fuzzy
        return fields


KIND = Text()
