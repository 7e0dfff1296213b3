"""Teachers' classroom pages: sessions, players, the live projector view."""

from __future__ import annotations

import io

import segno
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..kinds import answer_text, form_int, present
from ..services import classroom, library, live
from ..services.classroom import ClassroomError, SessionSettings
from ..services.splits import right_letters
from ..services.versions import Played, VersionUnavailable, played
from .address import public_url
from .articles import article_index, article_page
from .bank import sample, session_bank
from .classroom_forms import ConfirmDeleteForm, NicknameForm, new_session_form, parse_quiz_value
from .forms import ActionForm
from .live_state import standings, state_response, state_tag
from .render import passages, scoped_links
from .student import join_key

bp = Blueprint("classroom", __name__, url_prefix="/teacher")


@bp.before_request
@login_required
def _teachers_only():
    """Every page here needs a signed-in teacher."""


def teacher_id() -> int:
    """The signed-in teacher's id."""
    return current_user.id


def session_or_404(session_id: int):
    session = classroom.owned_session(teacher_id(), session_id)
    if session is None:
        abort(404)
    return session


def join_url(session) -> str | None:
    """The link the QR code opens, at the address students can reach."""
    if not session.join_code:
        return None
    return public_url("student.nickname", code=session.join_code, k=join_key(session))


def quiz_sources() -> list[tuple[str, str, Played]]:
    """The banks a teacher can run sessions from: the sample, their own and those shared with them (latest)."""
    out = [("sample", f"Sample: {sample().bank.title}", sample())]
    for listed in library.teacher_banks(teacher_id()) + library.shared_with(teacher_id()):
        if listed.latest is None:
            continue
        try:
            out.append((f"bank-{listed.bank.id}", listed.bank.title, played(listed.latest)))
        except VersionUnavailable:
            continue
    return out


def _form(sources):
    form = new_session_form([(key, label, source.bank) for key, label, source in sources])
    if not form.is_submitted() and request.args.get("quiz"):
        form.quiz_id.data = request.args["quiz"]
    return form


def _dashboard(form, status: int = 200):
    html = render_template(
        "classroom/dashboard.html", sessions=classroom.teacher_sessions(teacher_id()), form=form, action=ActionForm()
    )
    return html, status


@bp.get("/")
def dashboard():
    return _dashboard(_form(quiz_sources()))


@bp.post("/sessions")
def create():
    sources = quiz_sources()
    form = _form(sources)
    if not form.validate_on_submit():
        return _dashboard(form, 422)
    key, quiz_id = parse_quiz_value(form.quiz_id.data)
    source = next(source for k, _label, source in sources if k == key)
    quiz = source.bank.quiz(quiz_id)
    settings = SessionSettings(
        quiz_id=quiz.id,
        title=form.title.data or quiz.title,
        mode=form.mode.data,
        confidence=form.confidence.data,
        speed_bonus=form.speed_bonus.data,
        reveal=form.reveal.data,
        seconds=form.seconds.data,
        version=(source.version_id, source.hash),
        generated_names=form.generated_names.data,
        auto_reveal=form.auto_reveal.data,
        rank_by=form.rank_by.data,
    )
    try:
        session = classroom.create_session(teacher_id(), quiz, settings)
    except ClassroomError as exc:
        flash(str(exc), "warning")
        return redirect(url_for(".dashboard"), code=303)
    return redirect(url_for(".show", session_id=session.id), code=303)


@bp.get("/sessions/<id:session_id>")
def show(session_id: int):
    session = session_or_404(session_id)
    return render_template(
        "classroom/session.html",
        session=session,
        join_url=join_url(session),
        action=ActionForm(),
        rename=NicknameForm(),
    )


@bp.get("/sessions/<id:session_id>/qr.svg")
def qr(session_id: int):
    session = session_or_404(session_id)
    url = join_url(session)
    if url is None:
        abort(404)
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=2, xmldecl=False, title="Join code QR")
    return out.getvalue(), 200, {"Content-Type": "image/svg+xml"}


@bp.post("/sessions/<id:session_id>/status")
def status(session_id: int):
    session = session_or_404(session_id)
    target = {"pause": "paused", "close": "closed", "reopen": "open", "resume": "open"}.get(request.form.get("do"))
    if target is None:
        abort(400)
    try:
        classroom.set_status(session, target)
    except ClassroomError as exc:
        flash(str(exc), "warning")
    else:
        flash(
            {
                "paused": "Session paused: every countdown stands still.",
                "closed": "Session closed: its join code no longer works.",
                "open": "Session open.",
            }[target],
            "info",
        )
    back = request.form.get("back")
    if back in ("live", "live-full"):
        return redirect(url_for(".live_view", session_id=session.id, screen=_screen(back == "live-full")), code=303)
    return redirect(url_for(".show", session_id=session.id), code=303)


def _screen(full: bool) -> str | None:
    """The projector's ``screen`` argument: "full" hides the site's menu."""
    return "full" if full else None


@bp.post("/sessions/<id:session_id>/duplicate")
def duplicate(session_id: int):
    copy = classroom.duplicate_session(session_or_404(session_id))
    flash("A copy of the session is ready, with a new join code.", "info")
    return redirect(url_for(".show", session_id=copy.id), code=303)


@bp.route("/sessions/<id:session_id>/delete", methods=["GET", "POST"])
def delete(session_id: int):
    session = session_or_404(session_id)
    form = ConfirmDeleteForm()
    if form.validate_on_submit():
        title = session.title
        classroom.delete_session(session)
        flash(f"Deleted “{title}” with all its players and answers.", "info")
        return redirect(url_for(".dashboard"), code=303)
    code = 422 if form.is_submitted() else 200
    return render_template("classroom/delete.html", session=session, form=form), code


@bp.post("/sessions/<id:session_id>/players/<id:player_id>/rename")
def rename(session_id: int, player_id: int):
    session = session_or_404(session_id)
    player = classroom.owned_player(session, player_id) or abort(404)
    form = NicknameForm()
    if form.validate_on_submit():
        try:
            classroom.rename_player(player, form.nickname.data)
            flash(f"Renamed to “{player.nickname}”.", "info")
        except ClassroomError as exc:
            flash(str(exc), "warning")
    else:
        flash("Type the new nickname.", "warning")
    return redirect(url_for(".show", session_id=session.id, _anchor="players"), code=303)


@bp.route("/sessions/<id:session_id>/players/<id:player_id>/remove", methods=["GET", "POST"])
def remove(session_id: int, player_id: int):
    """GET asks for a confirmation; its form's POST removes the player."""
    session = session_or_404(session_id)
    player = classroom.owned_player(session, player_id) or abort(404)
    if request.method == "GET":
        return render_template("classroom/remove.html", session=session, player=player, action=ActionForm())
    nickname = player.nickname
    classroom.remove_player(player)
    message = f"Removed “{nickname}” and their answers; their device cannot join again unless you let it back in."
    flash(message, "info")
    return redirect(url_for(".show", session_id=session.id, _anchor="players"), code=303)


@bp.post("/sessions/<id:session_id>/let-back")
def let_back(session_id: int):
    session = session_or_404(session_id)
    removed_id = form_int(request.form.get("removed"))
    removal = (classroom.let_back(session, removed_id) if removed_id else None) or abort(404)
    flash(f"The device of “{removal.nickname}” may join again (as a new player).", "info")
    return redirect(url_for(".show", session_id=session.id, _anchor="removed"), code=303)


@bp.route("/sessions/<id:session_id>/live", methods=["GET", "POST"])
def live_view(session_id: int):
    session = session_or_404(session_id)
    if session.mode != "live":
        abort(404)
    if request.method == "POST":
        try:
            live.advance(session, request.form.get("do", ""), session_bank(session))
        except ClassroomError as exc:
            flash(str(exc), "warning")
        full = request.form.get("screen") == "full"
        return redirect(url_for(".live_view", session_id=session.id, screen=_screen(full)), code=303)
    context = projector_context(session)
    context["full"] = request.args.get("screen") == "full"
    template = "classroom/_projector.html" if request.args.get("partial") else "classroom/live.html"
    return render_template(template, **context)


def projector_context(session) -> dict:
    """Everything the projector shows in the current phase."""
    bank = session_bank(session)
    counts = teacher_counts(session)
    context = {
        "session": session,
        "state": live.state(session),
        "join_url": join_url(session),
        "action": ActionForm(),
        "players": counts["players"],
        "etag": state_tag(session, **counts),
        "show_answers": session.answers_shown,
    }
    if 0 <= session.current < len(session.question_ids):
        question = bank.question(session.question_ids[session.current])
        context["answered"] = counts["answered"]
        if session.phase == "question" and session.status != "closed":
            context["waiting"] = live.waiting_for(session, session.current)
        if question is None:  # taken out of the bank since the session started
            context["withdrawn"] = True
        else:
            context["question"] = question
            context["shown"] = present(bank, session.seed, question)
            if session.phase in ("reveal", "leaderboard", "finished"):
                context["split"] = live.reveal_split(bank, session, session.current)
                context["expected"] = right_letters(context["shown"]) or answer_text(question, bank.articles)
                context["passages"] = passages(
                    bank, question.sources, scoped_links("classroom.", session_id=session.id)
                )
    if session.phase in ("leaderboard", "finished") and session.answers_shown:
        context["leaders"] = standings(session)[:5]
    return context


def teacher_counts(session) -> dict:
    """The counters that change the projector's ETag: players joined, answers to this question."""
    answered = live.answered_count(session, session.current) if session.current >= 0 else 0
    return {"players": classroom.player_count(session), "answered": answered}


@bp.get("/sessions/<id:session_id>/state")
def teacher_state(session_id: int):
    session = session_or_404(session_id)
    return state_response(session, **teacher_counts(session))


@bp.get("/sessions/<id:session_id>/articles/")
def articles(session_id: int):
    session = session_or_404(session_id)
    return article_index(session_bank(session), scoped_links("classroom.", session_id=session.id))


@bp.get("/sessions/<id:session_id>/articles/<article_id>")
def article(session_id: int, article_id: str):
    return article_page(session_bank(session_or_404(session_id)), article_id)
