"""number: type a number, right within a tolerance."""

from __future__ import annotations

import re
from typing import Any

from ..scoring.marks import Score
from ..scoring.words import format_number, parse_number
from .base import Entry, Kind, ResponseError
from .exchange import Numeric
from .text import typed_text

UNIT_IN_TEXT = re.compile(r"\s*\(in ([^()]+)\)$")


class Number(Kind):
    name = "number"
    keys = ("answer", "tolerance", "unit")
    summary = "Type a number."
    answer_is_phrase = True
    fields_help = "`answer`, `tolerance`, `unit`"
    optional = ("tolerance", "unit")

    def load(self, f, articles, sources):
        answer = f.number("answer", required=True)
        tolerance = f.number("tolerance", default=0, minimum=0)
        return {"answer": answer, "tolerance": tolerance, "unit": f.text("unit")}

    def schema(self):
        return {
            "answer": {
                "type": "number",
                "description": "The right number.",
                "markdownDescription": "The right number, e.g. `63`.",
            },
            "tolerance": {
                "type": "number",
                "minimum": 0,
                "default": 0,
                "description": "How far from the answer still counts as right (default 0).",
                "markdownDescription": "How far from the answer still counts as right (default 0).",
            },
            "unit": {
                "type": ["string", "number"],
                "description": "A unit shown next to the input, e.g. votes.",
                "markdownDescription": "A unit shown next to the input, e.g. `votes`.",
            },
        }

    def snippet(self):
        return {"answer": 0}

    def entries(self):
        return (
            Entry("answer", "The right number", "number"),
            Entry("tolerance", "How far off still counts as right", "number", optional=True),
            Entry("unit", "Unit shown next to the answer box (e.g. votes)", optional=True),
        )

    def parse(self, shown, values):
        typed = typed_text(values)
        if parse_number(typed) is None:
            raise ResponseError("Type a number, for example 63 or sixty-three.")
        return typed

    def score(self, question, response: Any) -> Score:
        """Right when the typed number is within the question's tolerance of the answer."""
        if not isinstance(response, str):
            raise ValueError(f"question {question.id}: a typed number is text, not {response!r}")
        value = parse_number(response)
        if value is None:
            return Score.wrong()
        # A hair of slack so that 2.6 counts as within 0.1 of 2.5 despite binary floating point.
        slack = 1e-9 * max(1.0, abs(question.answer))
        return Score.of(abs(value - question.answer) <= question.tolerance + slack)

    def answer_text(self, question, articles=None):
        text = format_number(question.answer)
        if question.tolerance:
            text += f" ± {format_number(question.tolerance)}"
        if question.unit:
            # "45%" and "20°" hug the number; words ("Republicans") are set apart by a space.
            gap = "" if question.unit[0] in "%°" else " "
            text += gap + question.unit
        return text

    def letters(self, shown, response):
        return ""

    def exchange(self, question, bank):
        return Numeric(float(question.answer), float(question.tolerance or 0), question.unit)

    def from_exchange(self, shape, question, bank):
        if not isinstance(shape, Numeric):
            return None
        value = int(shape.value) if float(shape.value).is_integer() else shape.value
        fields = {"answer": value}
        unit_in_text = UNIT_IN_TEXT.search(question.get("prompt") or "")
        if unit_in_text:  # our exports say "(in votes)" after the prompt
            fields["prompt"] = question["prompt"][: unit_in_text.start()].rstrip()
            shape = Numeric(shape.value, shape.tolerance, shape.unit or unit_in_text[1])
        if shape.tolerance:
            fields["tolerance"] = int(shape.tolerance) if float(shape.tolerance).is_integer() else shape.tolerance
        if shape.unit:
            fields["unit"] = shape.unit
        return fields


KIND = Number()
