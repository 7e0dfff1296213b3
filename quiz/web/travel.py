"""Banks that travel: downloads for Moodle, QTI LMSs and fact-checkers, imports from Moodle, and print."""

from __future__ import annotations

import unicodedata

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required

from ..content import Bank
from ..formats import FORMATS, export
from ..formats.common import citation, passages
from ..formats.reading import ImportError_
from ..kinds import answer_text, kind_of, letter, present
from ..services import imports
from ..services.library import LibraryError
from .bank import sample
from .library import _say_saved, _version_arg, me, own_or_404, readable_or_404, version_or_404
from .library_forms import QuestionsFileForm
from .library_io import _upload_bytes

bp = Blueprint("travel", __name__, url_prefix="/library")
PRINT_SEED = 7  # a worksheet and its answer key shuffle the options the same way
UNSAVED_DRAFT = (
    "You have unsaved changes in the YAML editor: save or discard them there first, so that nothing you typed is lost."
)
SKIPPED_SHOWN = 10


@bp.before_request
@login_required
def _teachers_only():
    """Exports, imports and answer keys are for signed-in teachers."""


def _library_bank(bank_id: int):
    """(page title, parsed bank, url values) of a library bank's version ``?v=`` (default: the latest)."""
    bank, _owner = readable_or_404(bank_id)
    version, parsed = version_or_404(bank, _version_arg(request.args))
    return f"{bank.title}, version {version.number}", parsed, {"bank_id": bank.id, "v": version.number}


def _stem(title: str) -> str:
    """An ASCII file name's stem from a page title ("Milano, version 3" -> "Milano-version-3"; "Δ" -> "")."""
    plain = unicodedata.normalize("NFKD", title.replace("(the sample)", "")).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())[:60]


def _sample_bank():
    played = sample()
    return f"{played.bank.title} (the sample)", played.bank, {}


def _formats_page(title: str, bank: Bank, values: dict, endpoint: str):
    stem = _stem(title) or "questions"
    made = [(fmt, description, export(bank, fmt, stem)) for fmt, (description, _writer) in FORMATS.items()]
    return render_template("travel/formats.html", title=title, bank=bank, made=made, values=values, endpoint=endpoint)


def _download(title: str, bank: Bank, fmt: str):
    if fmt not in FORMATS:
        abort(404)
    exported = export(bank, fmt, (_stem(title) or "questions"))
    headers = {
        "Content-Type": exported.media_type,
        "Content-Disposition": f'attachment; filename="{exported.filename}"',
    }
    return exported.data, 200, headers


@bp.get("/<id:bank_id>/formats")
def formats(bank_id: int):
    """Every format this bank can be downloaded in, and what each cannot hold, question by question."""
    title, parsed, values = _library_bank(bank_id)
    return _formats_page(title, parsed, values, "travel.download")


@bp.get("/<id:bank_id>/formats/<fmt>")
def download(bank_id: int, fmt: str):
    title, parsed, _values = _library_bank(bank_id)
    return _download(title, parsed, fmt)


@bp.get("/sample/formats")
def sample_formats():
    title, bank, values = _sample_bank()
    return _formats_page(title, bank, values, "travel.sample_download")


@bp.get("/sample/formats/<fmt>")
def sample_download(fmt: str):
    title, bank, _values = _sample_bank()
    return _download(title, bank, fmt)


@bp.post("/<id:bank_id>/import-questions")
def import_questions(bank_id: int):
    """A GIFT or Moodle XML file's questions added to the bank as drafts: a new version, checked like any save."""
    bank = own_or_404(bank_id)
    form = QuestionsFileForm(prefix="questions")
    back = redirect(url_for("library.show", bank_id=bank.id) + "#import", code=303)
    if bank.draft_text is not None:  # a new version would set the editor's unsaved text aside
        flash(UNSAVED_DRAFT, "warning")
        return back
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "warning")
        return back
    storage = form.file.data
    name = storage.filename or "upload"
    data = _upload_bytes(storage)
    if len(data) > int(current_app.config["QUIZ_UPLOAD_MAX_BYTES"]):
        flash("That file is larger than this server takes. Nothing was added.", "warning")
        return back
    try:
        result, drafted = imports.add_imported(bank, me(), data, name)
    except (ImportError_, ValueError, LibraryError) as exc:
        flash(f"{name}: {exc}. Nothing was added.", "warning")
        return back
    for line in drafted.skipped[:SKIPPED_SHOWN]:
        flash(f"{name}: not imported: {line}", "warning")
    if len(drafted.skipped) > SKIPPED_SHOWN:
        flash(f"{name}: {len(drafted.skipped) - SKIPPED_SHOWN} more questions were not imported.", "warning")
    if result is None:
        flash(f"{name}: no question could be imported. Nothing was added.", "warning")
        return back
    _say_saved(result, bank)
    if result.saved:
        flash(
            f"{len(drafted.questions)} questions from {name} are drafts: anchor each one's source, "
            "then set status: ready.",
            "info",
        )
    return back


# -- print ------------------------------------------------------------------------------------


def _sheet(bank: Bank, quiz_id: str):
    quiz = bank.quiz(quiz_id) or abort(404)
    questions = [bank.question(qid) for qid in quiz.question_ids if bank.question(qid) is not None]
    return quiz, [(n, q, present(bank, PRINT_SEED, q)) for n, q in enumerate(questions, 1)]


def right_on_sheet(bank: Bank, shown) -> tuple[str, str]:
    """The right answer as the worksheet shows it: its letters (if it has options) and its words."""
    question = shown.question
    kind = kind_of(question)
    right = kind.right_positions(shown)
    letters = kind.right_letters(shown) or ", ".join(letter(i) for i in right)
    if right and not kind.states_answer:  # evidence: the right sentence itself
        return letters, " / ".join(f"“{shown.options[i][1]}”" for i in right)
    return letters, answer_text(question, bank.articles)


def _print(title: str, bank: Bank, values: dict, quiz_id: str, key: bool, sample_bank: bool = False):
    quiz, numbered = _sheet(bank, quiz_id)
    # A source question's cited article is its answer: list every article it offers, not only that one.
    cited = list(
        dict.fromkeys(
            a for _n, q, _s in numbered for a in (*(q.choices if kind_of(q).reads_articles else ()), *q.articles)
        )
    )
    return render_template(
        "travel/key.html" if key else "travel/worksheet.html",
        title=title,
        bank=bank,
        quiz=quiz,
        numbered=numbered,
        answers={n: right_on_sheet(bank, shown) for n, _q, shown in numbered} if key else {},
        quoted={n: [(text, citation(a)) for text, a in passages(q, bank)] for n, q, _s in numbered},
        articles=[bank.articles[a] for a in cited],
        with_articles=request.args.get("articles") == "1",
        values=values,
        key=key,
        sheet_endpoint="travel.sample_worksheet" if sample_bank else "travel.worksheet",
        key_endpoint="travel.sample_answer_key" if sample_bank else "travel.answer_key",
    )


@bp.get("/<id:bank_id>/print/<quiz_id>")
def worksheet(bank_id: int, quiz_id: str):
    """A quiz on paper: questions without answers, and the articles or references to them."""
    title, parsed, values = _library_bank(bank_id)
    return _print(title, parsed, values, quiz_id, False)


@bp.get("/<id:bank_id>/print/<quiz_id>/key")
def answer_key(bank_id: int, quiz_id: str):
    """The worksheet's answer key: right answers, explanations, passages with their citations."""
    title, parsed, values = _library_bank(bank_id)
    return _print(title, parsed, values, quiz_id, True)


@bp.get("/sample/print/<quiz_id>")
def sample_worksheet(quiz_id: str):
    title, bank, values = _sample_bank()
    return _print(title, bank, values, quiz_id, False, sample_bank=True)


@bp.get("/sample/print/<quiz_id>/key")
def sample_answer_key(quiz_id: str):
    title, bank, values = _sample_bank()
    return _print(title, bank, values, quiz_id, True, sample_bank=True)
