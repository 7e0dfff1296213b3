"""The question bank as the web app sees it: loaded once per process, on first use."""

from __future__ import annotations

from flask import abort, current_app

from ..content import Bank, Quiz, load_bank


class BankUnavailable(RuntimeError):
    """The configured bank has errors; ``quiz check`` says which."""


def current_bank() -> Bank:
    """The app's bank; raises BankUnavailable when it does not load cleanly."""
    cache = current_app.extensions.setdefault("quiz_bank", {})
    if "bank" not in cache:
        result = load_bank(current_app.config["QUIZ_BANK"])
        if not result.ok or result.bank is None:
            errors = [p.format() for p in result.problems if p.severity == "error"]
            raise BankUnavailable("the question bank has errors:\n" + "\n".join(errors[:20]))
        cache["bank"] = result.bank
    return cache["bank"]


def quiz_or_404(quiz_id: str) -> Quiz:
    """A quiz of the bank, or the site's 404 page."""
    quiz = current_bank().quiz(quiz_id)
    if quiz is None:
        abort(404)
    return quiz
