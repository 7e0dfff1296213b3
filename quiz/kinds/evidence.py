"""evidence: pick the sentence of a passage that proves a claim."""

from __future__ import annotations

from typing import Any

from ..scoring.marks import Score
from .base import Kind, Presented, is_int, option_index
from .exchange import Options
from .verdict import CLAIM_SCHEMA, sentence_evidence

EVIDENCE_PROMPT = "Which sentence of the passage shows that this claim is true?"
PASSAGE_PARAGRAPHS = 3


def evidence_passage(bank, question) -> tuple[tuple[int, int], ...]:
    """Sentence spans shown for an evidence question: the fixed block of paragraphs holding the gold.

    Blocks are cut at fixed places (every PASSAGE_PARAGRAPHS paragraphs), so where the gold sits in
    the passage tells the player nothing.
    """
    anchor = question.sources[0]
    article = bank.articles[anchor.article]
    paragraphs = article.paragraphs
    first = article.paragraph_of(anchor.start) // PASSAGE_PARAGRAPHS * PASSAGE_PARAGRAPHS
    last = min(len(paragraphs) - 1, first + PASSAGE_PARAGRAPHS - 1)
    lo, hi = paragraphs[first][0], paragraphs[last][1]
    return tuple(s for s in article.sentences if s[0] >= lo and s[1] <= hi)


class Evidence(Kind):
    name = "evidence"
    keys = ("claim",)
    summary = "Click the sentence of the passage that proves the claim."
    fields_help = "`claim`; `sources` are the gold sentences"
    asks_claim = True
    default_prompt = EVIDENCE_PROMPT
    field = "choice"
    single_option = True
    states_answer = False  # the gold sentence is shown highlighted in its paragraph

    def load(self, f, articles, sources):
        if len({a.article for a in sources}) > 1:
            f.report.error(f.pos("sources"), "the gold sentences of an evidence question must all be in one article")
        return {}

    def schema(self):
        return {"claim": CLAIM_SCHEMA}

    def snippet(self):
        return {"claim": ""}

    def entries(self):
        return ()  # the passage chosen is the gold sentence

    def present(self, bank, seed, question):
        if not question.sources:  # a draft still waiting for its gold sentence: nothing to choose from yet
            return Presented(question)
        spans = evidence_passage(bank, question)
        body = bank.articles[question.sources[0].article].body
        return Presented(question, tuple((str(k), body[s:e]) for k, (s, e) in enumerate(spans)), passage=spans)

    def parse(self, shown, values):
        k = option_index(values.get("choice"), len(shown.options), "Choose the sentence that proves the claim.")
        return list(shown.passage[k])

    def score(self, question, response: Any) -> Score:
        """Right when the picked sentence span overlaps a gold sentence."""
        if not isinstance(response, (tuple, list)) or len(response) != 2 or not all(map(is_int, response)):
            raise ValueError(
                f"question {question.id}: an evidence answer is a (start, end) pair of offsets, not {response!r}"
            )
        start, end = response
        if not 0 <= start < end:
            raise ValueError(f"question {question.id}: the span ({start}, {end}) is empty or negative")
        return Score.of(any(start < a.end and a.start < end for a in question.sources))

    def answer_text(self, question, articles=None):
        return "the highlighted sentence"

    def response_text(self, question, response, bank):
        body = bank.articles[question.sources[0].article].body
        return "“" + body[response[0] : response[1]] + "”"

    def position(self, shown, response):
        return shown.passage.index(tuple(response))

    def exchange(self, question, bank):
        spans = evidence_passage(bank, question)
        body = bank.articles[question.sources[0].article].body
        credit = tuple(float(self.score(question, list(span)).correct) for span in spans)
        return Options(tuple(" ".join(body[s:e].split()) for s, e in spans), credit, shuffle=False)

    def from_exchange(self, shape, question, bank):
        if not isinstance(shape, Options) or shape.multiple or not question.get("claim"):
            return None
        return {"claim": question["claim"]}

    def fever(self, question, bank):
        return {"label": "SUPPORTS", "evidence": sentence_evidence(question, bank)}


KIND = Evidence()
