"""Outside material (pasted text or a saved web page) turned into article files.

An article file is YAML front matter (``id, title, outlet, author, published, url, language,
note``) and then the text verbatim, paragraphs separated by blank lines (see ``articles.py``).
Everything here keeps the text as it was given, because the quotes in a question bank must be
found in it: only line endings, trailing spaces, runs of spaces between words and control
characters are tidied. Metadata is taken from what the teacher typed or what the page itself
declares; a field nobody gives stays ``None`` and the note says so. Nothing is guessed.

Web pages are read with trafilatura (main-text extraction plus the page's own og:/meta/JSON-LD
metadata). It is only given a string that is already decoded, so it never downloads anything;
the guarded download lives in ``fetch.py``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import yaml

MAX_SLUG = 60
MAX_HTML_BYTES = 5 * 1024 * 1024  # the same as the fetcher's default limit; a news page is far smaller
MIN_PAGE_TEXT = 40  # characters: less is a menu or a login wall, not an article
ONE_PARAGRAPH_WARNING = (
    "The text is one paragraph: if it had line breaks, they may have been lost; check the paragraphs before saving."
)
EXTRACTED_WARNING = (
    "The text was extracted from the page automatically: compare it with the page before saving "
    "(a caption or a pull quote can slip in, or a paragraph go missing)."
)

# trafilatura and htmldate log through `logging`; a NullHandler keeps the messages from reaching
# stderr through logging's last-resort handler when the app has not configured logging, and still
# lets them propagate to any handler the app does configure.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


class IngestError(Exception):
    """Material that cannot become an article; ``message`` is written for the teacher."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ArticleDraft:
    """An article ready to be written as a file, with warnings for the teacher to read first."""

    id: str
    title: str
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    language: str = "en"
    note: str | None = None
    body: str = ""  # paragraphs joined by blank lines
    warnings: list[str] = field(default_factory=list)

    @property
    def filename(self) -> str:
        """The file name the article is stored under, ``ID.md``."""
        return f"{self.id}.md"

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs."""
        return self.body.split("\n\n") if self.body else []

    def to_markdown(self) -> str:
        """The article file: front matter with every field (``null`` when unknown), then the body."""
        if not _SLUG_RE.fullmatch(self.id or ""):
            raise IngestError("The article id must be lowercase letters, digits and dashes.")
        if not (self.title or "").strip():
            raise IngestError("The article needs a title.")
        if not self.body.strip():
            raise IngestError("The article has no text.")
        note = self.note
        if note is None:  # a draft built by hand: still say what is unknown rather than leave it silent
            note = unknown_note(self, "the source")
        fields = _FrontMatter(
            id=self.id,
            title=_one_line(self.title),
            outlet=self.outlet,
            author=self.author,
            published=self.published,
            url=self.url,
            language=self.language or "en",
            note=note,
        )
        # safe_dump (through a SafeDumper subclass) so colons, quotes, '#', 'null' or '2024-01-01'
        # in a title stay text; a very wide line keeps each value on one line, as the articles are.
        head = yaml.dump(
            fields,
            Dumper=_FrontMatterDumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=1_000_000,
        )
        return f"---\n{head}---\n\n{self.body.strip()}\n"


class _FrontMatter(dict):
    """The front matter's fields, in the order they are written."""


class _FrontMatterDumper(yaml.SafeDumper):
    """SafeDumper that double-quotes every value, as the repository's articles are written."""


def _represent_quoted(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')


def _represent_front_matter(dumper: yaml.SafeDumper, data: _FrontMatter) -> yaml.MappingNode:
    # keys stay plain (`title:`), values go through the quoting representer
    pairs = [
        (yaml.ScalarNode("tag:yaml.org,2002:str", key), dumper.represent_data(value)) for key, value in data.items()
    ]
    return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)


_FrontMatterDumper.add_representer(str, _represent_quoted)
_FrontMatterDumper.add_representer(_FrontMatter, _represent_front_matter)


# --- ids -------------------------------------------------------------------------------------

_SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
_APOSTROPHES = re.compile("['\u2019\u02bc]")


def slugify(title: str, taken: Collection[str] = ()) -> str:
    """An article id from a title: lowercase ASCII letters, digits and dashes, unique among ``taken``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    # "Milano's" -> "milanos", not "milano-s"
    words = re.sub(r"[^a-z0-9]+", "-", _APOSTROPHES.sub("", ascii_text.lower())).strip("-")
    base = _cut(words, MAX_SLUG) or "article"  # a title in another script has no ASCII letters
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = _cut(base, MAX_SLUG - len(suffix)) + suffix
        if candidate not in taken:
            return candidate
        n += 1


def _cut(slug: str, limit: int) -> str:
    """``slug`` shortened to ``limit`` characters, at a dash when one is near enough."""
    if len(slug) <= limit:
        return slug
    head = slug[:limit]
    dash = head.rfind("-")
    if dash >= limit // 2:  # cut between words unless that throws away most of it
        head = head[:dash]
    return head.strip("-") or "article"


# --- pasted text -----------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INNER_SPACES = re.compile(r"(?<=\S)(?:[ \t]{2,}|\t)(?=\S)")
_BLANK = re.compile(r"\n{2,}")
# the end of a sentence: . ! ? … : ; then any closing quotes or brackets
_SENTENCE_END = re.compile('[.!?\u2026:;]["\'\u201d\u2019\u00bb)\\]]*$|["\u201d\u00bb]$')


def split_paragraphs(text: str) -> list[str]:
    """Pasted text as a list of paragraphs (blank lines, or else line breaks, separate them)."""
    text = text.lstrip("\ufeff")
    # \u2029 is a paragraph separator, \u2028 and \x85 are line breaks; all become \n
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n")
    text = text.replace("\u2028", "\n").replace("\x85", "\n")
    text = _CONTROL.sub("", text)  # never meaningful in an article, and they upset YAML and browsers
    lines = [_INNER_SPACES.sub(" ", line.rstrip()) for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        return []
    if _BLANK.search(text):
        # line breaks inside a paragraph are kept: they may be a poem or a post quoted line by line
        return [chunk.strip() for chunk in _BLANK.split(text) if chunk.strip()]
    return _unwrap([line.strip() for line in lines if line.strip()])


def _unwrap(lines: list[str]) -> list[str]:
    """Lines as paragraphs, rejoining the ones that look hard-wrapped mid-sentence."""
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1], line):
            previous = paragraphs[-1]
            # "well-" + "known": a wrap after a hyphen keeps the word whole
            glue = "" if re.search(r"\w-$", previous) else " "
            paragraphs[-1] = previous + glue + line
        else:
            paragraphs.append(line)
    return paragraphs


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` carries on the sentence ``previous`` broke off."""
    return not _SENTENCE_END.search(previous) and line[:1].islower()


def article_from_text(
    body: str,
    title: str,
    *,
    outlet: str | None = None,
    author: str | None = None,
    published: str | dt.date | None = None,
    url: str | None = None,
    article_id: str | None = None,
    taken: Collection[str] = (),
    language: str = "en",
) -> ArticleDraft:
    """A draft from pasted text and the metadata the teacher typed; only the title is required."""
    title = _one_line(title or "")
    if not title:
        raise IngestError("The article needs a title.")
    paragraphs = split_paragraphs(body or "")
    if not paragraphs:
        raise IngestError("The article has no text: paste the article's text.")
    if article_id is not None:
        article_id = article_id.strip()
        if not _SLUG_RE.fullmatch(article_id):
            raise IngestError("An article id is lowercase letters, digits and dashes, like city-budget-2024.")
        if article_id in taken:
            raise IngestError(f'The article id "{article_id}" is already used by another article.')
    draft = ArticleDraft(
        id=article_id or slugify(title, taken),
        title=title,
        outlet=_optional(outlet),
        author=_optional(author),
        published=_date(published),
        url=_url(url),
        language=_language(language) or "en",
        body="\n\n".join(paragraphs),
    )
    draft.note = unknown_note(draft, "text")
    if len(paragraphs) == 1:
        draft.warnings.append(ONE_PARAGRAPH_WARNING)
    return draft


def unknown_note(draft: ArticleDraft, source: str) -> str | None:
    """A factual note naming the draft's unknown fields, or None when every field is known."""
    names = {"outlet": "outlet", "author": "author", "published": "date", "url": "address (URL)"}
    unknown = [label for key, label in names.items() if not getattr(draft, key)]
    if not unknown:
        return None
    listed = _join(unknown)
    listed = listed[0].upper() + listed[1:]
    if source == "page":
        # "Author unknown: the page does not name one." / "Date unknown: ... give one."
        one = "name one" if unknown[0] in ("outlet", "author") else "give one"
        verb = one if len(unknown) == 1 else "give them"
        return f"{listed} unknown: the page does not {verb}."
    if source == "text":
        return f"{listed} unknown: {'none was' if len(unknown) == 1 else 'none were'} given with the text."
    return f"{listed} unknown: {source} does not give {'one' if len(unknown) == 1 else 'them'}."


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _optional(value: str | None) -> str | None:
    value = _one_line(_CONTROL.sub("", value or ""))
    return value or None


_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")


def _date(value: str | dt.date | None) -> str | None:
    """``value`` as YYYY-MM-DD (a date, or an ISO date-time's date part); IngestError otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = value.strip()
    if not text:
        return None
    match = _ISO_DATE.fullmatch(text)
    try:
        if not match:
            raise ValueError(text)
        return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        raise IngestError(f'"{text}" is not a date: write it like 2024-03-14 (year-month-day).') from None


def _url(value: str | None) -> str | None:
    """``value`` if it is an http(s) address with a host; IngestError otherwise."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        parts = urlsplit(text)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok or any(ch.isspace() for ch in text):
        raise IngestError("The address must be a web address starting with http:// or https://.")
    return text


def _language(value: str | None) -> str | None:
    """The primary subtag of a language tag ("en-GB" -> "en"), or None when it is not one."""
    match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$", value or "")
    return match.group(1).lower() if match else None


# --- web pages -------------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.I,
)
_LOOKS_LIKE_HTML = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|article|main|div|p|title|meta)\b", re.I)
_HTML_SPACE = re.compile("[ \t\n\r\f]+")  # what HTML collapses when it renders text; not NBSP
# how WHATWG's encoding standard reads these labels: a page that says latin-1 is windows-1252,
# and a <meta> that says UTF-16 in an ASCII-compatible byte stream is a mistake for UTF-8
_LABELS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Page bytes as text: BOM, then the HTTP charset, then <meta charset>, then UTF-8."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], codec, declared=codec)
    declared = None
    if content_type:
        match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type, re.I)
        declared = match.group(1) if match else None
    if not declared:
        match = _META_CHARSET.search(data[:4096])  # the HTML spec looks in the first 1024 bytes; be lenient
        if match:
            declared = (match.group(1) or match.group(2)).decode("ascii")
            if declared.lower().startswith("utf-16"):
                declared = "utf-8"
    codec = _codec(declared)
    return _decode(data, codec or "utf-8", declared=declared if codec else None)


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:  # an unknown charset: fall back to UTF-8, the web's default
        return None


def _decode(data: bytes, codec: str, declared: str | None) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        pass
    if codec != "utf-8":
        try:  # pages often say one charset and are saved in another, usually UTF-8
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    said = f"says it is {declared} but is not" if declared and declared != "utf-8" else "is not UTF-8"
    raise IngestError(f"The page cannot be read as text: it {said}, and names no other character set.")


def article_from_html(
    html: bytes | str,
    *,
    url: str | None = None,
    taken: Collection[str] = (),
    content_type: str | None = None,
) -> ArticleDraft:
    """A draft from a web page: its main text and the metadata the page itself declares."""
    size = len(html) if isinstance(html, bytes) else len(html.encode("utf-8", "surrogatepass"))
    if size > MAX_HTML_BYTES:
        raise IngestError(f"The page is larger than {MAX_HTML_BYTES // (1024 * 1024)} MB; save only the article.")
    text = decode_html(html, content_type) if isinstance(html, bytes) else html
    if "\x00" in text or not _LOOKS_LIKE_HTML.search(text):
        raise IngestError("This is not a web page (no HTML found): paste the article's text instead.")
    url = _url(url)
    try:
        document = _extract(text, url)
    except Exception as exc:  # a page that breaks the extractor is the page's problem, not a crash
        raise IngestError("The page could not be read: paste the article's text instead.") from exc
    if document is None or document.body is None:
        raise IngestError("No article text was found on the page: paste the article's text instead.")

    title = _one_line(document.title or "")
    if not title:
        raise IngestError("The page gives no title: paste the article's text and type its title.")
    paragraphs = list(_paragraphs(document.body))
    if paragraphs and _one_line(paragraphs[0]) == title:  # the headline, already the title
        paragraphs.pop(0)
    # a page with no article (a menu, a login wall) still yields a word or two, like "Home"
    if sum(len(p) for p in paragraphs) < MIN_PAGE_TEXT:
        raise IngestError("No article text was found on the page: paste the article's text instead.")

    page_url = document.url if _is_web_address(document.url) else url
    draft = ArticleDraft(
        id=slugify(title, taken),
        title=title,
        outlet=_outlet(document.sitename, page_url),
        author=_optional(document.author),
        published=_page_date(document.date),
        url=page_url,
        language=_language(_html_lang(text)) or "en",
        body="\n\n".join(paragraphs),
    )
    draft.note = unknown_note(draft, "page")
    draft.warnings.append(EXTRACTED_WARNING)
    if len(paragraphs) == 1:
        draft.warnings.append(ONE_PARAGRAPH_WARNING)
    return draft


def _extract(text: str, url: str | None):
    """Run trafilatura on an already-decoded page; it reads the string and fetches nothing."""
    import trafilatura  # imported here: it takes a moment and only this path needs it

    return trafilatura.bare_extraction(
        text,
        url=url,
        with_metadata=True,
        include_comments=False,  # readers' comments are not the article
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,  # its cache is process-wide: a second import of the same page would come back empty
        # no extensive search: a date must come from the page's metadata, time elements or
        # address, not from a year found somewhere in the text (that would be a guess)
        date_extraction_params={"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"},
    )


_BLOCK_TAGS = {"p", "head", "quote", "list", "item", "table", "row", "cell", "code", "div", "body"}


def _paragraphs(root) -> Iterable[str]:
    """Paragraph texts of trafilatura's output tree, one per block element, in order."""
    out: list[str] = []

    def flush(parts: list[str]) -> None:
        paragraph = _tidy("".join(parts))
        if paragraph:
            out.append(paragraph)

    def walk(element) -> None:
        parts = [element.text or ""]
        for child in element:
            if child.tag == "row":  # a table row: its cells on one line, as a reader sees them
                flush(parts)
                cells = [_tidy(_inline(cell)).replace("\n", " ") for cell in child]
                flush([" | ".join(cell for cell in cells if cell)])
                parts = [child.tail or ""]
            elif child.tag in _BLOCK_TAGS:
                flush(parts)
                walk(child)
                parts = [child.tail or ""]
            else:
                parts.append(_inline(child))
                parts.append(child.tail or "")
        flush(parts)

    walk(root)
    return out


def _inline(element) -> str:
    """The text inside an inline element; <lb/> (a <br>) becomes a line break."""
    if element.tag == "lb":
        return "\n"
    parts = [element.text or ""]
    for child in element:
        parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _tidy(text: str) -> str:
    """Collapse HTML white space within each line (as a browser shows it) and drop empty lines."""
    lines = (_HTML_SPACE.sub(" ", _CONTROL.sub("", line)).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _is_web_address(value: str | None) -> bool:
    try:
        return _url(value) is not None
    except IngestError:
        return False


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """The site's name as the page gives it; trafilatura's fallback to the bare domain is a guess."""
    name = _optional(sitename)
    if name and url:
        host = (urlsplit(url).hostname or "").lower()
        bare = re.sub(r"^(?:www|w[0-9]+)\.", "", host)
        if name.lower() in (host, bare):
            return None
    return name


def _page_date(value: str | None) -> str | None:
    try:
        return _date(value)
    except IngestError:  # an odd date format from the page: unknown rather than wrong
        return None


def _html_lang(text: str) -> str | None:
    match = re.search(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z0-9_-]+)", text[:4096], re.I)
    return match.group(1) if match else None
