"""Reading what a player typed: answer normalisation and numbers written in digits or words."""

from __future__ import annotations

import re
import unicodedata

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
_ORDINAL_TEENS = {"tenth": 10, "eleventh": 11, "twelfth": 12} | {
    word + "th": value for word, value in _TEENS.items() if value >= 13
}
_ORDINAL_TENS = {word[:-1] + "ieth": value for word, value in _TENS.items()}
_ORDINAL_TEENS_TENS = _ORDINAL_TEENS | _ORDINAL_TENS
_ORDINAL_SCALES = {"hundredth": 100} | {word + "th": value for word, value in _SCALES.items()}

# Public tables, shared with the draft generator so both read numbers the same way.
CARDINALS = _UNITS | _TEENS | _TENS
SCALES = dict(_SCALES)
ORDINALS = _ORDINAL_UNITS | _ORDINAL_TEENS_TENS

_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
# "and" joins "one hundred and five", never a hundred or a scale word: "a thousand and a million".
_AFTER_AND_NOT = frozenset(_SCALES) | {"hundred", "hundredth"}
_ARTICLES = frozenset({"the", "a", "an"})
_QUOTES = {ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"} | {
    ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
}
_MINUS = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
# A thousands separator is a comma followed by exactly three digits: "2,028" but not "1,2".
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_DIGIT_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_WORD_BREAKS = re.compile(r"[-,.;:!?()\"]")
_DECIMAL = re.compile(r"^\d+(?:\.\d+)?$")
_LEADING_NUMBER = re.compile(r"^([-+])?\s*[$€£]?\s*(\d+(?:\.\d+)?|\.\d+)(.*)$", re.S)


def ordinal(n: int) -> str:
    """``n`` with its English ordinal suffix: 1st, 2nd, 3rd, 4th, 11th, 21st."""
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}{_SUFFIXES.get(n % 10, 'th')}"


def format_number(value: float) -> str:
    """A number as a reader writes it: no trailing ".0", thousands separators from 10,000 up."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Separators only from five digits, so years ("2028") are not printed as "2,028".
    return f"{value:,}" if abs(value) >= 10_000 else str(value)


def _is_number_word(word: str) -> bool:
    return (
        word in _UNITS
        or word in _TEENS
        or word in _TENS
        or word in _SCALES
        or word == "hundred"
        or word in _ORDINAL_UNITS
        or word in _ORDINAL_TEENS
        or word in _ORDINAL_TENS
        or word in _ORDINAL_SCALES
    )


def _parse_words(tokens: list[str], i: int) -> tuple[int, int, bool] | None:
    """The number spelt by ``tokens`` from ``i``: (value, tokens used, is ordinal), or None.

    A small state machine rather than a running sum, so that "two three" or "twenty thirty"
    stop after the first word instead of adding up to a number nobody wrote.
    """
    total = current = 0
    last = None  # kind of the previous token: unit, teen, tens, hundred, scale, and
    last_scale = None
    j = i
    n = len(tokens)
    while j < n:
        tok = tokens[j]
        nxt = tokens[j + 1] if j + 1 < n else ""
        if tok == "a" and j == i and (nxt == "hundred" or nxt in _SCALES):
            current, last = 1, "unit"
        elif tok in _UNITS and last in (None, "tens", "hundred", "scale", "and"):
            if last == "tens" and _UNITS[tok] == 0:
                break
            current += _UNITS[tok]
            last = "unit"
        elif tok in _TEENS and last in (None, "hundred", "scale", "and"):
            current += _TEENS[tok]
            last = "teen"
        elif tok in _TENS and last in (None, "hundred", "scale", "and"):
            current += _TENS[tok]
            last = "tens"
        elif tok == "hundred" and last in ("unit", "teen", "tens") and 0 < current < 100:
            current *= 100
            last = "hundred"
        elif tok in _SCALES and last in ("unit", "teen", "tens", "hundred") and current:
            scale = _SCALES[tok]
            if last_scale is not None and scale >= last_scale:
                break
            total += current * scale
            current, last, last_scale = 0, "scale", scale
        elif tok == "and" and last in ("hundred", "scale") and _is_number_word(nxt) and nxt not in _AFTER_AND_NOT:
            last = "and"
        elif tok in _ORDINAL_UNITS and last in (None, "tens", "hundred", "scale", "and"):
            return total + current + _ORDINAL_UNITS[tok], j + 1 - i, True
        elif tok in _ORDINAL_TEENS_TENS and last in (None, "hundred", "scale", "and"):
            return total + current + _ORDINAL_TEENS_TENS[tok], j + 1 - i, True
        elif tok == "hundredth" and last in ("unit", "teen", "tens") and 0 < current < 100:
            return total + current * 100, j + 1 - i, True
        elif tok in _ORDINAL_SCALES and tok != "hundredth" and last in ("unit", "teen", "tens", "hundred"):
            return total + current * _ORDINAL_SCALES[tok], j + 1 - i, True
        elif tok in _ORDINAL_SCALES and last is None:
            # "hundredth" or "millionth" alone reads as one hundredth, one millionth.
            return _ORDINAL_SCALES[tok], 1, True
        else:
            break
        j += 1
    if last == "and":  # "and" followed by a word that did not fit: leave it to the caller
        j -= 1
    if j == i:
        return None
    return total + current, j - i, False


def _prepare(text: str) -> str:
    """NFKC, casefold, one kind of quote and dash, no thousands separators."""
    text = unicodedata.normalize("NFKC", text).replace("\0", "").casefold().translate(_QUOTES).translate(_MINUS)
    return _THOUSANDS.sub("", text)


def parse_number(text: str) -> float | None:
    """The number a player typed, in digits or English words, ignoring a unit after it; None if none."""
    text = _prepare(text).strip()
    match = _LEADING_NUMBER.match(text)
    if match:
        sign, digits, rest = match.groups()
        value = float(digits)  # thousands separators are gone already
        words = rest.replace("-", " ").split()
        if words and words[0] in _SCALES:
            value *= _SCALES[words[0]]
            words = words[1:]
    else:
        sign = None
        words = _WORD_BREAKS.sub(" ", text).split()
        if words and words[0] in ("minus", "negative"):
            sign, words = "-", words[1:]
        parsed = _parse_words(words, 0)
        if parsed is None:
            return None
        value = float(parsed[0])
        words = words[parsed[1] :]
        rest = " ".join(words)
    # Whatever follows the number is a unit ("Republicans", "%"); a second number means the
    # player hedged ("12 or 13", "63-65"), and a hedge is not an answer.
    if any(ch.isdigit() for ch in rest) or any(_is_number_word(w.strip(".,;:!?")) for w in words):
        return None
    return -value if sign == "-" else value


def _keep(ch: str) -> bool:
    return ch.isalnum() or ch.isspace() or unicodedata.category(ch).startswith("M")


def _numbers_to_digits(tokens: list[str]) -> list[str]:
    """Replace number words and digits-with-scale by digits, ordinals by "4th" forms."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        ordinal_match = _DIGIT_ORDINAL.match(tok)
        if ordinal_match:
            out.append(ordinal(int(ordinal_match.group(1))))
            i += 1
        elif _DECIMAL.match(tok):
            if nxt in _SCALES:
                out.append(format_number(float(tok) * _SCALES[nxt]).replace(",", ""))
                i += 2
            else:
                out.append(tok)
                i += 1
        elif (parsed := _parse_words(tokens, i)) is not None:
            value, used, is_ordinal = parsed
            out.append(ordinal(value) if is_ordinal else str(value))
            i += used
        else:
            out.append(tok)
            i += 1
    return out


def normalize_answer(text: str) -> str:
    """A typed answer folded so that equal answers compare equal: case, punctuation, articles, numbers."""
    text = _prepare(text)
    # Apostrophes vanish so "California's" and "Californias" agree; a decimal point between
    # digits survives so "3.5" is not read as "35"; other punctuation separates words.
    text = text.replace("'", "")
    text = _DECIMAL_POINT.sub("\0", text)
    text = text.replace(".", "")
    text = "".join(ch if _keep(ch) or ch == "\0" else " " for ch in text).replace("\0", ".")
    tokens = _numbers_to_digits(text.split())
    return " ".join(tok for tok in tokens if tok not in _ARTICLES)


def number_tokens(normalized: str) -> list[str]:
    """The tokens of a normalised answer that carry digits, in order."""
    return [tok for tok in normalized.split() if any(ch.isdigit() for ch in tok)]
