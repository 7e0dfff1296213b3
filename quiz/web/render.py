"""Turning anchors into highlighted passages, and small safe text formatting."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from flask import Flask, current_app, request, url_for
from markupsafe import Markup, escape

from ..content import Anchor, Article, Bank
from ..kinds import MAX_TEXT, kind_of, letter
from ..scoring.marks import CERTAINTY_LABELS, marking_hint
from ..services import nicknames
from ..services.report_measures import percent
from . import address


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
    p_start, p_end = article.paragraphs[index]
    s, e = max(start, p_start), min(end, p_end)
    body = article.body
    if s >= e:
        return escape(body[p_start:p_end])
    ident = Markup(' id="{}"').format(element_id) if element_id else Markup("")
    return Markup("{}<mark{}>{}</mark>{}").format(body[p_start:s], ident, body[s:e], body[e:p_end])


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
            _anchor="passage",
            **dict(self.values),
        )


SAMPLE_LINKS = ArticleLinks()


def scoped_links(prefix: str, **values) -> ArticleLinks:
    """Links to scoped article pages: endpoints ``{prefix}articles`` (the list) and ``{prefix}article`` (one)."""
    return ArticleLinks(f"{prefix}articles", f"{prefix}article", tuple(values.items()))


def passages(bank: Bank, anchors: tuple[Anchor, ...], links: ArticleLinks = SAMPLE_LINKS) -> list[Passage]:
    """The highlighted passages for a question's sources."""
    out = []
    for anchor in anchors:
        article = bank.articles[anchor.article]
        first = article.paragraph_of(anchor.start)
        last = article.paragraph_of(max(anchor.start, anchor.end - 1))
        paras = tuple((i, mark_paragraph(article, i, anchor.start, anchor.end)) for i in range(first, last + 1))
        link = links.show(article.id, anchor)
        out.append(Passage(article, anchor, paras, link, text_fragment(article, anchor)))
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
