"""The live-state endpoint shared by the teacher's projector and the students' phones."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask, current_app, jsonify, request
from werkzeug.http import parse_cookie, parse_etags

from ..models import ClassSession
from ..services import live

STANDINGS_KEPT = 64  # settled leaderboards a process keeps (a few classes' current states); at most a few MB


def standings(class_session: ClassSession) -> list[live.Standing]:
    """The session's leaderboard, computed once per settled state in this process.

    At a reveal, 300 phones each draw their panel with their rank: without this, each would add
    up the whole class's answers again.
    """
    key = live.standings_key(class_session)
    if key is None:
        return live.leaderboard(class_session)
    kept = current_app.extensions.setdefault("quiz_standings", {})
    found = kept.get(key)
    if found is None:
        if len(kept) >= STANDINGS_KEPT:
            kept.clear()
        found = kept[key] = tuple(live.leaderboard(class_session))
    return list(found)


def state_response(class_session: ClassSession, panel: Callable[[], str] | None = None, **extra):
    """The small live-state document, with an ETag so an unchanged state costs a 304.

    Phones get the phase and, when it is not the one they have, ``panel()``: the HTML their
    script would otherwise fetch next, so following the teacher costs one request, not two. The
    teacher's screen also gets the number of players and answers, which change its ETag as
    students join and answer.
    """
    tag = state_tag(class_session, **extra)
    unchanged = request.if_none_match.contains(tag)
    state = live.state(class_session)
    response = jsonify(
        version=state.version,
        status=state.status,
        phase=state.phase,
        current=state.current,
        total=state.total,
        remaining=state.remaining,
        **extra,
        **({"panel": panel()} if panel is not None and not unchanged else {}),
    )
    response.set_etag(tag)
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


def state_tag(class_session: ClassSession, **extra) -> str:
    """The entity tag of a session's live state (plus the teacher's counters)."""
    return version_tag(class_session.id, class_session.version, **extra)


def version_tag(session_id: int, version: int, **extra) -> str:
    return "-".join([f"s{session_id}v{version}"] + [f"{k}{v}" for k, v in extra.items()])


class StatePolls:
    """WSGI middleware: a phone's poll of an unchanged state gets its 304 before Flask builds a request.

    Three hundred phones poll once a second and almost every poll is a 304, so its cost is most of a
    live round's. This answers those polls from the session cookie (checked as Flask checks it) and
    one read of the session's version; anything else, and any doubt or error, goes on to the app,
    which answers as usual (the phone's view, live_state in web.student, gives the same 304).
    """

    PATH = re.compile(r"/live/([1-9][0-9]{0,9})/state")

    def __init__(self, app: Flask, wsgi_app, engine):
        self.app, self.wsgi_app, self.engine = app, wsgi_app, engine

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("HTTP_IF_NONE_MATCH"):
            found = self.PATH.fullmatch(environ.get("PATH_INFO", ""))
            tag = self._unchanged(int(found[1]), environ) if found else None
            if tag is not None:
                headers = [("ETag", f'"{tag}"'), ("Cache-Control", "no-cache"), ("Vary", "Cookie")]
                start_response("304 NOT MODIFIED", headers + [("X-Content-Type-Options", "nosniff")])
                return []
        return self.wsgi_app(environ, start_response)

    def _unchanged(self, session_id: int, environ) -> str | None:
        """The poll's tag if the phone's player is in this live session and the state is the one it has."""
        if session_id > 2**31 - 1:
            return None
        try:
            interface = self.app.session_interface
            raw = parse_cookie(environ).get(interface.get_cookie_name(self.app))
            if not raw:
                return None
            players = self._players(raw, interface)
            token = players.get(str(session_id)) if players is not None else None
            found = live.poll(session_id, token, self.engine) if token else None
        except Exception:  # noqa: BLE001 - a bad cookie, a database not ready: the app answers instead
            return None
        if found is None or found[1] != "live" or found[2] is None:
            return None
        tag = version_tag(session_id, found[0])
        return tag if tag in parse_etags(environ.get("HTTP_IF_NONE_MATCH")) else None

    def _players(self, raw: str, interface) -> dict | None:
        """The cookie's live players (session id -> token), if it is ours, well formed and not expired."""
        data = interface.checked(self.app, raw)
        return None if data is None else (data.get("players") or {})
