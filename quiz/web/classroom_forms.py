"""Forms of the classroom pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange


class NewSessionForm(FlaskForm):
    """Create a class session from a quiz."""

    quiz_id = SelectField("Quiz", validators=[DataRequired()], validate_choice=True)
    title = StringField("Title (shown to students)", validators=[Length(max=200)])
    mode = RadioField(
        "Mode",
        default="self-paced",
        validators=[InputRequired()],
    )
    reveal = RadioField("Show students the answers", default="each", validators=[InputRequired()])
    seconds = IntegerField("Seconds per question (live)", default=60, validators=[NumberRange(5, 600)])
    confidence = BooleanField("Ask how sure they are (confidence marks)")
    speed_bonus = BooleanField("Speed bonus (live): faster right answers score more")


def new_session_form(quizzes) -> NewSessionForm:
    """The form with the bank's quizzes and the mode/reveal choices filled in."""
    form = NewSessionForm()
    form.quiz_id.choices = [(q.id, f"{q.title} ({len(q.question_ids)} questions)") for q in quizzes]
    form.mode.choices = [
        ("self-paced", "Self-paced (homework, open until you close it)"),
        ("live", "Live (you pace it on the projector)"),
    ]
    form.reveal.choices = [("each", "After each question"), ("close", "Only after the session closes")]
    return form


class NicknameForm(FlaskForm):
    """A student's nickname (the only thing they give)."""

    # Its length and wording are checked by services.nicknames, which says what to change.
    nickname = StringField("Your nickname", validators=[DataRequired("Type a nickname.")])


class CodeForm(FlaskForm):
    """The join code."""

    code = StringField(
        "Join code", validators=[DataRequired("Type the code on your teacher's screen."), Length(max=20)]
    )


class ConfirmDeleteForm(FlaskForm):
    """Deleting a session needs a tick."""

    confirm = BooleanField(
        "Yes, delete this session with all its players and answers",
        validators=[DataRequired("Tick the box to confirm.")],
    )
