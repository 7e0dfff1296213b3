"""The live-state endpoint shared by the teacher's projector and the students' phones."""

from __future__ import annotations

from flask import current_app, jsonify, request

from ..models import ClassSession
from ..services import live


def state_response(class_session: ClassSession, **extra):
    """The small live-state document, with an ETag so an unchanged state costs a 304.

    Phones get only the phase (they redraw when the teacher moves on); the teacher's screen also
    gets the number of players and answers, which change its ETag as students join and answer.
    """
    state = live.state(class_session)
    response = jsonify(
        version=state.version,
        status=state.status,
        phase=state.phase,
        current=state.current,
        total=state.total,
        remaining=state.remaining,
        **extra,
    )
    response.set_etag(state_tag(class_session, **extra))
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


def state_tag(class_session: ClassSession, **extra) -> str:
    """The entity tag of a session's live state (plus the teacher's counters)."""
    return version_tag(class_session.id, class_session.version, **extra)


def version_tag(session_id: int, version: int, **extra) -> str:
    return "-".join([f"s{session_id}v{version}"] + [f"{k}{v}" for k, v in extra.items()])


def not_modified(tag: str):
    """The 304 for a poll whose If-None-Match is ``tag`` (headers as the full answer has them), or None."""
    if tag not in request.if_none_match:
        return None
    response = current_app.response_class(status=304)
    response.set_etag(tag)
    response.headers["Cache-Control"] = "no-cache"
    return response
