"""The verdict and evidence questions for the fact-checking world: ClaimReview and FEVER.

ClaimReview (schema.org, JSON-LD) is how fact-checkers publish a rated claim; each verdict
question is one, rated in words ("Supported by the source", "Refuted by the source", "Not in the
source": no number, since "not in the source" is not a point between true and false), based on
the article it was checked against, with only the metadata the article really has. FEVER-style
JSONL (Thorne et al., 2018) is how researchers exchange claims with a label and evidence
sentences: one line per verdict or evidence question, evidence as [article id, sentence index].
"""

from __future__ import annotations

import json

from ..content.model import Bank
from ..kinds import kind_of
from .common import Exported, categories, passages


def news_article(article) -> dict:
    """schema.org NewsArticle with only what the article file states."""
    found: dict = {"@type": "NewsArticle", "identifier": article.id, "headline": article.title}
    if article.outlet:
        found["publisher"] = {"@type": "Organization", "name": article.outlet}
    if article.author:
        found["author"] = {"@type": "Person", "name": article.author}
    if article.published:
        found["datePublished"] = article.published
    if article.url:
        found["url"] = article.url
    return found


def _questions(bank: Bank, exported: Exported, wants) -> list:
    """Ready questions in the export's order, once each; the others are reported as left out."""
    chosen, seen = [], set()
    for _path, questions in categories(bank, exported):
        for question in questions:
            if question.id in seen:
                continue
            seen.add(question.id)
            record = wants(kind_of(question), question)
            if record is None:
                exported.left_out[question.id] = f"a {question.type} question: this format holds only judged claims"
            else:
                chosen.append((question, record))
    return chosen


def export_claimreview(bank: Bank, name: str) -> Exported:
    """Each verdict question as a ClaimReview, all in one JSON-LD document."""
    exported = Exported(b"", f"{name}.claimreview.jsonld", "application/ld+json", 0)
    reviews = []
    for question, rating in _questions(bank, exported, lambda kind, q: kind.claim_review(q, bank)):
        quoted = [f"“{text}”" for text, _article in passages(question, bank)]
        reviews.append(
            {
                "@type": "ClaimReview",
                "identifier": question.id,
                "claimReviewed": question.claim,
                "itemReviewed": {"@type": "Claim", "name": question.claim},
                "reviewRating": {"@type": "Rating", "alternateName": rating["label"]},
                "reviewBody": " ".join([question.explain.strip(), *quoted]),
                "isBasedOn": [news_article(bank.articles[a]) for a in question.articles],
            }
        )
    exported.count = len(reviews)
    document = {"@context": "https://schema.org", "@graph": reviews}
    exported.data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return exported


def export_fever(bank: Bank, name: str) -> Exported:
    """Each verdict and evidence question as one FEVER-style JSON line."""
    exported = Exported(b"", f"{name}.fever.jsonl", "application/jsonl", 0)
    lines = []
    for question, record in _questions(bank, exported, lambda kind, q: kind.fever(q, bank)):
        line = {"id": question.id, "claim": question.claim, **record}
        lines.append(json.dumps(line, ensure_ascii=False))
    exported.count = len(lines)
    exported.data = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    return exported
