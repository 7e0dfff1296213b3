"""What the drafter works with: tokens, sentences, answer candidates, quotes and drafts."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from ..content.articles import Article
from ..kinds import KINDS


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark; ``start``/``end`` are offsets into the article body."""

    text: str
    start: int
    end: int
    space: bool  # white space before it in the body

    @property
    def lower(self) -> str:
        return self.text.lower().replace("\u2019", "'")


@dataclass
class Sentence:
    """A sentence of the body and what kind of text it is."""

    index: int
    start: int
    end: int
    paragraph: int
    tokens: list[Token]
    kind: str = "prose"  # prose | quote | embedded | attribution | caption | question | duplicate | first-person
    note: str = ""  # e.g. who posted an embedded post
    repeats: int = 1  # how often its text occurs in the body


@dataclass(frozen=True)
class Candidate:
    """A span that can be the answer to a question, with its kind and normalised value."""

    kind: str  # number | year | date | ordinal | district | person | org | place
    text: str
    start: int
    end: int
    sentence: int
    first: int  # index of its first token in the sentence
    last: int  # index one past its last token
    value: Any = None
    unit: str = ""  # number: the noun counted ("republicans"); place: city | state | country | place
    sub: str = ""  # number: count | percent | money | multiplied; date: mdy | dmy | md | my


@dataclass(frozen=True)
class Quote:
    """Quoted speech: its text span and who said it (resolved), when the article says."""

    start: int
    end: int
    text: str
    sentence: int  # the sentence holding the attribution, or the first one of the quote
    speaker: str | None = None  # a person's full name
    speaker_span: tuple[int, int] | None = None  # where the article names (or pronouns) the speaker
    inferred: bool = False  # speaker carried over from the previous paragraph
    verb: str = "said"


@dataclass
class Person:
    """A person named in the article: full name, aliases and mention count."""

    name: str
    aliases: set[str] = field(default_factory=set)
    mentions: int = 0
    first: int = 0  # offset of the first mention


@dataclass
class Analysis:
    """An article read for drafting: sentences, candidates, people, quotes and its main person."""

    article: Article
    sentences: list[Sentence]
    candidates: list[Candidate]
    people: list[Person]
    quotes: list[Quote]
    main: Person | None = None
    main_gender: str | None = None  # "f" | "m"
    words: int = 0
    warnings: list[str] = field(default_factory=list)
    quote_spans: list[tuple[int, int]] = field(default_factory=list)  # every quotation, inside the marks
    memo: dict = field(default_factory=dict, repr=False)  # per-article results the rules share

    def capitals(self) -> set[str]:
        """Words written with a capital in the middle of some sentence (names, not first words)."""
        if "capitals" not in self.memo:
            from .entities import known_capitals

            self.memo["capitals"] = known_capitals(self.sentences)
        return self.memo["capitals"]

    def quoted(self, start: int, end: int) -> bool:
        """Whether ``start:end`` lies inside quotation marks."""
        return inside(self.quote_spans, start, end)

    def in_sentence(self, index: int) -> list[Candidate]:
        """The candidates of one sentence."""
        if "by_sentence" not in self.memo:
            by_sentence = self.memo["by_sentence"] = {}
            for c in self.candidates:
                by_sentence.setdefault(c.sentence, []).append(c)
        return self.memo["by_sentence"].get(index, [])

    def sentences_over(self, start: int, end: int) -> list[int]:
        """Indexes of the sentences that overlap ``start:end``."""
        if "starts" not in self.memo:
            self.memo["starts"] = [s.start for s in self.sentences]
        starts = self.memo["starts"]
        first = max(0, bisect.bisect_right(starts, start) - 1)
        stop = bisect.bisect_left(starts, end)
        return [k for k in range(first, stop) if self.sentences[k].end > start]

    def person(self, text: str) -> Person | None:
        """The person a name or alias refers to."""
        key = text.strip()
        return next((person for person in self.people if key == person.name or key in person.aliases), None)


@dataclass(frozen=True)
class Source:
    """An anchor as written to the bank, plus the body offsets it must resolve to."""

    article: str
    quote: str
    start: int
    end: int
    prefix: str | None = None
    suffix: str | None = None


@dataclass
class Draft:
    """One proposed question with the evidence the checks need."""

    id: str
    type: str
    rule: str
    fields: dict[str, Any]  # prompt or claim and the type's answer fields, in output order
    explain: str
    sources: list[Source]
    skill: str
    difficulty: str = "medium"
    tags: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    sentence: int = -1  # index of the source sentence in its article
    article: str = ""
    answer_spans: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, text) in the body
    kind: str = ""  # the answer's kind (number, person, ...)
    base: str = ""  # verdicts: the true claim a refuted one was made from
    rewrites: list[str] = field(default_factory=list)  # paraphrase rules a claim was written with
    view: str = ""  # which fact of the sentence is asked ("" the sentence, "who" an aside)
    new_value: str = ""  # refuted claims: the text swapped in
    query: str = ""  # the text retrieval is run on
    key_text: str = ""  # the words its id is made of, when not its prompt ("True or false: ..." -> the claim)
    score: float = 0.0
    checks: dict[str, bool | None] = field(default_factory=dict)
    check_notes: dict[str, str] = field(default_factory=dict)

    @property
    def judges_claim(self) -> bool:
        """A claim the player judges supported, refuted or not in the source (its kind says)."""
        return KINDS[self.type].asks_claim and "answer" in KINDS[self.type].keys

    @property
    def verdict(self) -> str | None:
        """A claim's verdict (supported, refuted, not-in-source; true-or-false as supported or refuted), else None."""
        if self.judges_claim:
            return str(self.fields["answer"])
        if isinstance(self.fields.get("answer"), bool):  # true or false
            return "supported" if self.fields["answer"] else "refuted"
        return None

    @property
    def phrase_answer(self) -> bool:
        """Its right answer is words of the source sentence (a name, a phrase, a number)."""
        return KINDS[self.type].answer_is_phrase

    @property
    def passed(self) -> bool:
        """True when no applicable check failed."""
        return all(v is not False for v in self.checks.values())

    @property
    def text(self) -> str:
        """The prompt or claim."""
        return str(self.fields.get("prompt") or self.fields.get("claim") or "")


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` lies within one of ``spans`` (sorted, not overlapping)."""
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= start and end <= spans[k][1]
