"""Which bank a page plays: the served file bank (reloaded when its files change) or a pinned version."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import abort, current_app

from ..content import Bank, Problem, Quiz
from ..content.loader import read_bank_files
from ..content.problems import ERROR
from ..services import library, versions
from ..services.versions import Played, VersionUnavailable


class BankUnavailable(RuntimeError):
    """The configured bank has errors; ``quiz check`` says which."""


@dataclass
class _FileBank:
    """One app's view of the QUIZ_BANK file: the last good version and the problems of a broken edit."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    checked_at: float = 0.0
    signature: tuple = ()
    folder: Path | None = None  # the articles folder the bank file named at the last read
    good: Played | None = None
    problems: list[Problem] = field(default_factory=list)  # of the newest edit, when it does not load


def _state() -> _FileBank:
    return current_app.extensions.setdefault("quiz_file_bank", _FileBank())


def _signature(path: Path, folder: Path | None) -> tuple:
    """What changes when the bank file or an article file is edited, added or removed."""

    def stamp(p: Path):
        try:
            st = p.stat()
            return (p.name, st.st_mtime_ns, st.st_size)
        except OSError:
            return (p.name, None, None)

    files = [stamp(path)]
    if folder is not None and folder.is_dir():
        files += [stamp(f) for f in sorted(folder.glob("*.md"))]
    return tuple(files)


def _reload(state: _FileBank, path: Path) -> None:
    """Read the files; a clean load becomes the served version, a broken one only records its problems."""
    try:
        raw, texts, folder = read_bank_files(path)
    except (OSError, UnicodeDecodeError) as exc:
        state.problems = [Problem(str(path), 1, 1, ERROR, f"cannot read the bank: {exc}")]
        return
    state.folder = folder
    state.signature = _signature(path, folder)
    result = versions.check_texts(raw, texts)
    if not result.ok or result.bank is None:
        state.problems = [p if p.path != "questions.yaml" else _at(p, str(path)) for p in result.problems]
        current_app.logger.warning("the bank file %s has errors; still serving the last good version", path)
        return
    version = library.record_file_version(raw, texts, result.bank)
    state.good = Played(version.id, version.number, version.content_hash, result.bank)
    state.problems = list(result.problems)


def _at(problem: Problem, path: str) -> Problem:
    return Problem(path, problem.line, problem.col, problem.severity, problem.message)


def sample() -> Played:
    """The served file bank's latest good version; edits to its files are picked up within seconds."""
    state = _state()
    every = float(current_app.config.get("QUIZ_BANK_RELOAD_SECONDS", 2))
    now = time.monotonic()
    if state.good is not None and now - state.checked_at < every:
        return state.good
    with state.lock:
        if state.good is None or now - state.checked_at >= every:
            path = Path(current_app.config["QUIZ_BANK"])
            if state.good is None or _signature(path, state.folder) != state.signature:
                _reload(state, path)
            state.checked_at = time.monotonic()
    if state.good is None:
        errors = [p.format() for p in state.problems if p.severity == ERROR]
        raise BankUnavailable("the question bank has errors:\n" + "\n".join(errors[:20]))
    return state.good


def file_bank_problems() -> list[Problem]:
    """Problems of the newest edit of the bank file (errors mean the last good version is still served)."""
    with contextlib.suppress(BankUnavailable):
        sample()
    return list(_state().problems)


def current_bank() -> Bank:
    """The served file bank; raises BankUnavailable when it never loaded cleanly."""
    return sample().bank


def pinned(version_id: int | None, content: str | None) -> Bank:
    """The bank a session or attempt pinned (the file bank for rows made before versions existed)."""
    if version_id is None or content is None:
        return current_bank()
    try:
        return versions.bank_by_hash(version_id, content)
    except VersionUnavailable:
        abort(404)


def session_bank(class_session) -> Bank:
    """The bank version a class session is pinned to."""
    return pinned(class_session.bank_version_id, class_session.bank_hash)


def quiz_or_404(bank: Bank, quiz_id: str) -> Quiz:
    """A quiz of the bank, or the site's 404 page."""
    quiz = bank.quiz(quiz_id)
    if quiz is None:
        abort(404)
    return quiz
