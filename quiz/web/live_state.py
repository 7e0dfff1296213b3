"""The live-state endpoint shared by the teacher's projector and the students' phones."""

from __future__ import annotations

from flask import jsonify, request

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
    return "-".join([f"s{class_session.id}v{class_session.version}"] + [f"{k}{v}" for k, v in extra.items()])
