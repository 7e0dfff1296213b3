"""A light clause reader: fronted phrase, subject, finite verb, clause boundaries and base verb forms."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from .lexicon import (
    ADVERBS,
    AUXILIARIES,
    DETERMINERS,
    IRREGULAR_PAST,
    NOT_PAST,
    PREPOSITIONS,
    PRESENT_VERBS,
    PRONOUNS,
    STOPWORDS,
)
from .model import Analysis, Sentence, Token
from .targets import article_doc
from .wordlists import table

FRONT: set[str] = set(table("lexicon.yaml")["front"])  # first words of a fronted phrase: "In 2019, ..."
_JOINERS = {"and", "but", "while", "whereas", "although", "though", "yet"}
_OPENERS = {*PRONOUNS, *DETERMINERS, "about", "some", "only"}  # first words of a new clause after ", and"


@dataclass(frozen=True)
class Clause:
    """A simple clause: optional fronted phrase, subject, adverbs, finite verb."""

    front: tuple[int, int] | None
    subj: tuple[int, int]
    adv: tuple[int, int]
    verb: int
    kind: str  # aux | past | present


def verb_kind(tok: Token) -> str | None:
    """``aux``, ``past`` or ``present`` when ``tok`` looks like a finite verb."""
    low = tok.lower
    if not tok.text[:1].islower():
        return None
    if low in AUXILIARIES:
        return "aux"
    if low in IRREGULAR_PAST or (low.endswith("ed") and len(low) > 3 and low not in NOT_PAST):
        return "past"
    return "present" if low in PRESENT_VERBS else None


def _adverb(tok: Token) -> bool:
    return tok.text.islower() and (tok.lower in ADVERBS or (tok.lower.endswith("ly") and len(tok.lower) > 4))


def clause(s: Sentence) -> Clause | None:
    """The sentence's opening clause when it is simple enough to turn into a question."""
    toks = s.tokens
    i, front = 0, None
    if toks and toks[0].lower in FRONT:
        if (comma := next((k for k in range(min(len(toks), 14)) if toks[k].text == ","), None)) is None:
            return None
        front, i = (0, comma + 1), comma + 1
    for j in range(i, min(len(toks), i + 9)):
        tok = toks[j]
        if not tok.text[0].isalnum() and tok.text != "-":
            return None
        adverbs = j > i and _adverb(tok)  # "She also said": the verb comes after the adverbs
        k = next((m for m in range(j, len(toks)) if not _adverb(toks[m])), len(toks)) if adverbs else j
        kind = verb_kind(toks[k]) if k < len(toks) else None
        if adverbs or (kind and j > i):
            return Clause(front, (i, j), (j, k), k, kind) if kind and _subject_ok(toks[i:j]) else None
    return None


def main_clause(analysis: Analysis, s: Sentence) -> Clause | None:
    """The opening clause when the parser agrees that its verb is the main verb ("Photos released ... showed")."""
    if (cl := clause(s)) is None:
        return None
    tok = s.tokens[cl.verb]
    if (span := article_doc(analysis).char_span(tok.start, tok.end, alignment_mode="expand")) is None:
        return None
    word = span.root
    verb = word.head if word.dep_ in ("aux", "auxpass") else word  # an auxiliary ("was released") helps the verb
    return cl if verb.dep_ == "ROOT" else None


def _subject_ok(toks: list[Token]) -> bool:
    last = toks[-1]
    if last.lower in DETERMINERS or last.lower in PREPOSITIONS:
        return False
    return last.lower in PRONOUNS or last.text[0].isupper() or last.text[0].isdigit() or last.lower not in STOPWORDS


def base_form(word: str) -> str:
    """The base form of a past or present verb ("considered" -> "consider", "says" -> "say"), by lemminflect."""
    from lemminflect import getLemma  # imported on first use, as the parser is

    return (getLemma(word.lower(), upos="VERB") or (word.lower(),))[0]


def segment(analysis: Analysis, s: Sentence, at: int) -> tuple[int, int]:
    """Token range of the clause holding token ``at``: clauses split at ", and she said ..." or ";"."""
    toks = s.tokens
    cuts = [-1]
    for k in range(1, len(toks) - 2):
        if analysis.quoted(toks[k].start, toks[k].end):
            continue
        opener = toks[k + 2]
        opens = opener.text[:1].isupper() or opener.text[:1].isdigit() or opener.lower in _OPENERS
        joined = toks[k].text == "," and toks[k + 1].lower in _JOINERS and opens
        if (toks[k].text == ";" or joined) and any(verb_kind(t) for t in toks[k + 2 : k + 9]):
            cuts.append(k)
    cuts.append(len(toks) - 1)
    for a, b in pairwise(cuts):
        if a < at <= b:
            return (0 if a < 0 else a + (1 if toks[a].text == ";" else 2)), b  # skip ";" or ", and"
    return 0, len(toks) - 1
