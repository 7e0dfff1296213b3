"""The drafting judges' word lists, read from data files in ``quiz/data/drafting`` (not Python literals)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent.parent / "data" / "drafting"


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    data = yaml.safe_load((FOLDER / "words.yaml").read_text(encoding="utf-8"))
    return {name: frozenset(str(w) for w in words) for name, words in data.items()}


def words(name: str) -> frozenset[str]:
    """The list ``name`` of ``words.yaml``."""
    return _lists()[name]


@lru_cache(maxsize=8)
def lines(filename: str) -> frozenset[str]:
    """The words of a one-word-per-line file (``#`` starts a comment line)."""
    text = (FOLDER / filename).read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))
