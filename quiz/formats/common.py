"""What every export shares: the feedback (explanation and cited passages) and the report of losses."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from ..content.model import Bank, Question
from ..kinds import kind_of
from ..kinds.exchange import Numeric, Shape, Typed


@dataclass
class Exported:
    """A bank in another format, and per question what the format could not express."""

    data: bytes
    filename: str
    media_type: str
    count: int  # questions written (each once)
    notes: dict[str, list[str]] = field(default_factory=dict)  # question id -> what was not kept
    left_out: dict[str, str] = field(default_factory=dict)  # question id -> why it is not in the file
    entries: int = 0  # question entries in the file: a question in several quizzes is in each quiz's category

    def wrote(self, question: Question) -> None:
        """Count one entry of ``question`` (the first of its entries counts it as written)."""
        self.entries += 1
        self._written.add(question.id)
        self.count = len(self._written)

    def __post_init__(self) -> None:
        self._written: set[str] = set()

    def summary(self) -> str:
        """How many questions the file holds, in words."""
        text = f"{self.count} question{'s' * (self.count != 1)}"
        if self.entries > self.count:
            text += f" ({self.entries} entries: a question in several quizzes is in each quiz's category)"
        return text

    def note(self, question: Question, text: str) -> None:
        said = self.notes.setdefault(question.id, [])
        if text not in said:  # a question in two quizzes is written twice, reported once
            said.append(text)

    def report(self) -> list[str]:
        """One line per question with something lost or left out (empty: the file holds everything)."""
        lines = [f"{qid}: not exported: {why}" for qid, why in self.left_out.items()]
        lines += [f"{qid}: {'; '.join(texts)}" for qid, texts in self.notes.items()]
        return lines


def number(value: float) -> str:
    """A number as the file writes it: every digit kept (1234567, 0.1, 2.5e-07), never rounded to 6 figures."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)


def citation(article) -> str:
    """Title, outlet, author, date and link, with unknowns said plainly (as the feedback page does)."""
    text = f"{article.title} — {article.byline}"
    return f"{text}. {article.url}" if article.url else f"{text}."


def passages(question: Question, bank: Bank) -> list[tuple[str, object]]:
    """Each source passage's text (spaces tidied) and its article."""
    found = []
    for anchor in question.sources:
        article = bank.articles[anchor.article]
        found.append((" ".join(article.body[anchor.start : anchor.end].split()), article))
    return found


def feedback_text(question: Question, bank: Bank) -> str:
    """The explanation and the source passages with their citations, as plain text."""
    parts = [question.explain.strip()]
    for text, article in passages(question, bank):
        parts.append(f"Source: “{text}” ({citation(article)})")
    return "\n\n".join(parts)


def feedback_html(question: Question, bank: Bank) -> str:
    """The explanation and the source passages with their citations, as HTML for an LMS."""
    html = [f"<p>{escape(question.explain.strip())}</p>"]
    for text, article in passages(question, bank):
        cite = escape(f"{article.title} — {article.byline}")
        link = f' <a href="{escape(article.url)}">{escape(article.url)}</a>' if article.url else ""
        html.append(f"<blockquote><p>“{escape(text)}”</p></blockquote><p>Source: <cite>{cite}</cite>.{link}</p>")
    return "".join(html)


def question_html(question: Question) -> str:
    """The question as the player reads it: the claim (for claim kinds), then the prompt."""
    html = ""
    if question.claim:
        html += f"<p><strong>Claim:</strong> {escape(question.claim)}</p>"
    return html + f"<p>{escape(question.prompt)}</p>"


def question_plain(question: Question) -> str:
    return (f"Claim: {question.claim}\n\n" if question.claim else "") + question.prompt


def common_notes(question: Question, shape: Shape, exported: Exported, *, points: bool, units: bool) -> None:
    """Losses every LMS format shares; ``points``/``units``: whether this format keeps them."""
    if question.time:
        exported.note(question, f"its own time limit ({question.time} s) is not kept: LMS quizzes time the whole quiz")
    if not points and question.points != 1:
        exported.note(question, f"its {question.points} points are not kept (every question is worth the same)")
    if isinstance(shape, Typed):
        exported.note(
            question,
            "only the accepted forms are kept: the LMS compares the text as typed (ignoring case), "
            'not punctuation, articles or "4th"/"fourth" as this game does',
        )
        if shape.fuzzy:
            exported.note(question, f"the allowance of {shape.fuzzy} typo(s) is not kept")
    if isinstance(shape, Numeric):
        exported.note(question, 'numbers written in words ("sixty-three") are not accepted by the LMS')
        if shape.unit and not units:
            exported.note(question, f'the unit "{shape.unit}" is kept only in the question text')
    if kind_of(question).reads_articles:
        exported.note(question, "the articles are not in the LMS: their titles are the options")


def categories(bank: Bank, exported: Exported) -> list[tuple[str, tuple[Question, ...]]]:
    """The LMS categories: one per named quiz (its questions), then one per tag for questions in no quiz.

    Drafts are left out and reported: they are not ready for players.
    """
    for q in bank.questions:
        if q.status != "ready":
            exported.left_out[q.id] = "a draft (not ready for players)"
    ready = bank.ready
    top = bank.title.replace("/", "-")
    found: list[tuple[str, tuple[Question, ...]]] = []
    placed: set[str] = set()
    for quiz in bank.quizzes:
        held = tuple(q for q in ready if q.id in quiz.question_ids)
        if held:
            found.append((f"{top}/{quiz.title.replace('/', '-')}", held))
            placed.update(q.id for q in held)
    by_tag: dict[str, list[Question]] = {}
    for q in ready:
        if q.id not in placed:
            by_tag.setdefault(q.tags[0] if q.tags else "", []).append(q)
    for tag, held in by_tag.items():
        found.append((f"{top}/{tag.replace('/', '-')}" if tag else top, tuple(held)))
    return found
