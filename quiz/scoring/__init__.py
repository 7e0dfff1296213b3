"""Scoring: marks, confidence, the speed factor and answer matching, as pure functions (no Flask).

Each kind's own scorer lives in its module (``quiz.kinds``); ``quiz.kinds.score`` asks it.
"""

from .marks import Score, cbm_marks, speed_factor
from .scorers import order_fraction, text_matches
from .words import normalize_answer, parse_number

__all__ = [
    "Score",
    "cbm_marks",
    "normalize_answer",
    "order_fraction",
    "parse_number",
    "speed_factor",
    "text_matches",
]
