"""Matching that several kinds' scorers share (each kind's scorer lives in its module, ``quiz.kinds``)."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from .words import normalize_answer, number_tokens


def text_matches(typed: str, accepted: str, fuzzy: int = 0) -> bool:
    """Whether a typed answer matches one accepted form, after normalisation and within ``fuzzy`` typos."""
    a, b = normalize_answer(typed), normalize_answer(accepted)
    if not a:
        return False
    if a == b:
        return True
    # A typo allowance is for spelling, not for facts: "5th" is one edit from "4th" and "1962"
    # one from "1963", so the numbers in the answer must match exactly before typos are forgiven.
    if fuzzy <= 0 or number_tokens(a) != number_tokens(b):
        return False
    return Levenshtein.distance(a, b, score_cutoff=fuzzy) <= fuzzy


def order_fraction(placed: Sequence[int]) -> float:
    """Share of item pairs whose relative order in ``placed`` matches the true order 0, 1, 2, …."""
    position = {item: pos for pos, item in enumerate(placed)}
    n = len(placed)
    total = n * (n - 1) // 2
    if total == 0:
        return 1.0
    agree = sum(position[i] < position[j] for i in range(n) for j in range(i + 1, n))
    return agree / total
