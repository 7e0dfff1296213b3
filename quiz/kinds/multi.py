"""multi: tick every option that applies, with partial credit."""

from __future__ import annotations

from typing import Any

from ..content.problems import did_you_mean
from ..content.yamlpos import YList
from ..scoring.marks import Score
from .base import Entry, Kind, ResponseError, checked_index, join_and, letter, option_index
from .choice import CHOICES_SCHEMA, load_choices, shuffled_options
from .exchange import Options


class Multi(Kind):
    name = "multi"
    keys = ("choices", "answers")
    summary = "Pick all that apply (partial credit)."
    fields_help = "`choices` (2–6), `answers`"
    field = "choices"
    lettered = True

    def load(self, f, articles, sources):
        choices = load_choices(f)
        if choices is None:
            return {}
        answers = f.strings("answers", required=True, low=1, what="answers")
        for i, ans in enumerate(answers or ()):
            if ans not in choices:
                pos = f.node["answers"].item_pos[i] if isinstance(f.node["answers"], YList) else f.pos("answers")
                f.report.error(pos, f'the answer "{ans}" is not among the choices{did_you_mean(ans, choices)}')
        return {"choices": choices, "answers": answers or ()}

    def schema(self):
        return {
            "choices": CHOICES_SCHEMA,
            "answers": {
                "type": "array",
                "description": "Every right option (one or more), each one of the choices.",
                "markdownDescription": "Every right option (one or more), each exactly one of the `choices`. "
                "Scoring gives partial credit; wrong picks cost.",
                "items": {"type": ["string", "number"], "pattern": "\\S", "description": "A right option."},
                "minItems": 1,
                "uniqueItems": True,
            },
        }

    def snippet(self):
        return {"choices": ["", ""], "answers": [""]}

    def entries(self):
        return (
            Entry("choices", "Options, one per line (2 to 6)", "lines", "Players see them shuffled."),
            Entry("answers", "The right options, one per line, written as above", "lines", "Wrong picks cost."),
        )

    def present(self, bank, seed, question):
        return shuffled_options(question, seed)

    def parse(self, shown, values):
        picked = values.get("choices") or []
        if not picked:
            raise ResponseError("Tick every option that applies (at least one).")
        return sorted({shown.permutation[option_index(v, len(shown.options), "")] for v in picked})

    def score(self, question, response: Any) -> Score:
        """Right picks minus wrong picks, over the number of right choices, never below 0."""
        if not isinstance(response, (set, frozenset, list, tuple)):
            raise ValueError(f"question {question.id}: a multi answer is a set of choice indices, not {response!r}")
        picks = [checked_index(question, i, len(question.choices), "choice") for i in response]
        if len(set(picks)) != len(picks):
            raise ValueError(f"question {question.id}: a choice is picked more than once")
        if not question.answers:
            raise ValueError(f"question {question.id}: a multi question needs at least one right answer")
        right_answers = set(question.answers)
        right = sum(question.choices[i] in right_answers for i in picks)
        wrong = len(picks) - right
        # Wrong picks cost as much as right picks earn, so ticking every box is worth nothing.
        return Score.of(max(0.0, (right - wrong) / len(right_answers)))

    def answer_text(self, question, articles=None):
        return join_and(question.answers)

    def response_text(self, question, response, bank):
        return join_and([question.choices[i] for i in response])

    def position(self, shown, response):
        return shown.permutation.index(response)

    def letters(self, shown, response):
        return ", ".join(sorted(letter(self.position(shown, i)) for i in response))

    def right_letters(self, shown):
        question = shown.question
        return self.letters(shown, [question.choices.index(answer) for answer in question.answers])

    def exchange(self, question, bank):
        share = 1 / len(question.answers)
        right = set(question.answers)
        return Options(question.choices, tuple(share if c in right else -share for c in question.choices), True)

    def from_exchange(self, shape, question, bank):
        if not isinstance(shape, Options) or not shape.multiple or not shape.right:
            return None
        return {"choices": list(shape.options), "answers": list(shape.right)}


KIND = Multi()
