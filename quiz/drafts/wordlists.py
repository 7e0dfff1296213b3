"""The drafting judges' word lists, read from data files in ``quiz/data/drafting`` (not Python literals)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

FOLDER = Path(__file__).resolve().parent.parent / "data" / "drafting"
# libyaml reads these files about 8x faster (they are read at import time); both give the same values
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def table(filename: str) -> dict[str, Any]:
    """Every list and table of a YAML file, as read (shared: callers copy what they keep)."""
    return yaml.load((FOLDER / filename).read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader


@cache
def words(name: str) -> frozenset[str]:
    """The list ``name`` of ``words.yaml``."""
    return frozenset(str(w) for w in table("words.yaml")[name])


@cache
def lines(filename: str) -> frozenset[str]:
    """The words of a one-word-per-line file (``#`` starts a comment line)."""
    text = (FOLDER / filename).read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))
