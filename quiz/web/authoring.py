"""Writing questions in the browser: from a selected passage, by form, and by keeping drafts of an article."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from ..content.anchor import select
from ..content.edit import EditError, question_fields, question_yaml
from ..content.model import Anchor
from ..drafts.nlp import ModelMissing
from ..kinds import KINDS, answer_text, form_int, kind_of, present
from ..kinds.authoring import check, edited_fields, kind_named, new_id, shown_fields, typed_values
from ..kinds.authoring import question_fields as fields_from
from ..services import drafting, library
from ..services.library import LibraryError
from .authoring_forms import question_form, typed
from .forms import ActionForm, answer_form
from .library import _say_saved, links_for, me, own_or_404, version_or_404
from .render import passages
from .travel import UNSAVED_DRAFT

bp = Blueprint("authoring", __name__, url_prefix="/library")
PREVIEW_SEED = 1


@bp.before_request
@login_required
def _teachers_only():
    """Writing questions is for signed-in teachers, in banks of their own."""


def _latest(bank_id: int):
    bank = own_or_404(bank_id)
    version, parsed = version_or_404(bank)
    return bank, version, parsed


def _offsets() -> tuple[int, int] | None:
    start, end = form_int(request.values.get("start")), form_int(request.values.get("end"))
    return (start, end) if start is not None and end is not None else None


def _kind_choices():
    return [(name, f"{name}: {kind.summary}") for name, kind in KINDS.items()]


def _articles(parsed):
    return [(a.id, a.title) for a in sorted(parsed.articles.values(), key=lambda a: a.title.lower())]


def _render_form(template_values: dict, status: int = 200):
    return render_template("authoring/question.html", kind_choices=_kind_choices(), **template_values), status


def _preview(parsed, question_id: str):
    question = parsed.question(question_id)
    if question is None or not question.sources:
        return None
    shown = present(parsed, PREVIEW_SEED, question)
    return {"question": question, "shown": shown, "form": answer_form(shown, False)}


def _save(bank, version, checked, note: str):
    """Save a checked text as the next version; the redirect to the question's preview, or None."""
    if bank.draft_text is not None:  # the editor's unsaved text would be set aside by a new version
        flash(UNSAVED_DRAFT, "warning")
        return None
    result = library.save(bank, me(), checked.text, None, base=version.number, note=note)
    _say_saved(result, bank)
    if not result.saved:
        return None
    return redirect(
        url_for("library.preview", bank_id=bank.id, number=result.version.number, question_id=checked.question_id),
        code=303,
    )


@bp.route("/<id:bank_id>/ask/<article_id>", methods=["GET", "POST"])
def ask(bank_id: int, article_id: str):
    """A question made from a passage chosen by its offsets: its anchor is computed here, exact by construction."""
    bank, version, parsed = _latest(bank_id)
    article = parsed.articles.get(article_id) or abort(404)
    offsets = _offsets()
    picked = select(article, *offsets) if offsets else None
    if picked is None:
        flash("That selection holds no words of the article. Select a sentence or a phrase, then try again.", "warning")
        return redirect(url_for("library.article", bank_id=bank.id, number=version.number, article_id=article.id))
    kind = kind_named(request.values.get("kind")) or KINDS["verdict"]
    sources = [picked.source(article.id)]
    anchor_passages = passages(parsed, (_anchor_of(article, picked),), links_for(bank, version.number))
    form = question_form(kind, _articles(parsed))
    values = {
        "bank": bank,
        "version": version,
        "kind": kind,
        "form": form,
        "sources": sources,
        "passages": anchor_passages,
        "action_url": url_for(
            "authoring.ask", bank_id=bank.id, article_id=article.id, start=picked.start, end=picked.end, kind=kind.name
        ),
        "kind_url": url_for("authoring.ask", bank_id=bank.id, article_id=article.id),
        "start": picked.start,
        "end": picked.end,
        "heading": "A question from this passage",
        "fields_yaml": None,
        "problems": {},
        "elsewhere": [],
        "preview": None,
    }
    if request.method == "GET":
        form.status.data = "ready"
        return _render_form(values)
    if not form.validate():
        return _render_form(values, 422)
    taken = {q.id for q in parsed.questions}
    words = typed(form, kind)
    qid = new_id(words.get("claim") or words.get("prompt") or article.id, taken)
    fields = fields_from(kind, words, qid, sources)
    try:
        checked = check(version.questions_yaml, version.articles, fields, shown=shown_fields(kind))
    except EditError as exc:
        flash(str(exc), "warning")
        return _render_form(values, 409)
    return _checked_response(values, checked, fields, "question written by form")


def _checked_response(values: dict, checked, fields: dict, note: str):
    """After the loader's check: save (when asked and clean) and go to the question, or show the form again."""
    values.update(problems=checked.problems, elsewhere=checked.elsewhere(), fields_yaml=question_yaml(fields))
    if checked.ok and request.form.get("do") == "save":
        done = _save(values["bank"], values["version"], checked, note)
        if done is not None:
            return done
    if checked.ok:
        values["preview"] = _preview(checked.bank, checked.question_id)
    return _render_form(values, 200 if checked.ok else 422)


def _anchor_of(article, picked):
    return Anchor(article.id, picked.quote, picked.start, picked.end, picked.prefix, picked.suffix)


@bp.route("/<id:bank_id>/questions/<question_id>/edit", methods=["GET", "POST"])
def edit_question(bank_id: int, question_id: str):
    """One question edited by form: only its YAML changes; the rest of the file stays as written."""
    bank, version, parsed = _latest(bank_id)
    question = parsed.question(question_id) or abort(404)
    kind = kind_of(question)
    try:
        stored = question_fields(version.questions_yaml, question_id)
    except EditError as exc:
        flash(str(exc), "warning")
        return redirect(url_for("library.show", bank_id=bank.id), code=303)
    known = typed_values(kind, stored)
    form = question_form(kind, _articles(parsed), data=known if request.method == "GET" else None, known=known)
    values = {
        "bank": bank,
        "version": version,
        "kind": kind,
        "form": form,
        "sources": stored.get("sources") or [],
        "passages": passages(parsed, question.sources, links_for(bank, version.number)),
        "action_url": url_for("authoring.edit_question", bank_id=bank.id, question_id=question_id),
        "heading": f"Edit “{question_id}”",
        "fields_yaml": question_yaml(stored),
        "problems": {},
        "elsewhere": [],
        "preview": None,
        "editing": question_id,
    }
    if request.method == "GET":
        return _render_form(values)
    if not form.validate():
        return _render_form(values, 422)
    fields = edited_fields(kind, typed(form, kind), stored)
    try:
        checked = check(
            version.questions_yaml, version.articles, fields, replacing=question_id, shown=shown_fields(kind)
        )
    except EditError as exc:
        flash(str(exc), "warning")
        return _render_form(values, 409)
    return _checked_response(values, checked, fields, "question edited by form")


@bp.route("/<id:bank_id>/drafts/<article_id>", methods=["GET", "POST"])
def drafts(bank_id: int, article_id: str):
    """The drafting pipeline's questions for one article, as cards to tick, edit and add (or set aside)."""
    bank, version, parsed = _latest(bank_id)
    article = parsed.articles.get(article_id) or abort(404)
    form = ActionForm()
    try:
        offered = drafting.offered(bank, parsed, article)
    except ModelMissing:
        flash(
            "Drafting is not available on this server: its English language model is not installed. "
            "Ask whoever runs the server to install the project again (pip install -e .).",
            "warning",
        )
        return redirect(url_for("library.article", bank_id=bank.id, number=version.number, article_id=article.id))
    cards = drafting.cards(version, offered, request.form if request.method == "POST" else None)
    links = links_for(bank, version.number)
    views = {
        c.key: {
            "shown": present(parsed, PREVIEW_SEED, c.question),
            "answer": answer_text(c.question, parsed.articles),
            "passages": passages(parsed, c.question.sources, links),
        }
        for c in cards
        if c.question is not None
    }
    values = {
        "bank": bank,
        "version": version,
        "article": article,
        "cards": cards,
        "views": views,
        "form": form,
        "problems": [],
        "labels": drafting.EDITABLE,
    }
    if request.method == "GET" or not form.validate():
        return render_template("authoring/drafts.html", **values), 200 if request.method == "GET" else 422
    ticked = [card for card in cards if card.ticked]
    if not ticked:
        flash("Tick the drafts to add (or to set aside) first.", "warning")
        return render_template("authoring/drafts.html", **values), 422
    if request.form.get("do") == "reject":
        drafting.remember(bank, article.id, [c.key for c in ticked], "rejected", me())
        flash(f"Set aside {len(ticked)} draft{'s' * (len(ticked) != 1)}: they will not be offered again.", "info")
        return redirect(url_for("authoring.drafts", bank_id=bank.id, article_id=article.id), code=303)
    if bank.draft_text is not None:
        flash(UNSAVED_DRAFT, "warning")
        return render_template("authoring/drafts.html", **values), 409
    try:
        outcome = drafting.add(bank, version, ticked, me())
    except (EditError, LibraryError) as exc:
        flash(str(exc), "warning")
        return render_template("authoring/drafts.html", **values), 409
    if outcome.saved:
        _say_saved(outcome.result, bank)
        return redirect(url_for("library.show", bank_id=bank.id) + "#questions", code=303)
    values["problems"] = outcome.problems
    if outcome.result is not None and not outcome.result.saved and outcome.result.conflict is not None:
        _say_saved(outcome.result, bank)
    return render_template("authoring/drafts.html", **values), 422
