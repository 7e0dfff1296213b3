"""verdict: judge a claim against the source: supported, refuted or not in the source."""

from __future__ import annotations

from typing import Any

from ..content.model import VERDICT_LABELS, VERDICTS
from ..content.problems import did_you_mean
from ..scoring.marks import Score
from .base import Entry, Kind, Presented, ResponseError
from .exchange import Options

VERDICT_PROMPT = "Is this claim supported by the source, refuted by it, or not in the source?"
CLAIM_SCHEMA = {
    "type": ["string", "number"],
    "description": "The claim the player judges against the source.",
    "markdownDescription": "The claim the player judges against the source (shown instead of, or under, the prompt).",
    "pattern": "\\S",
}
# FEVER's labels (Thorne et al., 2018) for our verdicts.
FEVER_LABELS = {"supported": "SUPPORTS", "refuted": "REFUTES", "not-in-source": "NOT ENOUGH INFO"}


class Verdict(Kind):
    name = "verdict"
    keys = ("claim", "answer")
    summary = "Judge a claim against the source: supported, refuted or not in the source."
    fields_help = "`claim`, `answer`: supported / refuted / not-in-source"
    asks_claim = True
    default_prompt = VERDICT_PROMPT
    field = "choice"
    single_option = True

    def load(self, f, articles, sources):
        answer = f.text("answer", required=True)
        if answer is not None and answer not in VERDICTS:
            f.report.error(
                f.pos("answer"),
                f'a verdict\'s answer is supported, refuted or not-in-source, not "{answer}"'
                f"{did_you_mean(answer, VERDICTS)}",
            )
        return {"answer": answer}

    def schema(self):
        return {
            "claim": CLAIM_SCHEMA,
            "answer": {
                "enum": list(VERDICTS),
                "description": "supported, refuted or not-in-source.",
                "markdownDescription": "What the source says about the claim:\n\n"
                "- `supported`: the source says it\n"
                "- `refuted`: the source says otherwise\n"
                "- `not-in-source`: the source does not say (a real answer, not a trick).",
                "enumDescriptions": ["The source says it.", "The source says otherwise.", "The source does not say."],
            },
        }

    def snippet(self):
        return {"claim": "", "answer": "not-in-source"}

    def entries(self):
        picks = tuple((v, VERDICT_LABELS[v]) for v in VERDICTS)
        return (Entry("answer", "What the source says about the claim", "pick", picks=picks),)

    def present(self, bank, seed, question):
        return Presented(question, tuple((v, VERDICT_LABELS[v]) for v in VERDICTS))

    def parse(self, shown, values):
        value = values.get("choice")
        if value not in VERDICTS:
            raise ResponseError("Choose one of the three verdicts.")
        return value

    def score(self, question, response: Any) -> Score:
        """All or nothing over supported / refuted / not-in-source."""
        if not isinstance(response, str) or response not in VERDICTS:
            raise ValueError(f"question {question.id}: a verdict is one of {', '.join(VERDICTS)}, not {response!r}")
        return Score.of(response == question.answer)

    def answer_text(self, question, articles=None):
        return VERDICT_LABELS[question.answer]

    def response_text(self, question, response, bank):
        return VERDICT_LABELS[response]

    def all_responses(self, question):
        return list(VERDICTS)

    def claim_kind(self, question):
        return {"supported": "true", "refuted": "false"}.get(question.answer, "not-in-source")

    def exchange(self, question, bank):
        labels = tuple(VERDICT_LABELS[v] for v in VERDICTS)
        return Options(labels, tuple(float(v == question.answer) for v in VERDICTS), shuffle=False)

    def from_exchange(self, shape, question, bank):
        by_label = {label.casefold(): v for v, label in VERDICT_LABELS.items()}
        if not isinstance(shape, Options) or shape.multiple or len(shape.right) != 1:
            return None
        if sorted(o.casefold() for o in shape.options) != sorted(by_label):
            return None
        return {"claim": question.get("claim") or question.get("prompt"), "answer": by_label[shape.right[0].casefold()]}

    def claim_review(self, question, bank):
        return {"verdict": question.answer, "label": VERDICT_LABELS[question.answer]}

    def fever(self, question, bank):
        evidence = [] if question.answer == "not-in-source" else sentence_evidence(question, bank)
        return {"label": FEVER_LABELS[question.answer], "evidence": evidence}


def sentence_evidence(question, bank) -> list[list]:
    """FEVER evidence: one evidence set, [article id, sentence index] for each sentence the sources quote."""
    found = []
    for anchor in question.sources:
        article = bank.articles[anchor.article]
        for i, (s, e) in enumerate(article.sentences):
            if s < anchor.end and anchor.start < e and [anchor.article, i] not in found:
                found.append([anchor.article, i])
    return [found] if found else []


KIND = Verdict()
