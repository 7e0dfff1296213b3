"""Nicknames: the only thing a student gives. Checked against word lists shipped in quiz/data/.

How a nickname is read, so that "BigDick", "B1gD1ck", "Fuuuck" and "f u c k" are caught while
"Dickens", "Scunthorpe", "Student 455" and "Group 717" pass:

* accents are dropped and a few Cyrillic and Greek look-alikes read as Latin letters;
* it is cut into words at spaces and punctuation, and again where a capital starts a word run
  together ("BigDick" -> "Big", "Dick"); letters typed one by one ("F U C K") make one word;
* in a word that has letters, digits are read as the letters they look like ("B1g" -> "big"), and
  also, when two or more stand at its start or end, as a number ("Student455"); a word of digits
  only is a number and never read as letters ("455", "717");
* innocent words that contain a blocked one (nickname-allowed.txt) are taken out;
* repeated letters are also read squeezed to one and to two ("Fuuuck" -> "fuck", "Asss" -> "ass").

Each reading is refused if it contains a word of nickname-blocked-anywhere.txt, or is a word of
nickname-blocked-words.txt, or is such a word run together with others of that list or of
nickname-compound-parts.txt ("bigdick", "assface"): "Dickens" is "dick" + "ens", and "ens" is not
a part, so it passes.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..paths import read_word_list

MIN_LENGTH, MAX_LENGTH = 2, 24
_ALLOWED = re.compile(r"^[\w .'\-]+$")
_WORDS = re.compile(r"[^\W_]+")  # runs of letters and digits
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_EDGE_NUMBER = re.compile(r"^([0-9]{2,})?(.*?)([0-9]{2,})?$")
# Digits that stand for the letters they look like (1 is read both as i and as l); 2 and 6 part words.
_DIGITS = tuple(
    str.maketrans({"0": "o", "1": one, "2": " ", "3": "e", "4": "a", "5": "s", "6": " ", "7": "t", "8": "b", "9": "g"})
    for one in "il"
)
# Cyrillic and Greek letters that look like Latin ones ("ѕhit" with a Cyrillic ѕ).
_LOOKALIKE = str.maketrans(
    dict(
        zip(
            "авсеһіјкмнорѕтухАВЕКМНОРСТХΑΒΕΗΙΚΜΝΟΡΤΧΥΖαικνοτ",
            "abcehijkmhopstyxABEKMHOPCTXABEHIKMNOPTXYZaikvot",
            strict=True,
        )
    )
)


@dataclass(frozen=True)
class WordLists:
    """The shipped lists, case-folded."""

    anywhere: tuple[str, ...]
    words: frozenset[str]
    parts: frozenset[str]
    allowed: tuple[str, ...]  # longest first, so "shuttlecock" goes before a shorter word inside it


@lru_cache(maxsize=1)
def word_lists() -> WordLists:
    """The blocked words, compound parts and allowed words from quiz/data/."""

    def read(name: str) -> list[str]:
        return [w.casefold() for w in read_word_list(name)]

    allowed = sorted(set(read("nickname-allowed.txt")), key=lambda w: (-len(w), w))
    return WordLists(
        tuple(read("nickname-blocked-anywhere.txt")),
        frozenset(read("nickname-blocked-words.txt")),
        frozenset(read("nickname-compound-parts.txt")),
        tuple(allowed),
    )


@lru_cache(maxsize=1)
def _name_lists() -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(read_word_list("nickname-adjectives.txt")), tuple(read_word_list("nickname-animals.txt"))


def name_space() -> int:
    """How many different names ``generate`` can make."""
    adjectives, animals = _name_lists()
    return len(adjectives) * len(animals)


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
    """True when some reading of the nickname holds a blocked word (see the module's docstring)."""
    lists = word_lists()
    return any(_blocked(reading, lists) for reading in _readings(nickname, lists))


def _words(nickname: str) -> list[str]:
    """The nickname's words, accents and look-alikes undone, single letters typed apart joined."""
    text = unicodedata.normalize("NFKD", nickname)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_LOOKALIKE)
    words, letters = [], []
    for word in _WORDS.findall(text):
        if len(word) == 1 and word.isalpha():
            letters.append(word)
            continue
        if letters:
            words.append("".join(letters))
            letters = []
        words.append(word)
    if letters:
        words.append("".join(letters))
    return words


def _readings(nickname: str, lists: WordLists) -> Iterator[str]:
    """Every lower-case letter string the nickname can be read as, innocent words taken out."""
    for word in _words(nickname):
        for piece in {word, *_CAMEL.split(word)}:
            if not piece or piece.isdigit():
                continue  # a number: "Student 455" is not "Student ass"
            edges = _EDGE_NUMBER.match(piece)
            for text in {piece, edges.group(2) if edges else piece}:
                for digits in _DIGITS:
                    letters = text.casefold().translate(digits)
                    for fragment in re.split(r"[^a-z]+", _take_out(letters, lists.allowed)):
                        if fragment:
                            yield from _squeezed(fragment)


def _take_out(text: str, allowed: tuple[str, ...]) -> str:
    """``text`` with the allowed words replaced by a space (so what is left is not joined up)."""
    for word in allowed:
        if word in text:
            text = text.replace(word, " ")
    return text


def _squeezed(text: str) -> set[str]:
    """The text, with runs of a letter squeezed to one, and runs of three or more to two."""
    return {text, re.sub(r"(.)\1+", r"\1", text), re.sub(r"(.)\1{2,}", r"\1\1", text)}


def _blocked(text: str, lists: WordLists) -> bool:
    if any(word in text for word in lists.anywhere):
        return True
    return text in lists.words or _compound(text, lists)


def _compound(text: str, lists: WordLists) -> bool:
    """Whether ``text`` is blocked words and compound parts run together, at least one a blocked word."""
    pieces = lists.words | lists.parts
    # reach[i]: whether text[:i] splits into pieces (None: it does not), and if one was a blocked word
    reach: list[bool | None] = [None] * (len(text) + 1)
    reach[0] = False
    for end in range(1, len(text) + 1):
        for start in range(end):
            if reach[start] is None:
                continue
            piece = text[start:end]
            if piece in pieces:
                reach[end] = bool(reach[end]) or reach[start] or piece in lists.words
    return bool(reach[-1])


def generate(taken: set[str], rng: random.Random | None = None) -> str:
    """A friendly nickname ("Curious Otter") not already taken (case-insensitively)."""
    rng = rng or random.SystemRandom()
    adjectives, animals = _name_lists()
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
