"""Scoring: pure functions, one per question type, in a registry keyed by type (no Flask)."""

from .answers import answer_text
from .marks import Score, cbm_marks, speed_factor
from .scorers import SCORERS, Scorer, order_fraction, score, text_matches
from .words import normalize_answer, parse_number

__all__ = [
    "SCORERS",
    "Score",
    "Scorer",
    "answer_text",
    "cbm_marks",
    "normalize_answer",
    "order_fraction",
    "parse_number",
    "score",
    "speed_factor",
    "text_matches",
]
