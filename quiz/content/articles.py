"""Article files: YAML front matter, then the text verbatim, paragraphs separated by blank lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .problems import Report, did_you_mean
from .text import Normalized, normalize, paragraph_spans, split_sentences
from .yamlpos import YamlError, YMap, parse

ARTICLE_KEYS = {
    "id": True,
    "title": True,
    "outlet": False,
    "author": False,
    "published": False,
    "published_text": False,
    "url": False,
    "language": False,
    "note": False,
}
_ID_LINE = re.compile(r"""^id:[ \t]*["']?([a-z0-9][a-z0-9-]*)["']?[ \t]*$""", re.M)
ONE_PARAGRAPH_WORDS = 80  # longer than this as one paragraph: probably lost its paragraphs
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+([+-]\d{2}:?\d{2}|Z)?)?$")
_FENCE = re.compile(r"^---[ \t]*\r?\n", re.M)


@dataclass(frozen=True)
class Article:
    """One article: metadata and body text; offsets everywhere are into ``body``."""

    id: str
    title: str
    body: str
    path: str = ""
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    published_text: str | None = None
    url: str | None = None
    language: str = "en"
    note: str | None = None
    body_line: int = 1  # line of the file where the body starts

    @cached_property
    def normalized(self) -> Normalized:
        """The body folded for matching, with an offset map."""
        return normalize(self.body)

    @cached_property
    def paragraphs(self) -> tuple[tuple[int, int], ...]:
        """Spans of the body's paragraphs."""
        return tuple(paragraph_spans(self.body))

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """Spans of the body's sentences."""
        return tuple(split_sentences(self.body, self.language or "en"))

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding ``offset`` (the nearest one before it otherwise)."""
        best = 0
        for i, (start, _end) in enumerate(self.paragraphs):
            if start <= offset:
                best = i
            else:
                break
        return best

    def position(self, offset: int) -> tuple[int, int]:
        """File line and column (1-based) of a body offset."""
        before = self.body[:offset]
        line = self.body_line + before.count("\n")
        col = offset - (before.rfind("\n") + 1) + 1
        return line, col

    @property
    def byline(self) -> str:
        """Outlet, author and date as a reader would see them, with unknowns said plainly."""
        parts = [self.outlet or "outlet unknown", self.author or "author unknown"]
        parts.append(self.published_text or self.published or "date unknown")
        return " · ".join(parts)


def read_article(path: Path, display: str | None = None) -> tuple[Article | None, Report]:
    """Read one article file; return it (or None) and the problems found."""
    report = Report(display or str(path))
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        report.error((1, 1), f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None, report
    except OSError as exc:
        report.error((1, 1), f"cannot read the file: {exc.strerror or exc}")
        return None, report
    return parse_article(raw, report, default_id=path.stem)


def parse_article(raw: str, report: Report, default_id: str = "") -> tuple[Article | None, Report]:
    """Parse article text (front matter + body) into an Article, recording problems."""
    raw = raw.lstrip("\ufeff")
    report.about = default_id or None
    fences = list(_FENCE.finditer(raw))
    if not fences or fences[0].start() != 0 or len(fences) < 2:
        report.error((1, 1), "an article starts with a '---' line, its YAML front matter, then '---'")
        return None, report
    head = raw[fences[0].end() : fences[1].start()]
    body_raw = raw[fences[1].end() :]
    written_id = _ID_LINE.search(head)  # read early, so that a broken front matter still names its article
    if written_id:
        report.about = written_id[1]
    try:
        meta = parse(head)
    except YamlError as exc:
        report.error((exc.pos[0] + 1, exc.pos[1]), exc.message)
        return None, report
    if not isinstance(meta, YMap):
        report.error((2, 1), "the front matter must be a mapping of fields (id, title, ...)")
        return None, report

    def at(key):  # the front matter starts on line 2 of the file
        line, col = meta.val_pos.get(key, meta.key_pos.get(key, (0, 1)))
        return line + 1, col

    for key, pos in meta.duplicates:
        report.error((pos[0] + 1, pos[1]), f'field "{key}" is given twice')
    values: dict[str, str | None] = {}
    if isinstance(meta.get("id"), str) and meta["id"].strip():
        report.about = meta["id"].strip()
    for key in meta:
        if key not in ARTICLE_KEYS:
            line, col = meta.key_pos[key]
            known = ", ".join(ARTICLE_KEYS)
            report.error(
                (line + 1, col), f'unknown field "{key}"{did_you_mean(key, ARTICLE_KEYS)}; the fields are {known}'
            )
    for key, required in ARTICLE_KEYS.items():
        value = meta.get(key)
        if value is None:
            if required:
                report.error(at(key) if key in meta else (2, 1), f'missing field "{key}"')
            values[key] = None
            continue
        if isinstance(value, (dt.date, dt.datetime)) and key == "published":
            value = value.isoformat()
        if not isinstance(value, str):
            report.error(at(key), f'"{key}" must be text, not {type(value).__name__}')
            values[key] = None
            continue
        values[key] = value.strip()
    if values["id"] and not _SLUG.match(values["id"]):
        report.error(at("id"), "an article id is a slug: lowercase letters, digits and dashes")
    if values["id"] and default_id and values["id"] != default_id:
        report.warning(at("id"), f'the id "{values["id"]}" differs from the file name "{default_id}"')
    if values["published"] and not _DATE.match(values["published"]):
        report.error(at("published"), "published must be a date such as 2024-10-31 (or null)")
    if values["url"] and not values["url"].startswith(("http://", "https://")):
        report.error(at("url"), "url must start with http:// or https:// (or be null)")
    body_line = raw[: fences[1].end()].count("\n") + 1
    stripped = body_raw.lstrip("\n")
    body_line += len(body_raw) - len(stripped)
    body = stripped.rstrip()
    if not body:
        report.error((body_line, 1), "the article has no text after its front matter")
    elif len(paragraph_spans(body)) == 1 and len(body.split()) > ONE_PARAGRAPH_WORDS:
        breaks = body.count("\n")
        why = (
            f"its {breaks} single line break{'s' * (breaks != 1)} probably meant paragraphs"
            if breaks
            else "it may have lost its line breaks"
        )
        report.warning(
            (body_line, 1),
            f"the article is one paragraph of {len(body.split())} words: {why}; put a blank line between paragraphs, "
            "so that passages show as the article has them",
        )
    if any(p.severity == "error" for p in report.problems):
        return None, report
    article = Article(
        id=values["id"],
        title=values["title"],
        body=body,
        path=report.path,
        outlet=values["outlet"],
        author=values["author"],
        published=values["published"],
        published_text=values["published_text"],
        url=values["url"],
        language=values["language"] or "en",
        note=values["note"],
        body_line=body_line,
    )
    return article, report
