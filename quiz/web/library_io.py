"""Library views that bring content in and out: adding articles (paste, page, address, file), zips and uploads."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, url_for

from ..content.bundle import BundleError, BundleLimits, read_bundle, write_bundle
from ..content.fetch import FetchLimits, FetchRefused, fetch_page
from ..content.ingest import ArticleDraft, IngestError, article_from_html, article_from_text
from ..services import library
from .bank import sample
from .library import _say_saved, bp, me, own_or_404, readable_or_404, version_or_404
from .library_forms import AddressForm, ArticleFileForm, ArticleForm, BankFileForm, PageUploadForm


def _limits() -> BundleLimits:
    config = current_app.config
    upload = int(config["QUIZ_UPLOAD_MAX_BYTES"])
    return BundleLimits(max_upload_bytes=upload, max_total_bytes=max(upload * 2, int(config["QUIZ_BUNDLE_MAX_BYTES"])))


def _upload_bytes(storage) -> bytes:
    """An uploaded file's bytes, read no further than the upload limit (a larger one is refused)."""
    limit = int(current_app.config["QUIZ_UPLOAD_MAX_BYTES"])
    return storage.stream.read(limit + 1)


def _taken(bank) -> set[str]:
    latest = library.latest_version(bank)
    return {name.removesuffix(".md") for name in (latest.articles if latest else {})}


def _forms(**given):
    forms = {
        "paste": ArticleForm(prefix="paste"),
        "page": PageUploadForm(prefix="page"),
        "address": AddressForm(prefix="address"),
        "file": ArticleFileForm(prefix="file"),
    }
    forms.update(given)
    return forms


def _article_page(bank, status=200, error=None, warnings=(), reviewing=False, **forms):
    fetching = bool(current_app.config["QUIZ_FETCH_ENABLED"])
    html = render_template(
        "library/add_article.html",
        bank=bank,
        forms=_forms(**forms),
        error=error,
        warnings=warnings,
        fetching=fetching,
        reviewing=reviewing,
    )
    return html, status


def _review(bank, draft: ArticleDraft, how: str):
    """Show an extracted article in the paste form, to be checked and kept by the teacher."""
    form = ArticleForm(
        prefix="paste",
        formdata=None,
        title=draft.title,
        outlet=draft.outlet,
        author=draft.author,
        published=draft.published,
        url=draft.url,
        article_id=draft.id,
        text=draft.body,
    )
    flash(f"Read from {how}. Check the text and the details below, then keep the article.", "info")
    return _article_page(bank, warnings=draft.warnings, paste=form, reviewing=True)


@bp.get("/<id:bank_id>/articles/new")
def add_article(bank_id: int):
    return _article_page(own_or_404(bank_id))


@bp.post("/<id:bank_id>/articles/paste")
def paste_article(bank_id: int):
    bank = own_or_404(bank_id)
    form = ArticleForm(prefix="paste")
    if not form.validate_on_submit():
        return _article_page(bank, 422, error=_errors(form), paste=form)
    try:
        draft = article_from_text(
            form.text.data,
            form.title.data,
            outlet=form.outlet.data or None,
            author=form.author.data or None,
            published=form.published.data or None,
            url=form.url.data or None,
            article_id=form.article_id.data or None,
            taken=_taken(bank),
        )
    except IngestError as exc:
        return _article_page(bank, 422, error=exc.message, paste=form)
    return _keep(bank, draft.filename, draft.to_markdown(), form=form, warnings=draft.warnings)


def _keep(bank, filename: str, text: str, form=None, warnings=()):
    """Add the article as a new version (checked like any save); on problems, show them with the form."""
    result = library.add_article(bank, me(), filename, text)
    if not result.saved:
        messages = [p.format() for p in result.problems if p.severity == "error"] or ["The article could not be kept."]
        given = {"paste": form} if form is not None else {}
        return _article_page(bank, 422, error=" ".join(messages), **given)
    for warning in warnings:
        flash(warning, "warning")
    _say_saved(result, bank)
    return redirect(url_for(".show", bank_id=bank.id, _anchor="articles"), code=303)


@bp.post("/<id:bank_id>/articles/page")
def upload_page(bank_id: int):
    bank = own_or_404(bank_id)
    form = PageUploadForm(prefix="page")
    if not form.validate_on_submit():
        return _article_page(bank, 422, error=_errors(form), page=form)
    try:
        draft = article_from_html(_upload_bytes(form.page.data), taken=_taken(bank))
    except IngestError as exc:
        return _article_page(bank, 422, error=exc.message)
    return _review(bank, draft, "the saved page")


@bp.post("/<id:bank_id>/articles/address")
def fetch_article(bank_id: int):
    bank = own_or_404(bank_id)
    config = current_app.config
    if not config["QUIZ_FETCH_ENABLED"]:
        return _article_page(bank, 403, error="Fetching articles by address is turned off on this server.")
    form = AddressForm(prefix="address")
    if not form.validate_on_submit():
        return _article_page(bank, 422, error=_errors(form), address=form)
    limits = FetchLimits(
        max_bytes=int(config["QUIZ_FETCH_MAX_BYTES"]),
        timeout=float(config["QUIZ_FETCH_TIMEOUT"]),
        allow_private=bool(config["QUIZ_FETCH_ALLOW_LOOPBACK"]),
    )
    try:
        page = fetch_page(form.address.data.strip(), limits)
        draft = article_from_html(page.content, url=page.url, taken=_taken(bank), content_type=page.content_type)
    except (FetchRefused, IngestError) as exc:
        return _article_page(bank, 422, error=exc.message, address=form)
    return _review(bank, draft, page.url)


@bp.post("/<id:bank_id>/articles/file")
def upload_article(bank_id: int):
    bank = own_or_404(bank_id)
    form = ArticleFileForm(prefix="file")
    if not form.validate_on_submit():
        return _article_page(bank, 422, error=_errors(form), file=form)
    name = Path(form.file.data.filename or "").name
    if not name.endswith(".md") or len(name) > 64:
        return _article_page(bank, 422, error="An article file is a .md file, such as city-budget.md.")
    try:
        text = _upload_bytes(form.file.data).decode("utf-8")
    except UnicodeDecodeError:
        return _article_page(bank, 422, error=f"{name} is not UTF-8 text; save it as UTF-8 and try again.")
    return _keep(bank, name, text)


@bp.post("/<id:bank_id>/articles/<article_file>/remove")
def remove_article(bank_id: int, article_file: str):
    bank = own_or_404(bank_id)
    try:
        result = library.remove_article(bank, me(), article_file)
    except library.LibraryError as exc:
        flash(str(exc), "warning")
        return redirect(url_for(".show", bank_id=bank.id, _anchor="articles"), code=303)
    if result.saved:
        _say_saved(result, bank)
    else:
        cited = "; ".join(p.format() for p in result.problems if p.severity == "error")[:600]
        flash(f"Not removed: questions still cite it ({cited}).", "warning")
    return redirect(url_for(".show", bank_id=bank.id, _anchor="articles"), code=303)


def _errors(form) -> str:
    return " ".join(e for errors in form.errors.values() for e in errors)


# Zips in and out -------------------------------------------------------------------------------


def _zip_response(questions_yaml: str, articles: dict, name: str):
    data = write_bundle(questions_yaml, articles)
    headers = {"Content-Type": "application/zip", "Content-Disposition": f'attachment; filename="{name}.zip"'}
    return data, 200, headers


@bp.get("/<id:bank_id>/v/<id:number>/bank.zip")
def export(bank_id: int, number: int):
    bank, _owner = readable_or_404(bank_id)
    version, _parsed = version_or_404(bank, number)
    return _zip_response(version.questions_yaml, version.articles, f"bank-{bank.id}-v{version.number}")


@bp.get("/sample.zip")
def export_sample():
    version = library.version_by_id(sample().version_id) or abort(404)
    return _zip_response(version.questions_yaml, version.articles, "sample-bank")


def _read_upload(form):
    storage = form.file.data
    return read_bundle(_upload_bytes(storage), storage.filename or "upload", _limits())


@bp.post("/import")
def import_bank():
    form = BankFileForm(prefix="upload")
    if not form.validate_on_submit():
        flash(_errors(form) or "Choose a .zip or .yaml file.", "warning")
        return redirect(url_for(".index"), code=303)
    try:
        bundle = _read_upload(form)
    except BundleError as exc:
        flash(f"Not imported: {exc.message}", "warning")
        return redirect(url_for(".index"), code=303)
    title = form.title.data or Path(form.file.data.filename or "Imported bank").stem[:200] or "Imported bank"
    bank, result = library.copy_texts(me(), title, bundle.questions_yaml, bundle.articles, note="imported")
    _say_saved(result, bank)
    target = ".show" if result.saved else ".edit"
    return redirect(url_for(target, bank_id=bank.id), code=303)


@bp.post("/<id:bank_id>/upload")
def upload_version(bank_id: int):
    bank = own_or_404(bank_id)
    form = BankFileForm(prefix="upload")
    if not form.validate_on_submit():
        flash(_errors(form) or "Choose a .zip or .yaml file.", "warning")
        return redirect(url_for(".show", bank_id=bank.id), code=303)
    try:
        bundle = _read_upload(form)
    except BundleError as exc:
        flash(f"Not uploaded: {exc.message}", "warning")
        return redirect(url_for(".show", bank_id=bank.id), code=303)
    single_yaml = not (form.file.data.filename or "").lower().endswith(".zip")
    articles = None if single_yaml else bundle.articles  # one YAML file keeps the bank's articles
    result = library.save(bank, me(), bundle.questions_yaml, articles, base=None, note="uploaded")
    _say_saved(result, bank)
    target = ".show" if result.saved or result.unchanged else ".edit"
    return redirect(url_for(target, bank_id=bank.id), code=303)
