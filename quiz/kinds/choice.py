"""choice: pick one of 2 to 6 options."""

from __future__ import annotations

from typing import Any

from ..content.problems import did_you_mean
from ..scoring.marks import Score
from .base import Entry, Kind, Presented, checked_index, option_index, permutation
from .exchange import Options

OPTION_ITEM = {"type": ["string", "number"], "pattern": "\\S", "description": "An option."}
CHOICES_SCHEMA = {
    "type": "array",
    "description": "The options, 2 to 6, all different; shuffled for each player.",
    "markdownDescription": "The options shown to the player: **2 to 6**, all different. They are "
    "shuffled for each player. Numbers are read as text.",
    "items": OPTION_ITEM,
    "minItems": 2,
    "maxItems": 6,
    "uniqueItems": True,
}


def shuffled_options(question, seed: int) -> Presented:
    """The question's choices in this attempt's shuffle (choice, multi)."""
    perm = permutation(seed, question.id, len(question.choices))
    return Presented(question, tuple((str(k), question.choices[i]) for k, i in enumerate(perm)), perm)


def load_choices(f):
    """The ``choices`` of a choice or multi question (None when missing or broken)."""
    return f.strings("choices", required=True, low=2, high=6, what="choices")


class Choice(Kind):
    name = "choice"
    keys = ("choices", "answer")
    summary = "Pick one of 2–6 options."
    answer_is_phrase = True
    fields_help = "`choices` (2–6), `answer`"
    field = "choice"
    single_option = True

    def load(self, f, articles, sources):
        choices = load_choices(f)
        if choices is None:
            return {}
        answer = f.text("answer", required=True)
        if answer is not None and answer not in choices:
            f.report.error(
                f.pos("answer"), f'the answer "{answer}" is not among the choices{did_you_mean(answer, choices)}'
            )
        return {"choices": choices, "answer": answer}

    def schema(self):
        return {
            "choices": CHOICES_SCHEMA,
            "answer": {
                "type": ["string", "number"],
                "description": "The right option: exactly one of the choices, written the same way.",
                "markdownDescription": "The right option: exactly one of the `choices`, written the same way.",
                "pattern": "\\S",
            },
        }

    def snippet(self):
        return {"choices": ["", ""], "answer": ""}

    def entries(self):
        return (
            Entry("choices", "Options, one per line (2 to 6)", "lines", "Players see them shuffled."),
            Entry("answer", "The right option, written exactly as above"),
        )

    def present(self, bank, seed, question):
        return shuffled_options(question, seed)

    def parse(self, shown, values):
        k = option_index(values.get("choice"), len(shown.options), "Choose one of the options.")
        return shown.permutation[k]

    def score(self, question, response: Any) -> Score:
        """All or nothing: the picked choice (an index) is the answer."""
        i = checked_index(question, response, len(question.choices), "choice")
        return Score.of(question.choices[i] == question.answer)

    def answer_text(self, question, articles=None):
        return str(question.answer)

    def response_text(self, question, response, bank):
        return question.choices[response]

    def all_responses(self, question):
        return list(range(len(question.choices)))

    def position(self, shown, response):
        return shown.permutation.index(response)

    def exchange(self, question, bank):
        return Options(question.choices, tuple(float(c == question.answer) for c in question.choices))

    def from_exchange(self, shape, question, bank):
        if not isinstance(shape, Options) or shape.multiple or len(shape.right) != 1:
            return None
        return {"choices": list(shape.options), "answer": shape.right[0]}


KIND = Choice()
