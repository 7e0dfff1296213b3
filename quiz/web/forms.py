"""Flask-WTF forms. Option markup is written by the templates; values are checked by services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired

from ..services.present import MAX_TEXT, Presented

CERTAINTY = (("1", "Not sure"), ("2", "Fairly sure"), ("3", "Very sure"))


class ActionForm(FlaskForm):
    """A button that changes something (start, retry): CSRF only."""


def answer_form(shown: Presented, confidence: bool) -> FlaskForm:
    """The answer form for one presented question."""

    class AnswerForm(FlaskForm):
        pass

    qtype = shown.question.type
    if qtype in ("choice", "source", "truefalse", "verdict", "evidence"):
        AnswerForm.choice = RadioField(choices=list(shown.options), validate_choice=False)
    elif qtype == "multi":
        AnswerForm.choices = SelectMultipleField(choices=list(shown.options), validate_choice=False)
    elif qtype == "order":
        positions = [(str(p), str(p)) for p in range(1, len(shown.options) + 1)]
        for value, _label in shown.options:
            setattr(AnswerForm, f"pos{value}", SelectField(choices=[("", "—")] + positions, validate_choice=False))
    else:
        AnswerForm.text = StringField(render_kw={"maxlength": MAX_TEXT})
    if confidence:
        AnswerForm.certainty = RadioField(
            choices=list(CERTAINTY), validators=[InputRequired("Say how sure you are.")], validate_choice=True
        )
    return AnswerForm()


def form_values(form: FlaskForm, shown: Presented) -> dict:
    """The raw submitted values in the shape ``parse_response`` takes."""
    qtype = shown.question.type
    if qtype == "multi":
        return {"choices": form.choices.data or []}
    if qtype == "order":
        return {"positions": {v: getattr(form, f"pos{v}").data for v, _ in shown.options}}
    if hasattr(form, "choice"):
        return {"choice": form.choice.data}
    return {"text": form.text.data}
