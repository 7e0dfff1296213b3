"""Nicknames: the only thing a student gives. Checked against a shipped blocklist."""

from __future__ import annotations

import random
import re
import unicodedata
from functools import lru_cache

from ..paths import read_word_list

MIN_LENGTH, MAX_LENGTH = 2, 24
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i"}
)
_ALLOWED = re.compile(r"^[\w .'\-]+$")


@lru_cache(maxsize=1)
def blocklist() -> tuple[frozenset[str], tuple[str, ...]]:
    """(short words matched as whole words, long words matched anywhere)."""
    words = [w.casefold() for w in read_word_list("blocklist.txt")]
    return frozenset(w for w in words if len(w) < 5), tuple(w for w in words if len(w) >= 5)


@lru_cache(maxsize=1)
def _word_lists() -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(read_word_list("nickname-adjectives.txt")), tuple(read_word_list("nickname-animals.txt"))


def clean(raw: str) -> str:
    """A nickname as stored: NFKC, single spaces, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", raw or "").split())


def problem(nickname: str) -> str | None:
    """Why a (cleaned) nickname cannot be used, or None when it can."""
    if len(nickname) < MIN_LENGTH:
        return f"A nickname needs at least {MIN_LENGTH} characters."
    if len(nickname) > MAX_LENGTH:
        return f"A nickname has at most {MAX_LENGTH} characters."
    if not _ALLOWED.match(nickname):
        return "Use letters, numbers, spaces, dots, dashes and apostrophes only."
    if is_offensive(nickname):
        return "Please choose another nickname."
    return None


def is_offensive(nickname: str) -> bool:
    """True when the nickname contains a blocked word (also through l33t-speak or spacing)."""
    short, long = blocklist()
    lowered = nickname.casefold()
    candidates = {lowered, lowered.translate(_LEET)}
    for text in candidates:
        words = re.findall(r"[a-z]+", text)
        if short & set(words):
            return True
        squashed = "".join(words)
        if any(w in squashed for w in long) or squashed in short:
            return True
    return False


def generate(taken: set[str], rng: random.Random | None = None) -> str:
    """A friendly nickname ("Curious Otter") not already taken (case-insensitively)."""
    rng = rng or random.SystemRandom()
    adjectives, animals = _word_lists()
    lowered = {t.casefold() for t in taken}
    for _ in range(50):
        name = f"{rng.choice(adjectives)} {rng.choice(animals)}"
        if name.casefold() not in lowered:
            return name
    base = f"{rng.choice(adjectives)} {rng.choice(animals)}"
    number = 2
    while f"{base} {number}".casefold() in lowered:
        number += 1
    return f"{base} {number}"
