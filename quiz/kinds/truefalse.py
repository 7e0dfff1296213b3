"""truefalse: true or false."""

from __future__ import annotations

from typing import Any

from ..scoring.marks import Score
from .base import Entry, Kind, Presented, ResponseError
from .exchange import TrueFalse as Shape

OPTIONS = (("true", "True"), ("false", "False"))


def true_false(value: bool) -> str:
    return "True" if value else "False"


class TrueFalse(Kind):
    name = "truefalse"
    keys = ("answer",)
    summary = "True or false."
    fields_help = "`answer: true/false`"
    field = "choice"
    single_option = True

    def load(self, f, articles, sources):
        answer = f.node.get("answer")
        if not isinstance(answer, bool):
            msg = 'missing "answer" (true or false)' if answer is None else '"answer" must be true or false'
            f.report.error(f.pos("answer"), msg)
        return {"answer": answer}

    def schema(self):
        return {
            "answer": {
                "type": "boolean",
                "description": "true or false.",
                "markdownDescription": "`true` or `false` (no quotes).",
            }
        }

    def snippet(self):
        return {"answer": True}

    def entries(self):
        return (Entry("answer", "The statement is", "yesno", picks=(("true", "True"), ("false", "False"))),)

    def present(self, bank, seed, question):
        return Presented(question, OPTIONS)

    def parse(self, shown, values):
        value = values.get("choice")
        if value not in ("true", "false"):
            raise ResponseError("Choose True or False.")
        return value == "true"

    def score(self, question, response: Any) -> Score:
        """All or nothing: the response (a bool) is the answer."""
        if not isinstance(response, bool):
            raise ValueError(f"question {question.id}: a true/false answer is True or False, not {response!r}")
        return Score.of(response == question.answer)

    def answer_text(self, question, articles=None):
        return true_false(question.answer)

    def response_text(self, question, response, bank):
        return true_false(response)

    def all_responses(self, question):
        return [True, False]

    def position(self, shown, response):
        return [value for value, _label in shown.options].index("true" if response else "false")

    def claim_kind(self, question):
        return "true" if question.answer else "false"

    def exchange(self, question, bank):
        return Shape(bool(question.answer))

    def from_exchange(self, shape, question, bank):
        return {"answer": shape.answer} if isinstance(shape, Shape) else None


KIND = TrueFalse()
