"""Text matching that ignores what a reader would not see, with offsets back into the source."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_TRANSLATE = (
    {ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"}
    | {ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"}
    | {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
    | {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"}
)


@dataclass(frozen=True)
class Normalized:
    """A normalised string and, for each of its characters, the span it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised slice ``[start, end)``."""
        return self.starts[start], self.ends[end - 1]


def normalize(text: str) -> Normalized:
    """Fold Unicode forms, quote and dash variants and whitespace runs, keeping an offset map."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        chunk = text[i:j]
        if not chunk.isascii():
            chunk = unicodedata.normalize("NFKC", chunk).translate(_TRANSLATE)
        for ch in chunk:
            if ch.isspace():
                if out and out[-1] == " ":
                    ends[-1] = j
                    continue
                ch = " "
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return Normalized("".join(out), tuple(starts), tuple(ends))


def fold(text: str) -> str:
    """The normalised form of a short string (a quote, prefix or suffix), trimmed."""
    if text.isascii():  # nothing to fold but white space; the same result as below, much faster
        return " ".join(text.split())
    return normalize(text).text.strip()


_SENTENCE_END = re.compile(r"\S")


@lru_cache(maxsize=64)
def _segmenter(language: str):
    import pysbd

    try:
        return pysbd.Segmenter(language=language, clean=False)
    except ValueError:
        return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str, language: str = "en") -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``, never crossing a blank-line paragraph break."""
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(text):
        para = text[p_start:p_end]
        cursor = 0
        for sentence in _segmenter(language).segment(para):
            piece = sentence.strip()
            if not piece:
                continue
            found = para.find(piece, cursor)
            if found < 0:  # the segmenter altered the text; fall back to the rest of it
                found = cursor
                piece = para[cursor:].strip()
            spans.append((p_start + found, p_start + found + len(piece)))
            cursor = found + len(piece)
            if cursor >= len(para):
                break
        if cursor < len(para) and para[cursor:].strip():
            rest = para[cursor:]
            lead = len(rest) - len(rest.lstrip())
            spans.append((p_start + cursor + lead, p_start + len(para.rstrip())))
    return spans


_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the blank-line-separated paragraphs of ``text``, trimmed of outer white space."""
    spans = []
    start = 0
    for match in _BLANK_LINE.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if chunk.strip():
            out.append((s + lead, e - trail))
    return out
