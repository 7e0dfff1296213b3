"""Drafts in the browser: the drafting pipeline's questions for one article of a library bank, kept or set aside.

Drafts a teacher added or set aside are remembered per bank and article (by the draft's own
key), so the list does not offer them again. Drafting an article takes well under a second
(tests/bench/bench_authoring.py), so it runs in the request: no job queue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..content.articles import Article
from ..content.edit import add_questions, problems_by_question
from ..content.loader import load_bank_texts
from ..content.model import Bank, Question
from ..content.problems import ERROR, Problem
from ..database import write_transaction
from ..drafts.model import Draft
from ..drafts.pipeline import draft_read_article
from ..drafts.writer import draft_key, emit, question_record
from ..extensions import db
from ..kinds import KINDS
from ..kinds.authoring import common_entries
from ..models import BankVersion, DraftDecision, LibraryBank
from .library import SaveResult, save

CARDS_MAX = 50  # drafts offered at once: the best-ranked that pass the checks

# The fields a card edits in place, with the short labels a page of many cards can afford.
EDITABLE = {
    "prompt": "Question",
    "claim": "Claim",
    "choices": "Options, one per line",
    "answer": "Answer",
    "answers": "Accepted answers, one per line",
    "items": "Items in order, one per line",
    "explain": "Explanation",
}


@dataclass
class Card:
    """One draft as the teacher sees it: the question, its record (as edited), and whether it is ticked."""

    key: str
    draft: Draft
    question: Question | None  # the draft as the loader reads it (None if it does not load)
    record: dict[str, Any]
    ticked: bool = False
    entries: tuple = ()  # (entry, shown value) of the fields this card edits

    @property
    def name(self) -> str:
        return f"c{self.key[:8]}"


@dataclass
class Added:
    """What adding ticked drafts gave: the save (when one was tried) and problems by card."""

    result: SaveResult | None = None
    problems: list[tuple[str, Problem]] = field(default_factory=list)  # (card key, problem)

    @property
    def saved(self) -> bool:
        return self.result is not None and self.result.saved


def decided(bank: LibraryBank, article_id: str) -> set[str]:
    """Keys of the drafts already added or set aside for this article."""
    query = select(DraftDecision.draft_key).where(
        DraftDecision.bank_id == bank.id, DraftDecision.article_id == article_id
    )
    return set(db.session.scalars(query))


def offered(bank: LibraryBank, parsed: Bank, article: Article) -> list[Draft]:
    """The drafts to offer: the pipeline's, less those already added or set aside."""
    taken = {q.id for q in parsed.questions}
    made = draft_read_article(article, tuple(parsed.articles), limit=CARDS_MAX, taken=taken)
    done = decided(bank, article.id)
    return [d for d in made if draft_key(d) not in done]


def article_file(article: Article) -> str:
    """The file name of a library article (its path is ``articles/NAME``)."""
    return article.path.removeprefix("articles/") or f"{article.id}.md"


def cards(version: BankVersion, drafts: list[Draft], form=None) -> list[Card]:
    """Cards for ``drafts``; with ``form`` (a submitted page), the ticks and edits it carries."""
    loaded = _loaded(version.articles, drafts)
    made = []
    ticked = set(form.getlist("keep")) if form is not None and hasattr(form, "getlist") else set()
    for d in drafts:
        key = draft_key(d)
        record = {k: v for k, v in question_record(d).items() if v not in (None, [], "")}
        record["sources"] = [{k: v for k, v in s.items() if v} for s in record["sources"]]
        card = Card(key, d, loaded.question(d.id) if loaded else None, record, key in ticked)
        entries = _entries(d.type)
        if form is not None:
            for entry in entries:
                typed = form.get(f"{card.name}-{entry.name}")
                if typed is not None:
                    value = entry.value(typed)
                    if value is None:
                        record.pop(entry.name, None)
                    else:
                        record[entry.name] = value
        card.entries = tuple((entry, entry.shown(record.get(entry.name))) for entry in entries)
        made.append(card)
    return made


def _entries(qtype: str) -> tuple:
    kind = KINDS[qtype]
    before, after = common_entries(kind)
    every = (*before, *kind.entries(), *after)
    return tuple(e for e in every if e.name in EDITABLE and e.widget != "pick")


def _loaded(articles: Mapping[str, str], drafts: list[Draft]) -> Bank | None:
    """The drafts read by the loader with the bank's articles, so that each card shows as students see it."""
    if not drafts:
        return None
    text, _starts = emit("Drafts", "articles", drafts)
    return load_bank_texts(text, articles).bank


def add(bank: LibraryBank, version: BankVersion, ticked: list[Card], teacher_id: int) -> Added:
    """The ticked drafts (as edited) added to the bank as ready questions: one new version, checked like any save."""
    records = []
    for card in ticked:
        record = {k: v for k, v in card.record.items() if k != "review"}
        record["status"] = "ready"
        records.append(record)
    text = add_questions(version.questions_yaml, records)
    checked = load_bank_texts(text, version.articles)
    if not checked.ok:
        ids = {c.record["id"]: c.key for c in ticked}
        found = problems_by_question(text, checked.problems, list(ids))
        problems = [(ids[qid], p) for qid, by_field in found.items() for ps in by_field.values() for p in ps]
        problems += [("", p) for p in checked.problems if p.severity == ERROR and not any(p is q for _k, q in problems)]
        return Added(None, [(key, p) for key, p in problems if p.severity == ERROR])
    result = save(bank, teacher_id, text, None, base=version.number, note=f"{len(records)} drafts added")
    if result.saved:
        remember(bank, ticked[0].draft.article, [c.key for c in ticked], "added", teacher_id)
    return Added(result)


def remember(bank: LibraryBank, article_id: str, keys: list[str], decision: str, teacher_id: int) -> None:
    """Record that these drafts were added or set aside, so they are not offered again."""
    for key in dict.fromkeys(keys):
        try:
            with write_transaction() as session:
                if session.get(DraftDecision, (bank.id, article_id, key)) is None:
                    session.add(
                        DraftDecision(
                            bank_id=bank.id,
                            article_id=article_id,
                            draft_key=key,
                            decision=decision,
                            teacher_id=teacher_id,
                        )
                    )
        except IntegrityError:  # a double submit recorded it first: the decision stands
            continue
