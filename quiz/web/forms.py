"""Flask-WTF forms. Option markup is written by the templates; values are checked by services."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.validators import AnyOf, InputRequired

from ..kinds import Presented, ResponseError, kind_of, parse_response
from ..scoring.marks import CERTAINTY_LABELS

CERTAINTY = tuple((str(level), label) for level, label in CERTAINTY_LABELS.items())


class ActionForm(FlaskForm):
    """A button that changes something (start, retry): CSRF only."""


class ValuesField(Field):
    """Every submitted value of a name (a checkbox group), unvalidated: services check them."""

    def process_formdata(self, valuelist):
        self.data = list(valuelist)


def answer_form(shown: Presented, confidence: bool) -> FlaskForm:
    """The answer form for one presented question."""
    return _answer_form_class(kind_of(shown.question).field, len(shown.options), confidence)()


@lru_cache(maxsize=64)
def _answer_form_class(answer_field: str, size: int, confidence: bool) -> type[FlaskForm]:
    """The form class for a kind's answer field (built once: the answer page is the busiest)."""

    class AnswerForm(FlaskForm):
        class Meta:
            csrf = False  # CSRFProtect has already checked the token of every POST

    if answer_field == "choice":  # one option, by radio button
        AnswerForm.choice = StringField()
    elif answer_field == "choices":  # several options, by check box
        AnswerForm.choices = ValuesField(default=[])
    elif answer_field == "positions":  # a position for each option
        for k in range(size):
            setattr(AnswerForm, f"pos{k}", StringField())
    else:
        AnswerForm.text = StringField()
    if confidence:
        message = "Say how sure you are."
        AnswerForm.certainty = StringField(
            validators=[InputRequired(message), AnyOf([v for v, _ in CERTAINTY], message=message)]
        )
    return AnswerForm


def form_values(form: FlaskForm, shown: Presented) -> dict:
    """The raw submitted values in the shape ``parse_response`` takes."""
    answer_field = kind_of(shown.question).field
    if answer_field == "choices":
        return {"choices": form.choices.data or []}
    if answer_field == "positions":
        return {"positions": {v: getattr(form, f"pos{v}").data for v, _ in shown.options}}
    if answer_field == "choice":
        return {"choice": form.choice.data}
    return {"text": form.text.data}


def form_errors(form: FlaskForm) -> str:
    """Every field error of a form as one sentence list."""
    return " ".join(e for errors in form.errors.values() for e in errors)


def submitted_answer(form: FlaskForm, shown: Presented, confidence: bool) -> tuple[Any, int | None]:
    """The scoring response and certainty of a submitted answer form; ResponseError lists every problem."""
    valid = form.validate()  # the certainty; the answer itself is checked by parse_response
    try:
        response = parse_response(shown, form_values(form, shown))
    except ResponseError as exc:
        raise ResponseError(" ".join(filter(None, [str(exc), form_errors(form)]))) from None
    if not valid:
        raise ResponseError(form_errors(form))
    return response, (int(form.certainty.data) if confidence else None)
