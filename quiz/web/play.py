"""Solo play: home, quiz start, one question per page, feedback, summary, retry."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for

from ..content import Quiz
from ..services.attempts import (
    PlayError,
    answers_by_question,
    answers_hidden,
    get_attempt,
    new_token,
    next_index,
    record_answer,
    review_item,
    score_so_far,
    start_attempt,
    summarize,
)
from ..services.present import ResponseError, present
from .bank import current_bank, quiz_or_404
from .forms import CERTAINTY, ActionForm, answer_form, submitted_answer
from .render import passages

bp = Blueprint("play", __name__)


def player_token() -> str:
    """This browser's anonymous identity (kept in the signed session cookie)."""
    if "player" not in session:
        session["player"] = new_token()
        session.permanent = True
    return session["player"]


def attempt_or_404(attempt_id: str):
    attempt = get_attempt(attempt_id, session.get("player"))
    if attempt is None or (attempt.player_id is not None and attempt.player.session.mode == "live"):
        abort(404)  # a live player answers on the live page, at the teacher's pace
    return attempt


@bp.get("/")
def home():
    bank = current_bank()
    quizzes = [(quiz, _cited(bank, quiz)) for quiz in bank.all_quizzes()]
    return render_template("play/home.html", quizzes=quizzes, articles=bank.articles.values())


def _cited(bank, quiz: Quiz) -> list:
    """The articles a quiz's questions cite, in order of first citation."""
    ids = dict.fromkeys(a for qid in quiz.question_ids for a in bank.question(qid).articles)
    return [bank.articles[a] for a in ids]


@bp.get("/quiz/<quiz_id>")
def quiz_page(quiz_id: str):
    quiz = quiz_or_404(quiz_id)
    return render_template("play/start.html", quiz=quiz, form=ActionForm(), articles=_cited(current_bank(), quiz))


@bp.post("/quiz/<quiz_id>")
def start(quiz_id: str):
    quiz = quiz_or_404(quiz_id)
    attempt = start_attempt(quiz, player_token())
    return redirect(url_for(".question", attempt_id=attempt.id, number=1), code=303)


@bp.get("/play/<attempt_id>")
def resume(attempt_id: str):
    attempt = attempt_or_404(attempt_id)
    index = next_index(attempt, current_bank())
    if index >= len(attempt.question_ids):
        return redirect(url_for(".summary", attempt_id=attempt.id))
    return redirect(url_for(".question", attempt_id=attempt.id, number=index + 1))


def _question_at(attempt, number: int):
    if not 1 <= number <= len(attempt.question_ids):
        abort(404)
    question = current_bank().question(attempt.question_ids[number - 1])
    if question is None:
        abort(404)
    return question


@bp.route("/play/<attempt_id>/<int:number>", methods=["GET", "POST"])
def question(attempt_id: str, number: int):
    attempt = attempt_or_404(attempt_id)
    question = _question_at(attempt, number)
    if question.id in answers_by_question(attempt):
        return redirect(url_for(".feedback", attempt_id=attempt.id, number=number), code=303)
    current = next_index(attempt, current_bank())
    if number - 1 != current:
        flash("Please answer the questions in order.", "warning")
        return redirect(url_for(".question", attempt_id=attempt.id, number=current + 1), code=303)
    bank = current_bank()
    shown = present(bank, attempt.seed, question)
    form = answer_form(shown, attempt.confidence)
    error = None
    if form.is_submitted():
        try:
            response, certainty = submitted_answer(form, shown, attempt.confidence)
            record_answer(bank, attempt, number - 1, response, certainty)
        except (ResponseError, PlayError) as exc:
            error = str(exc)
        else:
            return redirect(url_for(".feedback", attempt_id=attempt.id, number=number), code=303)
    points, available = score_so_far(attempt)
    html = render_template(
        "play/question.html",
        hidden=answers_hidden(attempt),
        attempt=attempt,
        question=question,
        shown=shown,
        form=form,
        number=number,
        total=len(attempt.question_ids),
        error=error,
        points=points,
        available=available,
        certainty_choices=CERTAINTY,
        cited=[bank.articles[a] for a in question.articles],
    )
    return html, (422 if error else 200)


@bp.get("/play/<attempt_id>/<int:number>/feedback")
def feedback(attempt_id: str, number: int):
    attempt = attempt_or_404(attempt_id)
    question = _question_at(attempt, number)
    answer = answers_by_question(attempt).get(question.id)
    if answer is None:
        return redirect(url_for(".question", attempt_id=attempt.id, number=number))
    bank = current_bank()
    points, available = score_so_far(attempt)
    return render_template(
        "play/feedback.html",
        hidden=answers_hidden(attempt),
        attempt=attempt,
        item=review_item(bank, number, question, answer),
        number=number,
        total=len(attempt.question_ids),
        last=number == len(attempt.question_ids),
        points=points,
        available=available,
        passages=passages(bank, question.sources),
    )


@bp.get("/play/<attempt_id>/summary")
def summary(attempt_id: str):
    attempt = attempt_or_404(attempt_id)
    if next_index(attempt, current_bank()) < len(attempt.question_ids):
        flash("Finish the quiz to see the summary.", "warning")
        return redirect(url_for(".resume", attempt_id=attempt.id), code=303)
    bank = current_bank()
    result = summarize(bank, attempt)
    reviewed = [(item, passages(bank, item.question.sources)) for item in result.items]
    return render_template(
        "play/summary.html",
        hidden=answers_hidden(attempt),
        attempt=attempt,
        summary=result,
        reviewed=reviewed,
        form=ActionForm(),
    )


@bp.post("/play/<attempt_id>/retry")
def retry(attempt_id: str):
    attempt = attempt_or_404(attempt_id)
    missed = summarize(current_bank(), attempt).missed_ids
    if answers_hidden(attempt):
        flash("Retries open when your teacher closes the session.", "info")
        return redirect(url_for(".summary", attempt_id=attempt.id), code=303)
    if not missed:
        flash("You got every question right: nothing to retry.", "info")
        return redirect(url_for(".summary", attempt_id=attempt.id), code=303)
    quiz = Quiz(
        attempt.quiz_id,
        attempt.title,
        question_ids=tuple(missed),
        confidence=attempt.confidence,
        open_book=attempt.open_book,
    )
    title = attempt.title if attempt.title.endswith("(retry)") else f"{attempt.title} (retry)"
    again = start_attempt(quiz, player_token(), title=title)
    return redirect(url_for(".question", attempt_id=again.id, number=1), code=303)
