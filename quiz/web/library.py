"""The library: a teacher's banks, the YAML editor, versions, previews, sharing and practice links."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..content.problems import ERROR
from ..kinds import ResponseError, answer_text, present, response_text, score
from ..models import LibraryBank
from ..services import library, versions
from ..services.library import LibraryError, SaveResult
from ..services.versions import VersionUnavailable
from .articles import article_index, article_page
from .bank import file_bank_problems, sample
from .classroom_forms import quiz_value
from .forms import CERTAINTY, ActionForm, answer_form, submitted_answer
from .library_forms import BankFileForm, ConfirmForm, EditForm, QuestionsFileForm, ShareForm, TitleForm
from .render import passages, scoped_links

bp = Blueprint("library", __name__, url_prefix="/library")
PREVIEW_SEED = 1  # previews shuffle the same way every time, so a teacher sees what they saw before


@bp.before_request
@login_required
def _teachers_only():
    """Every library page needs a signed-in teacher."""


def me() -> int:
    """The signed-in teacher's id."""
    return current_user.id


def own_or_404(bank_id: int) -> LibraryBank:
    """A bank of the signed-in teacher's, or 404 (another teacher's bank does not exist for them)."""
    return library.owned_bank(me(), bank_id) or abort(404)


def readable_or_404(bank_id: int) -> tuple[LibraryBank, bool]:
    """A bank the teacher owns or that is shared with them, and whether they own it."""
    return library.readable_bank(me(), bank_id) or abort(404)


def version_or_404(bank: LibraryBank, number: int | None = None):
    """Version ``number`` (default: the latest) of a bank, with its parsed questions."""
    version = library.version_number(bank, number) if number is not None else library.latest_version(bank)
    if version is None:
        abort(404)
    try:
        return version, versions.parsed(version)
    except VersionUnavailable:
        abort(404)


def _version_arg(values) -> int | None:
    """A version number given as ``v`` (None when absent); one that cannot be a version is a 404."""
    raw = values.get("v")
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 2**31 - 1:
        abort(404)
    return int(raw)


def links_for(bank: LibraryBank, number: int):
    """Article links into one version of a library bank."""
    return scoped_links("library.", bank_id=bank.id, number=number)


@bp.get("/questions.schema.json")
def schema():
    """The bank's JSON Schema, for the editor's completion."""
    from ..paths import schema_path

    return schema_path().read_bytes(), 200, {"Content-Type": "application/schema+json"}


@bp.get("/")
def index():
    problems = [p for p in file_bank_problems() if p.severity == ERROR]
    return render_template(
        "library/index.html",
        mine=library.teacher_banks(me()),
        shared=library.shared_with(me()),
        sample_bank=sample().bank,
        file_problems=problems,
        create=TitleForm(prefix="new"),
        upload=BankFileForm(prefix="upload"),
        action=ActionForm(),
    )


@bp.post("/new")
def create():
    form = TitleForm(prefix="new")
    if not form.validate_on_submit():
        flash("Give the new bank a title.", "warning")
        return redirect(url_for(".index"), code=303)
    bank, _result = library.create_bank(me(), form.title.data)
    flash(f"Created “{bank.title}”. Add an article, then write its questions.", "info")
    return redirect(url_for(".show", bank_id=bank.id), code=303)


@bp.post("/sample/copy")
def copy_sample():
    served = sample()
    version = library.version_by_id(served.version_id)  # exactly the version being served
    if version is None:
        abort(404)
    title = f"{served.bank.title} (copy)"
    bank, result = library.copy_texts(
        me(), title, version.questions_yaml, version.articles, note="copied from the sample"
    )
    _say_saved(result, bank)
    return redirect(url_for(".show", bank_id=bank.id), code=303)


@bp.get("/<id:bank_id>/")
def show(bank_id: int):
    bank, owner = readable_or_404(bank_id)
    number = _version_arg(request.args)
    if not bank.latest:
        return render_template("library/bank.html", bank=bank, owner=owner, version=None, parsed=None, **_panels(bank))
    version, parsed = version_or_404(bank, number)
    stats = library.question_stats(bank)
    sessions = [(quiz, quiz_value(f"bank-{bank.id}", quiz.id)) for quiz in parsed.all_quizzes()]
    return render_template(
        "library/bank.html",
        bank=bank,
        owner=owner,
        version=version,
        parsed=parsed,
        stats=stats,
        session_quizzes=sessions if version.number == bank.latest else [],
        history=library.version_list(bank),
        describe=versions.describe_changes,
        links=links_for(bank, version.number),
        **_panels(bank),
    )


def _panels(bank: LibraryBank) -> dict:
    return {
        "action": ActionForm(),
        "rename": TitleForm(prefix="rename", title=bank.title),
        "copy": TitleForm(prefix="copy", title=f"{bank.title} (copy)"),
        "share": ShareForm(),
        "upload": BankFileForm(prefix="upload"),
        "questions_file": QuestionsFileForm(prefix="questions"),
        "shared_with": library.shares(bank) if bank.owner_id == me() else [],
    }


@bp.route("/<id:bank_id>/edit", methods=["GET", "POST"])
def edit(bank_id: int):
    bank = own_or_404(bank_id)
    form = EditForm()
    latest = library.latest_version(bank)
    if form.validate_on_submit():
        result = library.save(bank, me(), form.text.data or "", base=form.base.data)
        if result.saved or result.unchanged:
            _say_saved(result, bank)
            return redirect(url_for(".show", bank_id=bank.id), code=303)
        return _editor(bank, form.text.data or "", result.problems, base=form.base.data, conflict=result.conflict)
    if form.is_submitted():  # a forged or damaged form: say so, and keep what was typed
        flash("The form was not understood, so nothing was saved. Your text is below.", "warning")
        base = latest.number if latest else 0
        return _editor(bank, form.text.data or "", [], base=base, conflict=latest, status=422)
    if bank.draft_text is not None:  # an unsaved draft is where the teacher left off
        stale = latest is not None and bank.draft_base != latest.number  # saved over since the draft began
        problems = library.problems_from_draft(bank)
        conflict = latest if stale else None
        return _editor(bank, bank.draft_text, problems, base=bank.draft_base, conflict=conflict, status=200, draft=True)
    text, base = (latest.questions_yaml if latest else ""), (latest.number if latest else 0)
    return _editor(bank, text, [], base=base, status=200)


def _editor(bank, text, problems, base, conflict=None, status=None, draft=False):
    form = EditForm(formdata=None, text=text, base=base)
    errors = [p for p in problems if p.severity == ERROR]
    code = status or (409 if conflict else 422 if errors else 200)
    html = render_template(
        "library/edit.html",
        bank=bank,
        form=form,
        problems=problems,
        errors=errors,
        conflict=conflict,
        draft=draft,
        latest=library.latest_version(bank),
        discard=ActionForm(),
    )
    return html, code


@bp.post("/<id:bank_id>/check")
def check(bank_id: int):
    """The editor's live check: the same loader as `quiz check`, on the text typed so far."""
    bank = own_or_404(bank_id)
    payload = request.get_json(silent=True) or {}
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str):
        return jsonify({"ok": False, "problems": [], "error": 'send {"text": ...}'}), 400
    latest = library.latest_version(bank)
    result = versions.check_texts(text.replace("\r\n", "\n"), latest.articles if latest else {})
    return jsonify({"ok": result.ok, "problems": [p.as_dict() for p in result.problems]})


@bp.post("/<id:bank_id>/discard")
def discard(bank_id: int):
    library.discard_draft(own_or_404(bank_id))
    flash("The unsaved draft was discarded; the latest version is as it was.", "info")
    return redirect(url_for(".show", bank_id=bank_id), code=303)


def _say_saved(result: SaveResult, bank: LibraryBank) -> None:
    if result.saved:
        changes = versions.describe_changes(result.version.changes)
        flash(f"Saved as version {result.version.number}: {changes}.", "info")
        warnings = [p for p in result.problems if p.severity != ERROR]
        for problem in warnings[:5]:
            flash(f"Warning: {problem.format()}", "warning")
    elif result.unchanged:
        flash("Nothing changed, so no new version was made.", "info")
    elif result.conflict is not None:
        flash(f"Not saved: version {result.conflict.number} was saved since. Your text is kept as a draft.", "warning")
    else:
        errors = sum(p.severity == ERROR for p in result.problems)
        flash(f"Not saved: {errors} problem{'s' * (errors != 1)} to fix. Your text is kept as a draft.", "warning")


@bp.route("/<id:bank_id>/v/<id:number>/questions/<question_id>", methods=["GET", "POST"])
def preview(bank_id: int, number: int, question_id: str):
    """A question as a student sees it, and its feedback; nothing is recorded."""
    bank, _owner = readable_or_404(bank_id)
    version, parsed = version_or_404(bank, number)
    question = parsed.question(question_id) or abort(404)
    shown = present(parsed, PREVIEW_SEED, question)
    form = answer_form(shown, False)
    feedback = error = None
    if form.is_submitted():
        try:
            response, _certainty = submitted_answer(form, shown, False)
        except ResponseError as exc:
            error = str(exc)
        else:
            result = score(question, response)
            feedback = {
                "correct": result.correct,
                "fraction": result.fraction,
                "given": response_text(question, response, parsed),
                "expected": answer_text(question, parsed.articles),
                "passages": passages(parsed, question.sources, links_for(bank, version.number)),
            }
    html = render_template(
        "library/preview.html",
        bank=bank,
        version=version,
        question=question,
        shown=shown,
        form=form,
        error=error,
        feedback=feedback,
        certainty_choices=CERTAINTY,
        cited=[parsed.articles[a] for a in question.articles],
        links=links_for(bank, version.number),
    )
    return html, (422 if error else 200)


@bp.get("/<id:bank_id>/v/<id:number>/articles/")
def articles(bank_id: int, number: int):
    bank, _owner = readable_or_404(bank_id)
    _version, parsed = version_or_404(bank, number)
    return article_index(parsed, links_for(bank, number), library_bank=bank)


@bp.get("/<id:bank_id>/v/<id:number>/articles/<article_id>")
def article(bank_id: int, number: int, article_id: str):
    bank, owner = readable_or_404(bank_id)
    _version, parsed = version_or_404(bank, number)
    found = parsed.articles.get(article_id)
    authoring = None
    if owner and found is not None and number == bank.latest:  # questions are written on the latest version
        authoring = {
            "ask": url_for("authoring.ask", bank_id=bank.id, article_id=article_id),
            "drafts": url_for("authoring.drafts", bank_id=bank.id, article_id=article_id),
            "sentences": [(s, e, " ".join(found.body[s:e].split())) for s, e in found.sentences],
        }
    return article_page(parsed, article_id, library_bank=bank, authoring=authoring)


@bp.post("/<id:bank_id>/rename")
def rename(bank_id: int):
    bank = own_or_404(bank_id)
    form = TitleForm(prefix="rename")
    if form.validate_on_submit():
        library.rename(bank, form.title.data)
        flash("Renamed.", "info")
    else:
        flash("Give the bank a title.", "warning")
    return redirect(url_for(".show", bank_id=bank.id), code=303)


@bp.post("/<id:bank_id>/copy")
def copy(bank_id: int):
    bank, _owner = readable_or_404(bank_id)
    version, _parsed = version_or_404(bank, _version_arg(request.form))
    form = TitleForm(prefix="copy")
    title = form.title.data if form.validate_on_submit() else f"{bank.title} (copy)"
    try:
        new = library.copy_version(version, me(), title)
    except LibraryError as exc:
        flash(str(exc), "warning")
        return redirect(url_for(".show", bank_id=bank.id), code=303)
    flash(f"Copied version {version.number} into your library as “{new.title}”.", "info")
    return redirect(url_for(".show", bank_id=new.id), code=303)


@bp.route("/<id:bank_id>/delete", methods=["GET", "POST"])
def delete(bank_id: int):
    bank = own_or_404(bank_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = bank.title
        kept = library.delete_bank(bank)
        note = f" {kept} class session{'s' * (kept != 1)} that used it keep{'s' * (kept == 1)} its version and reports."
        flash(f"Deleted “{title}”." + (note if kept else ""), "info")
        return redirect(url_for(".index"), code=303)
    code = 422 if form.is_submitted() else 200
    sessions = library.sessions_using(bank)
    return render_template("library/delete.html", bank=bank, form=form, sessions=sessions), code


@bp.post("/<id:bank_id>/share")
def share(bank_id: int):
    bank = own_or_404(bank_id)
    form = ShareForm()
    if form.validate_on_submit():
        try:
            other = library.share(bank, form.email.data)
            flash(f"Shared read-only with {other.email}.", "info")
        except LibraryError as exc:
            flash(str(exc), "warning")
    else:
        flash("Type the e-mail address of a teacher on this server.", "warning")
    return redirect(url_for(".show", bank_id=bank.id, _anchor="sharing"), code=303)


@bp.post("/<id:bank_id>/unshare/<id:teacher_id>")
def unshare(bank_id: int, teacher_id: int):
    bank = own_or_404(bank_id)
    if ActionForm().validate_on_submit():
        library.unshare(bank, teacher_id)
        flash("No longer shared with that teacher.", "info")
    return redirect(url_for(".show", bank_id=bank.id, _anchor="sharing"), code=303)


@bp.post("/<id:bank_id>/practice")
def practice(bank_id: int):
    bank = own_or_404(bank_id)
    on = request.form.get("do") == "on"
    library.set_practice(bank, on)
    flash("Practice link on: anyone with it can play this bank solo." if on else "Practice link off.", "info")
    return redirect(url_for(".show", bank_id=bank.id, _anchor="sharing"), code=303)


from . import library_io  # noqa: E402,F401 - attaches the article and import/export views to bp
