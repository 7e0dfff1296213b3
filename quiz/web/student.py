"""Students: join with a code and a nickname, then play (self-paced) or follow the teacher (live)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for

from ..extensions import db
from ..models import ClassSession
from ..scoring import answer_text
from ..services import classroom, live, throttle
from ..services.attempts import PlayError, answers_by_question
from ..services.classroom import ClassroomError
from ..services.present import ResponseError, form_int, present
from .bank import session_bank
from .classroom_forms import CodeForm, NicknameForm
from .forms import CERTAINTY, answer_form, form_errors, submitted_answer
from .live_state import state_response, state_tag
from .play import player_token
from .render import passages, scoped_links

bp = Blueprint("student", __name__)

# Only wrong codes count, so a class of 40 behind one school address joins freely; a guesser
# gets 30 tries per 5 minutes, then waits a minute, doubling up to 10 minutes.
WRONG_CODES = {"limit": 30, "window": 300, "block": 60, "max_block": 600}


def device_player(class_session: ClassSession):
    """The player this browser is in ``class_session``, if it joined."""
    token = (session.get("players") or {}).get(str(class_session.id))
    return classroom.session_player(class_session, token)


def _remember(class_session: ClassSession, token: str) -> None:
    players = dict(session.get("players") or {})
    players[str(class_session.id)] = token
    session["players"] = players
    session.permanent = True


def player_home(class_session: ClassSession, player) -> str:
    """Where a joined player plays: the live phone view or their self-paced attempt."""
    if class_session.mode == "live":
        return url_for(".live_phone", session_id=class_session.id)
    return url_for("play.resume", attempt_id=player.attempt.id)


@bp.route("/join", methods=["GET", "POST"])
def join():
    form = CodeForm(code=request.args.get("code", ""))
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("student/join.html", form=form, error=None), status
    found, wait = _open_session_or_count(form.code.data)
    if wait:
        return _too_many(form, wait)
    if found is None:
        error = "No open session has that code. Check it on your teacher's screen and try again."
        return render_template("student/join.html", form=form, error=error), 404
    return redirect(url_for(".nickname", code=found.join_code), code=303)


def _open_session_or_count(code: str) -> tuple[ClassSession | None, int]:
    """The open session a code names, counting wrong codes per address: (session, seconds to wait)."""
    key = "join:" + throttle.address_key(request.remote_addr)
    wait = throttle.retry_after(key)
    if wait:
        return None, wait
    found = classroom.find_open_session(code)
    if found is None:
        return None, throttle.record_failure(key, **WRONG_CODES)
    return found, 0


def _too_many(form, wait: int):
    error = f"Too many wrong codes from this network. Please wait {wait} seconds and try again."
    html = render_template("student/join.html", form=form, error=error)
    return html, 429, {"Retry-After": str(wait)}


@bp.route("/join/<code>", methods=["GET", "POST"])
def nickname(code: str):
    found, wait = _open_session_or_count(code)
    if wait:
        return _too_many(CodeForm(code=code), wait)
    if found is None:
        flash("That join code is not open. Check it on your teacher's screen.", "warning")
        return redirect(url_for(".join"), code=303)
    browser = player_token()  # set now, so a resent form still comes from the same browser
    player = device_player(found) or classroom.player_of_browser(found, browser)
    if player is not None:  # this device already joined: carry on where it was
        _remember(found, player.token)
        return redirect(player_home(found, player), code=303)
    form = NicknameForm()
    error = None
    if form.validate_on_submit():
        try:
            player = classroom.join(found, form.nickname.data, browser)
        except ClassroomError as exc:
            error = str(exc)
        else:
            _remember(found, player.token)
            return redirect(player_home(found, player), code=303)
    elif form.is_submitted():
        error = form_errors(form)
    if not form.nickname.data:
        form.nickname.data = classroom.suggest_nickname(found)
    html = render_template("student/nickname.html", session=found, form=form, error=error)
    return html, (422 if error else 200)


def _live_player_or_404(session_id: int):
    class_session = db.session.get(ClassSession, session_id)
    if class_session is None or class_session.mode != "live":
        abort(404)
    player = device_player(class_session)
    if player is None:
        abort(404)
    return class_session, player


@bp.route("/live/<id:session_id>", methods=["GET", "POST"])
def live_phone(session_id: int):
    class_session, player = _live_player_or_404(session_id)
    bank = session_bank(class_session)
    error = None
    context = phone_context(class_session, player)
    question, shown = context.get("question"), context.get("shown")
    if class_session.phase == "question" and question is not None:
        form = context["form"] = answer_form(shown, class_session.confidence)
        if form.is_submitted():
            raw_index = request.form.get("index", "")
            try:
                response, certainty = submitted_answer(form, shown, class_session.confidence)
                index = form_int(raw_index)
                live.answer_live(bank, class_session, player, index, response, certainty)
            except (ResponseError, PlayError) as exc:
                error = str(exc)
            else:
                return redirect(url_for(".live_phone", session_id=session_id), code=303)
    elif request.method == "POST":
        error = "This question is no longer open."
    context["error"] = error
    template = "student/_phone.html" if request.args.get("partial") else "student/live.html"
    return render_template(template, **context), (422 if error else 200)


def phone_context(class_session: ClassSession, player) -> dict:
    """What a student's phone shows in the current phase."""
    bank = session_bank(class_session)
    context = {
        "session": class_session,
        "player": player,
        "state": live.state(class_session),
        "form": None,
        "certainty_choices": CERTAINTY,
        "etag": state_tag(class_session),
    }
    index = class_session.current
    if 0 <= index < len(class_session.question_ids):
        question = bank.question(class_session.question_ids[index])
        if question is None:  # taken out of the bank since the session started
            context["withdrawn"] = True
        else:
            context["question"] = question
            context["shown"] = present(bank, class_session.seed, question)
            context["answer"] = answers_by_question(player.attempt).get(question.id)
            if class_session.phase != "question" and class_session.answers_shown:
                context["passages"] = passages(
                    bank, question.sources, scoped_links("play.", attempt_id=player.attempt.id)
                )
                context["expected"] = answer_text(question, bank.articles)
    if class_session.phase in ("reveal", "leaderboard", "finished") and class_session.answers_shown:
        standings = live.leaderboard(class_session)
        context["leaders"] = standings[:5]
        context["mine"] = next((s for s in standings if s.player_id == player.id), None)
    return context


@bp.get("/live/<id:session_id>/state")
def live_state(session_id: int):
    class_session, _player = _live_player_or_404(session_id)
    return state_response(class_session)
