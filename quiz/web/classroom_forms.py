"""Forms of the classroom pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError


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
    generated_names = BooleanField("Generated nicknames only (students cannot type their own)")
    auto_reveal = BooleanField("Live: end a question as soon as every player has answered")
    rank_by = RadioField("Live leaderboard ranks by", default="points", validators=[Optional()])

    def validate_rank_by(self, field) -> None:
        if field.data == "marks" and not self.confidence.data:
            raise ValidationError("Ranking by confidence marks needs “Ask how sure they are” ticked.")


def new_session_form(sources) -> NewSessionForm:
    """The form with every bank's quizzes (grouped by bank) and the mode/reveal choices filled in.

    ``sources`` are (key, bank label, bank); a quiz's value is ``key:quiz id``, or the bare id for the sample.
    """
    form = NewSessionForm()
    form.quiz_id.choices = {
        label: [(quiz_value(key, q.id), f"{q.title} ({len(q.question_ids)} questions)") for q in bank.all_quizzes()]
        for key, label, bank in sources
    }
    form.mode.choices = [
        ("self-paced", "Self-paced (homework, open until you close it)"),
        ("live", "Live (you pace it on the projector)"),
    ]
    form.reveal.choices = [("each", "After each question"), ("close", "Only after the session closes")]
    form.rank_by.choices = [
        ("points", "Points"),
        ("marks", "Confidence marks (a confident wrong answer costs; needs confidence on)"),
    ]
    return form


def quiz_value(key: str, quiz_id: str) -> str:
    """The form value naming a quiz of a bank ("sample" quizzes keep their bare ids)."""
    return quiz_id if key == "sample" else f"{key}:{quiz_id}"


def parse_quiz_value(value: str) -> tuple[str, str]:
    """(bank key, quiz id) from a form value made by quiz_value."""
    key, sep, quiz_id = value.partition(":")
    return (key, quiz_id) if sep else ("sample", value)


class NicknameForm(FlaskForm):
    """A student's nickname (the only thing they give)."""

    # Its length and wording are checked by services.nicknames, which says what to change.
    nickname = StringField("Your nickname", validators=[DataRequired("Type a nickname.")])


class CodeForm(FlaskForm):
    """The join code."""

    code = StringField(
        "Join code", validators=[DataRequired("Type the code on your teacher's screen."), Length(max=20)]
    )


class JoinAsForm(FlaskForm):
    """Joining with the generated nickname on offer ("generated names only" sessions): CSRF only."""


class ConfirmDeleteForm(FlaskForm):
    """Deleting a session needs a tick."""

    confirm = BooleanField(
        "Yes, delete this session with all its players and answers",
        validators=[DataRequired("Tick the box to confirm.")],
    )
