"""Solo play: home, quiz start, one question per page, feedback, summary, retry; practice links; articles."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, session, url_for

from ..content import Quiz
from ..kinds import ResponseError, present
from ..services import classroom, library
from ..services.attempts import (
    PlayError,
    answers_by_question,
    answers_hidden,
    get_attempt,
    held_back_in,
    new_token,
    next_index,
    read_attempt,
    record_answer,
    review_item,
    score_so_far,
    start_attempt,
    summarize,
)
from ..services.versions import Played, played
from .articles import article_index, article_page
from .bank import pinned, quiz_or_404, sample
from .forms import CERTAINTY, ActionForm, answer_form, submitted_answer
from .render import passages, scoped_links

bp = Blueprint("play", __name__)


def player_token() -> str:
    """This browser's anonymous identity (kept in the signed session cookie)."""
    if "player" not in session:
        session["player"] = new_token()
        session.permanent = True
    return session["player"]


def attempt_or_404(attempt_id: str, results: bool = False, *, reading: bool = False):
    """This browser's attempt; a live one only for its ``results``, once its session has closed.

    ``reading``: the page only shows the attempt, so a solo one is read as plain values (read_attempt).
    """
    attempt = (read_attempt if reading else get_attempt)(attempt_id, session.get("player"))
    if attempt is None:
        removal = classroom.removal_of_attempt(attempt_id, session.get("player"))
        if removal is not None:  # the teacher removed this player: say so, rather than "not found"
            abort(make_response(render_template("student/removed.html", session=removal.session), 410))
        abort(404)
    live = attempt.player_id is not None and attempt.player.session.mode == "live"
    if live and not (results and closed_class_attempt(attempt)):
        abort(404)  # a live player answers on the live page, at the teacher's pace
    return attempt


def closed_class_attempt(attempt) -> bool:
    """Whether the attempt belongs to a class session that has closed (its results are then for good)."""
    return attempt.player_id is not None and attempt.player.session.status == "closed"


def attempt_bank(attempt):
    """The bank version the attempt was started on."""
    return pinned(attempt.bank_version_id, attempt.bank_hash)


def attempt_links(attempt):
    """Article links scoped to the attempt (its pinned version's articles)."""
    return scoped_links("play.", attempt_id=attempt.id)


def practice_or_404(token: str) -> Played:
    """The latest version of the bank a practice link opens."""
    bank = library.practice_bank(token)
    version = library.latest_version(bank) if bank is not None else None
    if version is None:
        abort(404)
    return played(version)


@bp.get("/")
def home():
    return _home(sample())


@bp.get("/practice/<token>/")
def practice_home(token: str):
    return _home(practice_or_404(token), token=token)


def _home(source: Played, token: str | None = None):
    bank = source.bank
    quizzes = [(quiz, _cited(bank, quiz)) for quiz in bank.all_quizzes()]
    links = scoped_links("play.practice_", token=token) if token else None
    extra = {"links": links} if links else {}
    return render_template(
        "play/home.html", bank=bank, quizzes=quizzes, articles=bank.articles.values(), token=token, **extra
    )


def _cited(bank, quiz: Quiz) -> list:
    """The articles a quiz's questions cite, in order of first citation."""
    ids = dict.fromkeys(a for qid in quiz.question_ids for a in bank.question(qid).articles)
    return [bank.articles[a] for a in ids]


@bp.get("/quiz/<quiz_id>")
def quiz_page(quiz_id: str):
    return _quiz_page(sample(), quiz_id)


@bp.get("/practice/<token>/quiz/<quiz_id>")
def practice_quiz(token: str, quiz_id: str):
    return _quiz_page(practice_or_404(token), quiz_id, token=token)


def _quiz_page(source: Played, quiz_id: str, token: str | None = None):
    quiz = quiz_or_404(source.bank, quiz_id)
    extra = {"links": scoped_links("play.practice_", token=token)} if token else {}
    return render_template(
        "play/start.html", quiz=quiz, form=ActionForm(), articles=_cited(source.bank, quiz), token=token, **extra
    )


@bp.post("/quiz/<quiz_id>")
def start(quiz_id: str):
    return _start(sample(), quiz_id)


@bp.post("/practice/<token>/quiz/<quiz_id>")
def practice_start(token: str, quiz_id: str):
    return _start(practice_or_404(token), quiz_id)


def _start(source: Played, quiz_id: str):
    quiz = quiz_or_404(source.bank, quiz_id)
    attempt = start_attempt(quiz, player_token(), version=(source.version_id, source.hash))
    return redirect(url_for(".question", attempt_id=attempt.id, number=1), code=303)


@bp.get("/practice/<token>/articles/")
def practice_articles(token: str):
    return article_index(practice_or_404(token).bank, scoped_links("play.practice_", token=token))


@bp.get("/practice/<token>/articles/<article_id>")
def practice_article(token: str, article_id: str):
    return article_page(practice_or_404(token).bank, article_id)


def _own_attempt_or_404(attempt_id: str):
    """Any attempt of this browser, live ones included (their players read articles too)."""
    attempt = get_attempt(attempt_id, session.get("player"))
    if attempt is None:
        abort(404)
    return attempt


@bp.get("/play/<attempt_id>/articles/")
def articles(attempt_id: str):
    attempt = _own_attempt_or_404(attempt_id)
    return article_index(attempt_bank(attempt), attempt_links(attempt))


@bp.get("/play/<attempt_id>/articles/<article_id>")
def article(attempt_id: str, article_id: str):
    return article_page(attempt_bank(_own_attempt_or_404(attempt_id)), article_id)


@bp.get("/play/<attempt_id>")
def resume(attempt_id: str):
    attempt = attempt_or_404(attempt_id)
    index = next_index(attempt, attempt_bank(attempt))
    if index >= len(attempt.question_ids) or closed_class_attempt(attempt):
        return redirect(url_for(".summary", attempt_id=attempt.id))
    return redirect(url_for(".question", attempt_id=attempt.id, number=index + 1))


def _question_at(attempt, number: int):
    if not 1 <= number <= len(attempt.question_ids):
        abort(404)
    question = attempt_bank(attempt).question(attempt.question_ids[number - 1])
    if question is None:
        abort(404)
    return question


@bp.route("/play/<attempt_id>/<int:number>", methods=["GET", "POST"])
def question(attempt_id: str, number: int):
    attempt = attempt_or_404(attempt_id, reading=request.method == "GET")
    question = _question_at(attempt, number)
    if question.id in answers_by_question(attempt):
        return redirect(url_for(".feedback", attempt_id=attempt.id, number=number), code=303)
    if closed_class_attempt(attempt):
        flash("Your teacher has closed this session, so answers are no longer taken. Here are your results.", "info")
        return redirect(url_for(".summary", attempt_id=attempt.id), code=303)
    bank = attempt_bank(attempt)
    current = next_index(attempt, bank)
    if number - 1 != current:
        flash("Please answer the questions in order.", "warning")
        return redirect(url_for(".question", attempt_id=attempt.id, number=current + 1), code=303)
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
        hidden=answers_hidden(attempt) or bool(held_back_in(attempt)),
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
        links=attempt_links(attempt),
    )
    return html, (422 if error else 200)


@bp.get("/play/<attempt_id>/<int:number>/feedback")
def feedback(attempt_id: str, number: int):
    attempt = attempt_or_404(attempt_id)
    question = _question_at(attempt, number)
    answer = answers_by_question(attempt).get(question.id)
    if answer is None:
        return redirect(url_for(".question", attempt_id=attempt.id, number=number))
    bank = attempt_bank(attempt)
    points, available = score_so_far(attempt)
    held = held_back_in(attempt)
    return render_template(
        "play/feedback.html",
        hidden=answers_hidden(attempt) or question.id in held,
        held=bool(held),
        attempt=attempt,
        item=review_item(bank, number, question, answer),
        number=number,
        total=len(attempt.question_ids),
        last=number == len(attempt.question_ids),
        points=points,
        available=available,
        passages=passages(bank, question.sources, attempt_links(attempt)),
    )


@bp.get("/play/<attempt_id>/summary")
def summary(attempt_id: str):
    """The review of every question; after a class session closes, also for a student who stopped halfway."""
    attempt = attempt_or_404(attempt_id, results=True)
    bank = attempt_bank(attempt)
    closed = closed_class_attempt(attempt)
    if not closed and next_index(attempt, bank) < len(attempt.question_ids):
        flash("Finish the quiz to see the summary.", "warning")
        return redirect(url_for(".resume", attempt_id=attempt.id), code=303)
    result = summarize(bank, attempt)
    links = attempt_links(attempt)
    held = held_back_in(attempt)
    reviewed = [(item, passages(bank, item.question.sources, links)) for item in result.items]
    return render_template(
        "play/summary.html",
        hidden=answers_hidden(attempt) or bool(held),
        held=bool(held),
        closed=closed,
        attempt=attempt,
        summary=result,
        reviewed=reviewed,
        form=ActionForm(),
    )


@bp.post("/play/<attempt_id>/retry")
def retry(attempt_id: str):
    attempt = attempt_or_404(attempt_id, results=True)
    missed = summarize(attempt_bank(attempt), attempt).missed_ids
    if answers_hidden(attempt) or held_back_in(attempt):
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
    version = (attempt.bank_version_id, attempt.bank_hash)
    again = start_attempt(quiz, player_token(), title=title, version=version)
    return redirect(url_for(".question", attempt_id=again.id, number=1), code=303)
