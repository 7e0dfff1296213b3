"""Questions from Moodle into a library bank: a GIFT or Moodle XML file's questions as drafts in a new version."""

from __future__ import annotations

from ..formats.imports import add_to_bank_text, draft_questions, read_file
from ..models import LibraryBank
from . import versions
from .library import latest_version, save, starter_yaml


def add_imported(bank: LibraryBank, author_id: int, data: bytes, filename: str):
    """A GIFT or Moodle XML file's questions added to the bank as drafts: a new version, checked like any save.

    Returns the save's result (None when nothing could be imported) and what was read; raises
    ``ImportError_`` (the file cannot be read) or ValueError (the bank's YAML cannot take them).
    """
    latest = latest_version(bank)
    parsed = versions.parsed(latest) if latest else None
    drafted = draft_questions(read_file(data, filename), parsed)
    if not drafted.questions:
        return None, drafted
    text = latest.questions_yaml if latest else starter_yaml(bank.title)
    updated = add_to_bank_text(text, drafted.questions)
    base = latest.number if latest else None
    return save(bank, author_id, updated, None, base=base, note=f"imported {filename}"), drafted
