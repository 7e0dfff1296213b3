"""Forms for writing questions: built from each kind's fields (quiz.kinds), checked by the loader."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from ..kinds import Kind
from ..kinds.authoring import all_entries

MAX_FIELD = 4000  # characters of one field (the loader judges the rest)


def question_form(
    kind: Kind, articles: list[tuple[str, str]], data: dict | None = None, known: dict | None = None
) -> FlaskForm:
    """The form for a question of ``kind``; ``articles`` are (id, title) for a pick among them.

    ``data`` fills the fields (None: the submitted form does); ``known`` are the stored values,
    so that a pick the lists do not hold (a skill of the teacher's own) stays one of the options.
    """

    class QuestionForm(FlaskForm):
        pass

    for entry in all_entries(kind):
        label, hint, limit = entry.label, entry.hint, [Length(max=MAX_FIELD)]
        if entry.widget in ("pick", "yesno"):
            picks = list(articles) if entry.picks == (("articles", ""),) else list(entry.picks)
            given = str((known or data or {}).get(entry.name) or "")
            if given and given not in {value for value, _text in picks}:  # e.g. a skill of the teacher's own
                picks.append((given, given))
            choices = [SelectChoice(value, text) for value, text in picks]
            field = SelectField(label, choices=choices, description=hint, validate_choice=False)
        elif entry.widget in ("lines", "text"):
            field = TextAreaField(label, description=hint, validators=limit, render_kw={"rows": 4})
        else:
            field = StringField(label, description=hint, validators=limit)
        setattr(QuestionForm, entry.name, field)
    return QuestionForm(data=data or None)


def typed(form: FlaskForm, kind: Kind) -> dict[str, str]:
    """What was typed in each of the kind's fields."""
    return {entry.name: str(getattr(form, entry.name).data or "") for entry in all_entries(kind)}
