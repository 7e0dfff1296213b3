"""Turning anchors into highlighted passages, and small safe text formatting."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from flask import Flask, current_app, request, url_for
from flask.templating import Environment
from markupsafe import Markup, escape

from ..content import Anchor, Article, Bank
from ..kinds import MAX_TEXT, kind_of, letter
from ..scoring.marks import CERTAINTY_LABELS, marking_hint
from ..services import nicknames
from ..services.report_measures import percent
from . import address


class Templates(Environment):
    """Flask's Jinja environment, with each template's globals a plain dict rather than a ChainMap.

    Jinja reads a template's globals on every render, import and include (copies, set differences,
    lookups), and a ChainMap does each in Python: on the question page that was a twentieth of its
    time. The dict is taken when the template is loaded, so every global must be added before then,
    as Jinja's documentation asks ("avoid modifying any globals after a template is loaded"); the app
    adds them all in create_app, before anything renders.
    """

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


@dataclass(frozen=True)
class Passage:
    """A source passage ready to show: paragraphs with the quote marked, and where it came from."""

    article: Article
    anchor: Anchor
    paragraphs: tuple[tuple[int, Markup], ...]  # (paragraph index, html)
    article_link: str
    original_link: str | None

    @property
    def text(self) -> str:
        """The quoted text exactly as the article has it."""
        return self.article.body[self.anchor.start : self.anchor.end]


def mark_paragraph(article: Article, index: int, start: int, end: int, element_id: str | None = None) -> Markup:
    """Paragraph ``index`` of ``article`` as HTML, with ``[start, end)`` inside a <mark>."""
    return mark_spans(article, index, [(start, end)], element_id)


def mark_spans(article: Article, index: int, spans, element_id: str | None = None) -> Markup:
    """Paragraph ``index`` of ``article`` as HTML, with each of ``spans`` in a <mark> (the first given the id)."""
    p_start, p_end = article.paragraphs[index]
    body = article.body
    inside = sorted((max(s, p_start), min(e, p_end)) for s, e in spans if max(s, p_start) < min(e, p_end))
    out, at = Markup(""), p_start
    for number, (s, e) in enumerate(inside):
        s = max(s, at)
        if s >= e:
            continue
        ident = Markup(' id="{}"').format(element_id) if element_id and number == 0 else Markup("")
        out += Markup("{}<mark{}>{}</mark>").format(body[at:s], ident, body[s:e])
        at = e
    return out + escape(body[at:p_end])


# A post's signature line, as embeds end: "— Alyssa Milano (@Alyssa_Milano) October 15, 2017".
SIGNATURE = re.compile(r"^\s*[—–-]\s*[^\n]+\(@\w+\)\s+[^\n]*\d{4}\s*$")
EMBED_LINE, EMBED_TEXT = 100, 280  # characters: the lines of a post, and a post's whole text


def embed_start(article: Article, first: int) -> int:
    """The first paragraph of the post that a signature line at paragraph ``first`` closes.

    The paragraph just above is the post's text; shorter lines above it belong to it too, up to
    a post's length, as embedded posts keep their lines as paragraphs.
    """
    start, total = first, 0
    for index in range(first - 1, -1, -1):
        s, e = article.paragraphs[index]
        if SIGNATURE.match(article.body[s:e]):  # the end of the post before: not part of this one
            break
        if start < first and (e - s > EMBED_LINE or total + e - s > EMBED_TEXT):
            break
        start, total = index, total + (e - s)
    return start


def text_fragment(article: Article, anchor: Anchor) -> str | None:
    """The article's URL with a ``#:~:text=`` fragment selecting the passage, or None."""
    if not article.url:
        return None
    words = article.body[anchor.start : anchor.end].split()

    def enc(part: list[str]) -> str:
        return quote(" ".join(part), safe="").replace("-", "%2D").replace(",", "%2C").replace("&", "%26")

    fragment = enc(words) if len(words) <= 8 else enc(words[:4]) + "," + enc(words[-4:])
    return f"{article.url.split('#')[0]}#:~:text={fragment}"


@dataclass(frozen=True)
class ArticleLinks:
    """Where a page's article links go: the sample's public pages, or pages scoped to an attempt, session or bank."""

    index_endpoint: str = "articles.index"
    show_endpoint: str = "articles.show"
    values: tuple[tuple[str, object], ...] = ()

    def index(self) -> str:
        """The list of the bank's articles."""
        return url_for(self.index_endpoint, **dict(self.values))

    def show(self, article_id: str, anchor: Anchor | None = None) -> str:
        """One article, with ``anchor`` highlighted and scrolled to when given."""
        if anchor is None:
            return url_for(self.show_endpoint, article_id=article_id, **dict(self.values))
        return url_for(
            self.show_endpoint,
            article_id=article_id,
            hl=f"{anchor.start}-{anchor.end}",
            _anchor="passage-start",  # the paragraph: it lands with its start in view, the highlight below
            **dict(self.values),
        )


SAMPLE_LINKS = ArticleLinks()


def scoped_links(prefix: str, **values) -> ArticleLinks:
    """Links to scoped article pages: endpoints ``{prefix}articles`` (the list) and ``{prefix}article`` (one)."""
    return ArticleLinks(f"{prefix}articles", f"{prefix}article", tuple(values.items()))


def passages(bank: Bank, anchors: tuple[Anchor, ...], links: ArticleLinks = SAMPLE_LINKS) -> list[Passage]:
    """The highlighted passages for a question's sources: one card per stretch of paragraphs, every highlight in it.

    A source that is only a post's signature line is shown with the post it closes.
    """
    stretches: list[tuple[Article, int, int, list[Anchor]]] = []
    for anchor in anchors:
        article = bank.articles[anchor.article]
        first = article.paragraph_of(anchor.start)
        last = article.paragraph_of(max(anchor.start, anchor.end - 1))
        if first == last and SIGNATURE.match(article.body[anchor.start : anchor.end]):
            first = embed_start(article, first)
        for i, (other, lo, hi, held) in enumerate(stretches):
            if other.id == article.id and first <= hi and lo <= last:  # the same paragraphs: one card
                stretches[i] = (other, min(lo, first), max(hi, last), [*held, anchor])
                break
        else:
            stretches.append((article, first, last, [anchor]))
    merged: list[tuple[Article, int, int, list[Anchor]]] = []
    for article, first, last, held in stretches:  # a card that grew may now meet another: merge again
        for i, (other, lo, hi, more) in enumerate(merged):
            if other.id == article.id and first <= hi and lo <= last:
                merged[i] = (other, min(lo, first), max(hi, last), [*more, *held])
                break
        else:
            merged.append((article, first, last, held))
    out = []
    for article, first, last, held in merged:
        spans = [(a.start, a.end) for a in held]
        paras = tuple((i, mark_spans(article, i, spans)) for i in range(first, last + 1))
        anchor = held[0]
        out.append(Passage(article, anchor, paras, links.show(article.id, anchor), text_fragment(article, anchor)))
    return out


_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


def small_markdown(text: str) -> Markup:
    """Escape ``text``, then allow **bold** and *italic* only."""
    html = str(escape(text))
    html = _STRONG.sub(r"<strong>\1</strong>", html)
    html = _EM.sub(r"<em>\1</em>", html)
    return Markup(html)  # noqa: S704 - built from escaped text; only our own tags added


def number(value) -> str:
    """A score as people write it: 3, 2.5, 0.67 (at most two decimals)."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") or "0"
    return str(value)


def signed(value: float) -> str:
    """Marks as people write them: +3, 0, -6, +1.5."""
    return f"{value:+.2f}".rstrip("0").rstrip(".") if value else "0"


# The site menu's links and the stylesheet and script every page loads, built once per app and
# script root (url_for costs a little on each of the ten or so calls of every page).
SITE_LINKS = {
    "home": ("play.home", {}),
    "articles": ("articles.index", {}),
    "join": ("student.join", {}),
    "library": ("library.index", {}),
    "classes": ("classroom.dashboard", {}),
    "account": ("auth.password", {}),
    "logout": ("auth.logout", {}),
    "login": ("auth.login", {}),
    "style": ("static", {"filename": "style.css"}),
    "script": ("static", {"filename": "quiz.js"}),
}


def site_links() -> dict[str, str]:
    """The URLs of the site's menu, stylesheet and script (see SITE_LINKS)."""
    cache = current_app.extensions.setdefault("quiz_site_links", {})
    links = cache.get(request.script_root)
    if links is None:
        links = {name: url_for(endpoint, **values) for name, (endpoint, values) in SITE_LINKS.items()}
        cache[request.script_root] = links
    return links


def register_filters(app: Flask) -> None:
    """Template filters used across blueprints, and versioned static URLs."""
    versions: dict[str, str] = {}

    @app.url_defaults
    def _static_version(endpoint: str, values: dict) -> None:
        # A content hash in the URL lets browsers cache static files for a year and still see changes.
        if endpoint == "static" and "filename" in values:
            name = values["filename"]
            if name not in versions:
                path = Path(app.static_folder) / name
                versions[name] = hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else "0"
            values["v"] = versions[name]

    app.add_template_global(site_links, "site_links")
    app.add_template_filter(small_markdown, "md")
    app.add_template_filter(number, "num")
    app.add_template_filter(signed, "signed")
    app.add_template_filter(letter, "letter")
    app.add_template_global(kind_of, "kind_of")
    app.add_template_global(CERTAINTY_LABELS, "certainty_labels")
    app.add_template_global(address.public_url, "public_url")
    app.add_template_global(address.reachable_by_others, "reachable_by_others")
    app.add_template_global(marking_hint(), "marking_hint")
    limits = {"answer": MAX_TEXT, "nickname": nicknames.MAX_LENGTH, "nickname_min": nicknames.MIN_LENGTH}
    app.add_template_global(limits, "limits")
    app.add_template_filter(percent, "pct")
