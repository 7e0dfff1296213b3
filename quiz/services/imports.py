"""Questions from Moodle into a library bank: a GIFT or Moodle XML file's questions as drafts in a new version."""

from __future__ import annotations

from ..content.edit import add_questions, problems_by_question
from ..content.loader import load_bank_texts
from ..content.problems import ERROR
from ..formats.imports import draft_questions, read_file
from ..models import LibraryBank
from . import versions
from .library import LibraryError, latest_version, save, starter_yaml


def add_imported(bank: LibraryBank, author_id: int, data: bytes, filename: str):
    """A GIFT or Moodle XML file's questions added to the bank as drafts: a new version, checked like any save.

    A question that does not check (seven options, say) is left out and listed with its problem,
    so that one cannot keep out the rest. Returns the save's result (None when nothing could be
    imported) and what was read; raises ``ImportError_`` (the file cannot be read), ValueError
    (the bank's YAML cannot take them) or LibraryError (the latest version cannot be read).
    """
    latest = latest_version(bank)
    try:
        parsed = versions.parsed(latest) if latest else None
    except versions.VersionUnavailable as exc:
        raise LibraryError("the bank's latest version cannot be read; open it in the editor") from exc
    drafted = draft_questions(read_file(data, filename), parsed)
    text = latest.questions_yaml if latest else starter_yaml(bank.title)
    articles = latest.articles if latest else {}
    if drafted.questions:
        updated = add_questions(text, drafted.questions)
        found = problems_by_question(
            updated, load_bank_texts(updated, articles).problems, [q["id"] for q in drafted.questions]
        )
        failing = {
            qid for qid, by_field in found.items() if any(p.severity == ERROR for ps in by_field.values() for p in ps)
        }
        for question in [q for q in drafted.questions if q["id"] in failing]:
            first = next(p for ps in found[question["id"]].values() for p in ps if p.severity == ERROR)
            drafted.skipped.append(f"{question['id']}: {first.message}")
        drafted.questions = [q for q in drafted.questions if q["id"] not in failing]
    if not drafted.questions:
        return None, drafted
    updated = add_questions(text, drafted.questions)
    base = latest.number if latest else None
    return save(bank, author_id, updated, None, base=base, note=f"imported {filename}"), drafted
