"""The library: teachers' banks, their immutable versions, drafts, sharing and practice links."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer

from ..content import Bank, Problem
from ..content.problems import ERROR
from ..database import write_transaction
from ..extensions import db
from ..models import Answer, Attempt, BankShare, BankVersion, ClassSession, LibraryBank, Teacher, utcnow
from . import versions

SYSTEM_FILE = "file"  # system_key of the bank that records QUIZ_BANK's versions
TITLE_MAX = 200


class LibraryError(Exception):
    """A library action that cannot be done; the message is for the teacher."""


@dataclass
class SaveResult:
    """The outcome of a save: a new version, or the problems / conflict that kept it a draft."""

    version: BankVersion | None = None
    problems: list[Problem] = field(default_factory=list)
    conflict: BankVersion | None = None  # the newer version the text was not based on
    unchanged: bool = False

    @property
    def saved(self) -> bool:
        """True when a new version was made."""
        return self.version is not None


def starter_yaml(title: str) -> str:
    """The text of a new, empty bank."""
    safe = title.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f'# yaml-language-server: $schema=questions.schema.json\ntitle: "{safe}"\narticles: articles\n\nquestions: []\n'
    )


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())[:TITLE_MAX]
    if not title:
        raise LibraryError("Give the bank a title.")
    return title


def _lean():
    """Version rows without their texts (lists of versions need only the numbers)."""
    return (defer(BankVersion.questions_yaml), defer(BankVersion.articles))


# Reading -----------------------------------------------------------------------------------------


def owned_bank(teacher_id: int, bank_id: int) -> LibraryBank | None:
    """The bank if this teacher owns it (and it is not deleted)."""
    bank = db.session.get(LibraryBank, bank_id)
    if bank is None or bank.deleted_at is not None or bank.owner_id != teacher_id:
        return None
    return bank


def readable_bank(teacher_id: int, bank_id: int) -> tuple[LibraryBank, bool] | None:
    """The bank and whether this teacher owns it, if they own it or it is shared with them."""
    bank = db.session.get(LibraryBank, bank_id)
    if bank is None or bank.deleted_at is not None or bank.system_key is not None:
        return None
    if bank.owner_id == teacher_id:
        return bank, True
    shared = db.session.get(BankShare, (bank.id, teacher_id))
    return (bank, False) if shared is not None else None


def latest_version(bank: LibraryBank) -> BankVersion | None:
    """The newest version of a bank (with its texts)."""
    if not bank.latest:
        return None
    return version_number(bank, bank.latest)


def version_number(bank: LibraryBank, number: int) -> BankVersion | None:
    """Version ``number`` of ``bank``, or None."""
    return db.session.scalar(select(BankVersion).where(BankVersion.bank_id == bank.id, BankVersion.number == number))


def version_by_id(version_id: int) -> BankVersion | None:
    """A version by its row id."""
    return db.session.get(BankVersion, version_id)


def version_list(bank: LibraryBank) -> list[BankVersion]:
    """Every version of a bank, newest first, without their texts."""
    query = select(BankVersion).options(*_lean()).where(BankVersion.bank_id == bank.id)
    return list(db.session.scalars(query.order_by(BankVersion.number.desc())))


@dataclass(frozen=True)
class Listed:
    """A bank as the library lists it."""

    bank: LibraryBank
    latest: BankVersion | None
    versions: int
    owner_email: str | None = None


def _listing(query) -> list[Listed]:
    rows = db.session.execute(query.order_by(LibraryBank.updated_at.desc())).all()
    ids = [row[0].id for row in rows]
    counts: dict[int, int] = {}
    latest: dict[int, BankVersion] = {}
    if ids:
        per_bank = select(BankVersion.bank_id, func.count()).where(BankVersion.bank_id.in_(ids))
        counts = {bank_id: n for bank_id, n in db.session.execute(per_bank.group_by(BankVersion.bank_id))}
        newest = (
            select(BankVersion)
            .options(*_lean())
            .join(LibraryBank, (LibraryBank.id == BankVersion.bank_id) & (LibraryBank.latest == BankVersion.number))
            .where(BankVersion.bank_id.in_(ids))
        )
        latest = {v.bank_id: v for v in db.session.scalars(newest)}
    return [
        Listed(row[0], latest.get(row[0].id), counts.get(row[0].id, 0), row[1] if len(row) > 1 else None)
        for row in rows
    ]


def teacher_banks(teacher_id: int) -> list[Listed]:
    """A teacher's own banks, most recently changed first."""
    query = select(LibraryBank).where(LibraryBank.owner_id == teacher_id, LibraryBank.deleted_at.is_(None))
    return _listing(query)


def shared_with(teacher_id: int) -> list[Listed]:
    """Banks other teachers shared with this one."""
    query = (
        select(LibraryBank, Teacher.email)
        .join(BankShare, BankShare.bank_id == LibraryBank.id)
        .join(Teacher, Teacher.id == LibraryBank.owner_id)
        .where(BankShare.teacher_id == teacher_id, LibraryBank.deleted_at.is_(None))
    )
    return _listing(query)


def practice_bank(token: str) -> LibraryBank | None:
    """The bank a practice link opens, if the link is on."""
    if not token or len(token) > 64:
        return None
    bank = db.session.scalar(select(LibraryBank).where(LibraryBank.practice_token == token))
    if bank is None or bank.deleted_at is not None or not bank.latest:
        return None
    return bank if secrets.compare_digest(bank.practice_token, token) else None


def question_stats(bank: LibraryBank) -> dict[str, tuple[int, int]]:
    """Answers and right answers per question id, over every version of the bank (ids carry statistics)."""
    query = (
        select(Answer.question_id, func.count(Answer.id), func.sum(func.cast(Answer.correct, db.Integer)))
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(BankVersion, BankVersion.id == Attempt.bank_version_id)
        .where(BankVersion.bank_id == bank.id)
        .group_by(Answer.question_id)
    )
    return {qid: (count, int(right or 0)) for qid, count, right in db.session.execute(query)}


def sessions_using(bank: LibraryBank) -> int:
    """How many class sessions play a version of this bank."""
    query = (
        select(func.count(ClassSession.id))
        .join(BankVersion, BankVersion.id == ClassSession.bank_version_id)
        .where(BankVersion.bank_id == bank.id)
    )
    return db.session.scalar(query) or 0


# Saving ------------------------------------------------------------------------------------------


def create_bank(
    teacher_id: int,
    title: str,
    questions_yaml: str | None = None,
    articles: Mapping[str, str] | None = None,
    note: str = "created",
) -> tuple[LibraryBank, SaveResult]:
    """A new bank owned by the teacher; its first version when the texts check clean (else kept as a draft)."""
    title = _clean_title(title)
    bank = LibraryBank(owner_id=teacher_id, title=title, latest=0)
    with write_transaction() as session:
        session.add(bank)
    result = save(bank, teacher_id, questions_yaml or starter_yaml(title), articles or {}, base=0, note=note)
    return bank, result


def save(
    bank: LibraryBank,
    author_id: int | None,
    questions_yaml: str,
    articles: Mapping[str, str] | None = None,
    *,
    base: int | None,
    note: str = "saved in the editor",
) -> SaveResult:
    """Check the texts; when clean (and based on the latest version) store them as the next version.

    ``articles`` None keeps the latest version's articles. ``base`` is the version number the
    teacher edited (None: do not check). A save with errors, or based on an older version, keeps
    the text as the bank's draft and makes no version.
    """
    questions_yaml = questions_yaml.replace("\r\n", "\n")
    previous = latest_version(bank)
    if articles is None:
        articles = dict(previous.articles) if previous else {}
    result = versions.check_texts(questions_yaml, articles)
    problems = list(result.problems)
    if base is not None and previous is not None and base != previous.number:
        _keep_draft(bank, questions_yaml, problems, base)
        return SaveResult(problems=problems, conflict=previous)
    if not result.ok or result.bank is None:
        _keep_draft(bank, questions_yaml, problems, previous.number if previous else 0)
        return SaveResult(problems=problems)
    content = versions.content_hash(questions_yaml, articles)
    if previous is not None and previous.content_hash == content:
        _clear_draft(bank)
        return SaveResult(version=None, problems=problems, unchanged=True)
    old_bank = versions.parsed(previous) if previous else None
    version = BankVersion(
        bank_id=bank.id,
        number=(previous.number if previous else 0) + 1,
        content_hash=content,
        questions_yaml=questions_yaml,
        articles=dict(articles),
        author_id=author_id,
        changes=versions.changes_between(old_bank, result.bank, previous.articles if previous else {}, articles),
        question_count=len(result.bank.questions),
        article_count=len(result.bank.articles),
        note=note[:300],
    )
    try:
        with write_transaction() as session:
            session.add(version)
            bank.latest = version.number
            bank.updated_at = utcnow()
            bank.draft_text = bank.draft_problems = bank.draft_base = bank.draft_at = None
    except IntegrityError:  # another save took this number between our read and our write
        db.session.refresh(bank)
        _keep_draft(bank, questions_yaml, problems, version.number - 1)
        return SaveResult(problems=problems, conflict=latest_version(bank))
    versions.remember(content, result.bank)
    return SaveResult(version=version, problems=problems)


def _keep_draft(bank: LibraryBank, text: str, problems: list[Problem], base: int) -> None:
    with write_transaction():
        bank.draft_text = text
        bank.draft_problems = [p.as_dict() for p in problems]
        bank.draft_base = base
        bank.draft_at = utcnow()


def _clear_draft(bank: LibraryBank) -> None:
    if bank.draft_text is not None:
        with write_transaction():
            bank.draft_text = bank.draft_problems = bank.draft_base = bank.draft_at = None


def discard_draft(bank: LibraryBank) -> None:
    """Drop the unsaved draft; the latest version stays as it was."""
    _clear_draft(bank)


def add_article(bank: LibraryBank, author_id: int, filename: str, text: str) -> SaveResult:
    """A new version with one more article file (or a replaced one), checked like any save."""
    previous = latest_version(bank)
    if previous is None:
        raise LibraryError("This bank has no version yet: save its questions first.")
    articles = dict(previous.articles)
    articles[filename] = text
    return save(bank, author_id, previous.questions_yaml, articles, base=previous.number, note="")


def remove_article(bank: LibraryBank, author_id: int, filename: str) -> SaveResult:
    """A new version without one article file (refused, like any save, while questions cite it)."""
    previous = latest_version(bank)
    if previous is None or filename not in previous.articles:
        raise LibraryError("No such article in this bank.")
    articles = {name: text for name, text in previous.articles.items() if name != filename}
    return save(bank, author_id, previous.questions_yaml, articles, base=previous.number, note="")


def problems_from_draft(bank: LibraryBank) -> list[Problem]:
    """The problems stored with the bank's draft."""
    return [
        Problem(p.get("file") or "", p.get("line") or 0, p.get("col") or 0, p.get("severity") or ERROR, p["message"])
        for p in (bank.draft_problems or [])
    ]


# Managing ----------------------------------------------------------------------------------------


def rename(bank: LibraryBank, title: str) -> None:
    """Change the bank's name in the library (the title players see is the YAML's `title`)."""
    title = _clean_title(title)
    with write_transaction():
        bank.title = title
        bank.updated_at = utcnow()


def copy_version(version: BankVersion, teacher_id: int, title: str) -> LibraryBank:
    """A new bank of the teacher's whose first version has the texts of ``version``."""
    bank, result = create_bank(
        teacher_id, title, version.questions_yaml, version.articles, note=f"copied from version {version.number}"
    )
    if not result.saved:  # a version checked clean when stored; the loader may have grown stricter since
        raise LibraryError("The copy does not check clean any more; it was kept as a draft of the new bank.")
    return bank


def copy_texts(teacher_id: int, title: str, questions_yaml: str, articles: Mapping[str, str], note: str):
    """A new bank from texts (an upload, the sample): its first version, or a draft with its problems."""
    return create_bank(teacher_id, title, questions_yaml, articles, note=note)


def import_for(email: str, questions_yaml: str, articles: Mapping[str, str], title: str | None, fallback: str):
    """A new bank in the library of the teacher with this e-mail address (IT's command-line import)."""
    teacher = db.session.scalar(select(Teacher).where(func.lower(Teacher.email) == email.strip().lower()))
    if teacher is None:
        raise LibraryError(f"no teacher has the e-mail address {email} (they register at /teacher/register)")
    parsed = versions.check_texts(questions_yaml, articles).bank
    name = title or (parsed.title if parsed else fallback)
    return create_bank(teacher.id, name, questions_yaml, articles, note="imported by the command line")


def delete_bank(bank: LibraryBank) -> int:
    """Take a bank out of the library; versions that sessions pin stay for their reports. Returns sessions kept."""
    pinned = select(ClassSession.bank_version_id).where(ClassSession.bank_version_id.is_not(None))
    kept = sessions_using(bank)
    with write_transaction() as session:
        session.execute(delete(BankVersion).where(BankVersion.bank_id == bank.id, BankVersion.id.not_in(pinned)))
        session.execute(delete(BankShare).where(BankShare.bank_id == bank.id))
        bank.deleted_at = utcnow()
        bank.practice_token = None
        bank.draft_text = bank.draft_problems = None
    return kept


def share(bank: LibraryBank, email: str) -> Teacher:
    """Share a bank read-only with the teacher who has this e-mail address."""
    email = (email or "").strip().lower()
    other = db.session.scalar(select(Teacher).where(func.lower(Teacher.email) == email)) if email else None
    if other is None:
        raise LibraryError("No teacher on this server has that e-mail address.")
    if other.id == bank.owner_id:
        raise LibraryError("That is you: the bank is already yours.")
    if db.session.get(BankShare, (bank.id, other.id)) is None:
        with write_transaction() as session:
            session.add(BankShare(bank_id=bank.id, teacher_id=other.id))
    return other


def unshare(bank: LibraryBank, teacher_id: int) -> None:
    """Stop sharing with one teacher."""
    with write_transaction() as session:
        session.execute(delete(BankShare).where(BankShare.bank_id == bank.id, BankShare.teacher_id == teacher_id))


def shares(bank: LibraryBank) -> list[Teacher]:
    """The teachers a bank is shared with."""
    query = select(Teacher).join(BankShare, BankShare.teacher_id == Teacher.id).where(BankShare.bank_id == bank.id)
    return list(db.session.scalars(query.order_by(Teacher.email)))


def set_practice(bank: LibraryBank, on: bool) -> None:
    """Turn the practice link on (a new unguessable token) or off (the old link dies)."""
    with write_transaction():
        bank.practice_token = secrets.token_urlsafe(24) if on else None


# The served file bank (QUIZ_BANK) ----------------------------------------------------------------


def record_file_version(questions_yaml: str, articles: Mapping[str, str], parsed: Bank) -> BankVersion:
    """Store the file bank's current texts as a version (once per distinct content) so sessions can pin it."""
    content = versions.content_hash(questions_yaml, articles)
    for _ in range(3):
        system = db.session.scalar(select(LibraryBank).where(LibraryBank.system_key == SYSTEM_FILE))
        if system is None:
            try:
                with write_transaction() as session:
                    system = LibraryBank(system_key=SYSTEM_FILE, title="The served bank file", latest=0)
                    session.add(system)
            except IntegrityError:  # another process made it first
                continue
        found = db.session.scalar(
            select(BankVersion)
            .options(*_lean())
            .where(BankVersion.bank_id == system.id, BankVersion.content_hash == content)
            .order_by(BankVersion.number.desc())
        )
        if found is not None:
            return found
        previous = latest_version(system)
        version = BankVersion(
            bank_id=system.id,
            number=system.latest + 1,
            content_hash=content,
            questions_yaml=questions_yaml,
            articles=dict(articles),
            changes=versions.changes_between(
                versions.parsed(previous) if previous else None, parsed, previous.articles if previous else {}, articles
            ),
            question_count=len(parsed.questions),
            article_count=len(parsed.articles),
            note="read from the bank file",
        )
        try:
            with write_transaction() as session:
                session.add(version)
                system.latest = version.number
                system.updated_at = utcnow()
        except IntegrityError:  # another process stored the same or a newer file version: look again
            db.session.rollback()
            continue
        versions.remember(content, parsed)
        return version
    raise LibraryError("Could not record the bank file's version; please try again.")


def system_bank_id() -> int | None:
    """Row id of the file bank's version history, if it was recorded."""
    return db.session.scalar(select(LibraryBank.id).where(LibraryBank.system_key == SYSTEM_FILE))
