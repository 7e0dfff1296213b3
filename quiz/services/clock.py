"""The classroom's clock: the system's, or the one a test sets in ``app.config["QUIZ_CLOCK"]``."""

from __future__ import annotations

import datetime as dt
import time

from flask import current_app, has_app_context


def now() -> dt.datetime:
    """The current time in UTC, from ``QUIZ_CLOCK`` (a function returning epoch seconds) when one is set."""
    clock = current_app.config.get("QUIZ_CLOCK") if has_app_context() else None
    return dt.datetime.fromtimestamp(float((clock or time.time)()), dt.UTC)
