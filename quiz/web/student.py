"""Students: join with a code and a nickname, then play (self-paced) or follow the teacher (live)."""

from __future__ import annotations

import math

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, session, url_for

from ..database import reads_only
from ..kinds import ResponseError, answer_text, form_int, present
from ..models import ClassSession
from ..services import classroom, live, throttle
from ..services.attempts import PlayError, answers_by_question
from ..services.classroom import ClassroomError
from .bank import session_bank
from .classroom_forms import CodeForm, JoinAsForm, NicknameForm
from .forms import CERTAINTY, answer_form, form_errors, submitted_answer
from .keys import same_mac, secret_mac
from .live_state import standings, state_response, state_tag
from .play import player_token
from .render import passages, scoped_links

bp = Blueprint("student", __name__)

# How often a phone without JavaScript reloads itself while it waits for the teacher (seconds).
NO_SCRIPT_WAIT = 3

# Only wrong codes count, per browser and per address, so a class behind one school address joins
# freely. A browser gets 30 wrong codes per 5 minutes, then waits a minute, doubling up to 10
# minutes: a typist, or a mischievous student, stops only themselves. An address gets 600 an hour (a
# whole school's typos many times over), then waits 10 minutes: that bounds a script that keeps
# changing browsers to about 4,840 guesses in an 8-hour day (the README gives the arithmetic).
WRONG_CODES = {"limit": 30, "window": 300, "block": 60, "max_block": 600}
WRONG_CODES_PER_ADDRESS = {"limit": 600, "window": 3600, "block": 600}


def join_key(class_session: ClassSession) -> str:
    """The key in the QR code's link: it proves the link came from the teacher's screen, so it skips
    the wrong-code limits (a script that exhausts a school address's guesses cannot keep a class out)."""
    return secret_mac(f"join-link:{class_session.id}:{class_session.join_code}", 24)


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
    """Where a joined player plays: the live phone view or their self-paced attempt (their results once closed)."""
    if class_session.status == "closed":
        return results_url(player)
    if class_session.mode == "live":
        return url_for(".live_phone", session_id=class_session.id)
    return url_for("play.resume", attempt_id=player.attempt.id)


def results_url(player) -> str:
    """A player's results: every question, what they answered, the right answers and the passages."""
    return url_for("play.summary", attempt_id=player.attempt.id)


def _played_before(code: str) -> str | None:
    """Where an old or current code of a session this browser played leads it back to, if it did."""
    mine = classroom.played_with_code(session.get("player"), code)
    if mine is None:
        return None
    class_session, player = mine
    if class_session.join_code is None:  # closed since: the code is dead, the results are not
        return results_url(player)
    return url_for(".nickname", code=class_session.join_code)


def _removed_page(class_session: ClassSession, partial: bool = False):
    template = "student/_removed.html" if partial else "student/removed.html"
    return render_template(template, session=class_session), 410


@bp.route("/join", methods=["GET", "POST"])
def join():
    form = CodeForm(code=request.args.get("code", ""))
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        played = [(s, p, player_home(s, p)) for s, p in classroom.device_sessions(session.get("player"))]
        return render_template("student/join.html", form=form, error=None, played=played), status
    back = _played_before(form.code.data)  # only this browser's own sessions: nothing to guess here
    if back is not None:
        return redirect(back, code=303)
    found, wait = _open_session_or_count(form.code.data)
    if wait:
        return _too_many(form, wait)
    if found is None:
        error = "No open session has that code. Check it on your teacher's screen and try again."
        return render_template("student/join.html", form=form, error=error), 404
    return redirect(url_for(".nickname", code=found.join_code), code=303)


def _open_session_or_count(code: str, key: str | None = None) -> tuple[ClassSession | None, int]:
    """The open session a code names, counting wrong codes per browser and address: (session, seconds to wait).

    ``key`` is the QR link's join_key: with it, the code was read off the teacher's screen, not guessed.
    """
    found = classroom.find_open_session(code)
    if found is not None and str(found.id) in (session.get("players") or {}):
        return found, 0  # this browser joined it before, so coming back is no guess, blocked or not
    if found is not None and isinstance(key, str) and same_mac(key, join_key(found)):
        return found, 0
    keys = ("join:browser:" + throttle.hashed(player_token()), "join:" + throttle.address_key(request.remote_addr))
    wait = max(throttle.retry_after(key) for key in keys)
    if wait:  # the same answer whether or not the code was right, so a blocked guesser learns nothing
        return None, wait
    if found is None:
        return None, max(
            throttle.record_failure(keys[0], **WRONG_CODES), throttle.record_failure(keys[1], **WRONG_CODES_PER_ADDRESS)
        )
    return found, 0


def _too_many(form, wait: int):
    error = (
        f"Too many wrong codes from this browser or this network. Please wait {wait} seconds and try again, "
        "or scan the QR code on your teacher's screen, which always lets you in."
    )
    html = render_template("student/join.html", form=form, error=error)
    return html, 429, {"Retry-After": str(wait)}


@bp.route("/join/<code>", methods=["GET", "POST"])
def nickname(code: str):
    back = _played_before(code)
    if back is not None and back != request.path:
        return redirect(back, code=303)
    found, wait = _open_session_or_count(code, request.args.get("k"))
    if wait:
        return _too_many(CodeForm(code=code), wait)
    if found is None:
        flash("That join code is not open. Check it on your teacher's screen.", "warning")
        return redirect(url_for(".join"), code=303)
    browser = player_token()  # set now, so a resent form still comes from the same browser
    if classroom.removed_device(found, browser) is not None:
        return _removed_page(found)
    player = device_player(found) or classroom.player_of_browser(found, browser)
    if player is not None:  # this device already joined: carry on where it was
        _remember(found, player.token)
        return redirect(player_home(found, player), code=303)
    generated = bool(found.generated_names)
    form = JoinAsForm() if generated else NicknameForm()
    error = None
    offer = _offer(found)
    if form.validate_on_submit() and not request.form.get("another"):
        try:
            typed = "" if generated else form.nickname.data
            player = classroom.join(found, typed, browser, suggested=offer)
        except ClassroomError as exc:
            error = str(exc)
        else:
            _remember(found, player.token)
            return redirect(player_home(found, player), code=303)
    elif form.is_submitted() and not request.form.get("another"):
        error = form_errors(form)
    if request.method == "GET" or request.form.get("another") or offer is None:
        offer = _new_offer(found)
    if not generated and not form.nickname.data:
        form.nickname.data = offer
    html = render_template("student/nickname.html", session=found, form=form, error=error, offer=offer)
    return html, (422 if error else 200)


def _offer(class_session: ClassSession) -> str | None:
    """The generated nickname this browser's join page offered for ``class_session``."""
    offered = session.get("offer")
    if isinstance(offered, list) and len(offered) == 2 and offered[0] == class_session.id:
        return str(offered[1])
    return None


def _new_offer(class_session: ClassSession) -> str:
    name = classroom.suggest_nickname(class_session)
    session["offer"] = [class_session.id, name]  # so a clash on it is retried with another (see join)
    return name


def _live_player(session_id: int):
    """The live session and this device's player in it (None when the teacher removed it); else 404."""
    token = (session.get("players") or {}).get(str(session_id))
    class_session, player = classroom.session_and_player(session_id, token if isinstance(token, str) else None)
    if class_session is None or class_session.mode != "live":
        abort(404)
    browser = session.get("player")
    if player is None and isinstance(browser, str) and browser:
        player = classroom.player_of_browser(class_session, browser)  # "My sessions" found it by its browser
        if player is not None:
            _remember(class_session, player.token)
    if player is None and classroom.removed_device(class_session, browser) is None:
        abort(404)
    return class_session, player


@bp.route("/live/<id:session_id>", methods=["GET", "POST"])
def live_phone(session_id: int):
    with reads_only():  # its answer is written in a transaction of its own (live.answer_live)
        return _live_phone(session_id)


def _live_phone(session_id: int):
    class_session, player = _live_player(session_id)
    partial = bool(request.args.get("partial"))  # the phone's script drawing its panel
    if player is None:
        return _removed_page(class_session, partial=partial)
    context = phone_context(class_session, player)
    error = _take_answer(class_session, player, context) if request.method == "POST" else None
    if request.method == "POST" and error is None:
        if not partial:
            return redirect(url_for(".live_phone", session_id=session_id), code=303)
        # The phone's script sent it: the reply is the panel as it now stands, which saves the
        # request that following the redirect would cost (300 of them in a class).
        context = phone_context(class_session, player)
    context["error"] = error
    context["refresh"] = no_script_refresh(class_session, context)
    template = "student/_phone.html" if partial else "student/live.html"
    return render_template(template, **context), (422 if error else 200)


def _take_answer(class_session: ClassSession, player, context: dict) -> str | None:
    """Record the posted answer to the open question; None when it was taken, else why not."""
    question, shown = context.get("question"), context.get("shown")
    if class_session.phase != "question" or class_session.status == "closed" or question is None:
        return _not_taken(class_session, question)
    # The open form holds what was posted (Flask-WTF reads the request); a late post still gets the grace.
    form = context["form"] or answer_form(shown, class_session.confidence)
    try:
        response, certainty = submitted_answer(form, shown, class_session.confidence)
        index = form_int(request.form.get("index", ""))
        live.answer_live(session_bank(class_session), class_session, player, index, response, certainty)
    except (ResponseError, PlayError) as exc:
        return str(exc)
    return None


def _not_taken(class_session: ClassSession, question) -> str:
    """Why a posted answer was not taken, when there is no open form for it."""
    if class_session.status == "closed":
        return "This session is closed, so answers are no longer taken."
    if class_session.phase == "question" and question is not None and live.remaining(class_session) == 0:
        return "Time is up: your answer came in after the deadline and was not counted."
    return "This question is no longer open."


def no_script_refresh(class_session: ClassSession, context: dict) -> int | None:
    """Seconds after which a phone without JavaScript reloads itself to follow the teacher (None: it stays).

    While it waits, every few seconds. While its answer form is open, only once the question's whole
    time and the grace have surely run out (a reload would wipe the choice being made; the number is
    the same on every load, so an answer cannot be lost to it). Once closed, never.
    """
    if class_session.status == "closed":
        return None
    if context.get("form") is not None:
        return class_session.time_limit + math.ceil(live.GRACE_SECONDS) + 1
    return NO_SCRIPT_WAIT


def _panel(class_session: ClassSession, player) -> str:
    """What the phone's script draws when the state moves on (the same as its ?partial=1 page)."""
    return render_template("student/_phone.html", **phone_context(class_session, player), error=None)


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
        "results": results_url(player) if class_session.status == "closed" else None,
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
            open_to_them = class_session.phase == "question" and class_session.status != "closed"
            if open_to_them and context["answer"] is None and context["state"].remaining:
                # Shown until the student answers or the time is up.
                context["form"] = answer_form(context["shown"], class_session.confidence)
            if class_session.phase != "question" and class_session.answers_shown:
                context["passages"] = passages(
                    bank, question.sources, scoped_links("play.", attempt_id=player.attempt.id)
                )
                context["expected"] = answer_text(question, bank.articles)
    if class_session.phase in ("reveal", "leaderboard", "finished") and class_session.answers_shown:
        board = standings(class_session)
        context["leaders"] = board[:5]
        context["mine"] = next((s for s in board if s.player_id == player.id), None)
    return context


@bp.get("/live/<id:session_id>/state")
def live_state(session_id: int):
    # Most polls, those that find nothing changed, are answered before this (live_state.StatePolls).
    with reads_only():  # when the teacher moves on, 300 phones ask at once
        class_session, player = _live_player(session_id)
        if player is None:  # removed: the phone's script redraws once (saying so) and stops polling
            response = jsonify(removed=True)
            response.headers["Cache-Control"] = "no-store"
            return response, 410
        return state_response(class_session, panel=lambda: _panel(class_session, player))
