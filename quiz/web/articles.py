"""Reading the articles, with a cited passage highlighted."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from ..content import Bank
from ..drafts.nlp import warm_up
from ..kinds import form_int
from .bank import current_bank
from .render import SAMPLE_LINKS, ArticleLinks, mark_paragraph

bp = Blueprint("articles", __name__, url_prefix="/articles")


@bp.get("/")
def index():
    return article_index(current_bank())


@bp.get("/<article_id>")
def show(article_id: str):
    return article_page(current_bank(), article_id)


def article_index(bank: Bank, links: ArticleLinks = SAMPLE_LINKS, **context):
    """The page listing a bank's articles."""
    articles = sorted(bank.articles.values(), key=lambda a: a.title.lower())
    return render_template("articles/index.html", articles=articles, links=links, **context)


def _highlight(raw: str | None, length: int) -> tuple[int, int] | None:
    if not raw:
        return None
    start, _sep, end = raw.partition("-")
    s, e = form_int(start), form_int(end)
    if s is None or e is None:
        return None
    return (s, e) if 0 <= s < e <= length else None


def article_page(bank: Bank, article_id: str, **context):
    """One article of ``bank``, with the passage named by ``?hl=start-end`` highlighted."""
    article = bank.articles.get(article_id)
    if article is None:
        abort(404)
    if context.get("authoring"):
        warm_up()  # the page offers "Draft questions": have the language model ready by the click
    span = _highlight(request.args.get("hl"), len(article.body))
    paragraphs = []
    first_marked = True
    for i, (p_start, p_end) in enumerate(article.paragraphs):
        if span and span[0] < p_end and span[1] > p_start:
            paragraphs.append(mark_paragraph(article, i, *span, element_id="passage" if first_marked else None))
            first_marked = False
        else:
            paragraphs.append(article.body[p_start:p_end])
    starts = [p_start for p_start, _p_end in article.paragraphs]
    marked = next((i for i, (s, e) in enumerate(article.paragraphs) if span and span[0] < e and span[1] > s), None)
    ids = ["passage-start" if i == marked else f"p{i + 1}" for i in range(len(starts))]
    return render_template(
        "articles/show.html",
        article=article,
        paragraphs=list(zip(paragraphs, starts, ids, strict=True)),
        highlighted=bool(span),
        **context,
    )
